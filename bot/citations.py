"""Citations are built from stored article text and checked to be verbatim before they leave newsbot."""

from __future__ import annotations

from langchain_core.documents import Document

from bot.answer_types import Citation


class CitationError(RuntimeError):
    """A quote that is not verbatim text of its article: a bug, never shown as an answer."""


def locate_quote(article_text: str, quote: str, hint: int = -1) -> int:
    """Offset of ``quote`` in ``article_text`` (preferring ``hint``); raises when it is not there."""
    if not quote:
        raise CitationError("empty quote")
    if hint >= 0 and article_text.startswith(quote, hint):
        return hint
    offset = article_text.find(quote)
    if offset < 0:
        raise CitationError(f"quote is not verbatim article text: {quote[:40]!r}")
    return offset


def make_citation(n: int, document: Document, article_text: str, quote: str, hint: int = -1) -> Citation:
    meta = document.metadata
    return Citation(
        n=n,
        article_id=meta["article_id"],
        title=meta["title"],
        author=meta["author"],
        date=meta["date"],
        source=meta["source"],
        quote=quote,
        score=round(float(meta["score"]), 4),
        quote_start=locate_quote(article_text, quote, hint),
    )
