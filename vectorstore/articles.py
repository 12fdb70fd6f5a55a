"""The unit of the archive: one news article with its provenance."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

# an article's date: ``2023-08-04``, or ``08-04`` when its source gives the day but not the year
_DATE = re.compile(r"(?:(\d{4})-)?(\d{1,2})-(\d{1,2})")


def stable_hash(*parts: str, length: int = 16) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def date_parts(date: str) -> tuple[int | None, int | None, int | None]:
    """Year, month and day of an article's ``date``; None for what it does not give."""
    match = _DATE.match(date)
    if not match:
        return None, None, None
    year, month, day = match.groups()
    return (int(year) if year else None), int(month), int(day)


@dataclass(frozen=True)
class Article:
    """A cleaned article. ``text`` is the exact string that citations quote from."""

    title: str
    text: str
    source: str  # the file it came from (relative to the working directory when inside it)
    author: str = ""
    date: str = ""  # 2023-08-04, or 08-04 when the source gives no year
    doc_id: str = ""  # an id given by the input (JSON Lines ``doc_id``); else derived
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def id(self) -> str:
        """Stable across runs: the given doc id, else a hash of source, title and text."""
        return self.doc_id or stable_hash(self.source, self.title, self.text)

    @property
    def content_hash(self) -> str:
        return stable_hash(self.title, self.author, self.date, self.text)
