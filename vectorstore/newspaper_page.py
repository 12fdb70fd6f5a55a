"""Parser for a scanned newspaper page: a banner, then articles of the form

    TITLE
    本报讯 (记者 NAME [通讯员 NAME]) first paragraph …
    more paragraphs …

Page breaks cut paragraphs mid-sentence (the fragment ends without terminal punctuation and
goes on in the next paragraph); sometimes the character before the break is printed again after
it (``现代化`` / ``化强区``). The parser joins such fragments and drops the doubled character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TERMINAL = "。！？!?；;…”’」』）)"
BYLINE = re.compile(r"^本报讯\s*[（(]\s*(?P<inner>[^）)]*)[）)]")
_ROLE = re.compile(r"(记者|通讯员)\s*")
MAX_TITLE_CHARS = 60


@dataclass(frozen=True)
class PageArticle:
    title: str
    author: str
    correspondent: str
    text: str


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _looks_like_title(paragraph: str) -> bool:
    return len(paragraph) <= MAX_TITLE_CHARS and not paragraph.endswith(tuple(TERMINAL + "，,"))


def is_newspaper_page(text: str) -> bool:
    paras = paragraphs(text)
    return any(BYLINE.match(p) and i > 0 and _looks_like_title(paras[i - 1]) for i, p in enumerate(paras))


def _is_doubled_at_break(left: str, right: str) -> bool:
    """True when the break repeated a character: ``现代化|化强区``, but not ``谢|谢``."""
    if not left or not right or left[-1] != right[0]:
        return False
    import jieba  # imported here: loading its dictionary costs ~1 s

    pair = left[-1] * 2
    return not jieba.dt.FREQ.get(pair)


def join_page_breaks(paras: list[str]) -> list[str]:
    """Glue fragments that a page break split, removing a doubled character at the seam."""
    joined: list[str] = []
    for para in paras:
        if joined and not joined[-1].endswith(tuple(TERMINAL)):
            left = joined[-1]
            right = para[1:] if _is_doubled_at_break(left, para) else para
            joined[-1] = left + right
        else:
            joined.append(para)
    return joined


def _byline_names(inner: str) -> tuple[str, str]:
    """``记者 陈曦 通讯员 仇立丹`` → (``陈曦``, ``仇立丹``)."""
    names: dict[str, list[str]] = {"记者": [], "通讯员": []}
    parts = _ROLE.split(inner)
    role = "记者"
    for part in parts:
        if part in names:
            role = part
        elif part.strip():
            names[role].extend(part.split())
    return "、".join(names["记者"]), "、".join(names["通讯员"])


def parse_page(text: str) -> list[PageArticle]:
    paras = paragraphs(text)
    starts = [i for i, p in enumerate(paras) if BYLINE.match(p) and i > 0 and _looks_like_title(paras[i - 1])]
    articles = []
    for n, start in enumerate(starts):
        end = starts[n + 1] - 1 if n + 1 < len(starts) else len(paras)
        body = join_page_breaks(paras[start:end])
        match = BYLINE.match(body[0])
        assert match is not None  # starts are byline paragraphs
        author, correspondent = _byline_names(match.group("inner"))
        articles.append(PageArticle(paras[start - 1], author, correspondent, "\n".join(body)))
    return articles
