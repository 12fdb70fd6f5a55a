"""Chinese-aware splitting: sentences at 。！？；… (with their closing quotes), chunks of whole sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

from vectorstore.articles import Article

# a sentence runs up to terminal punctuation plus any closing quotes/brackets, or to a line end
_SENTENCE = re.compile(r"[^\n]*?(?:[。！？!?；;]+|…+|\.(?=\s|$))[”’」』\"'）)]*|[^\n]+")
# a comma or colon followed by a blank belongs to Latin text ("low-loss, highly polarized"), not
# to the Chinese sentence around it
_CLAUSE = re.compile(r"(?:[^，,、：:]|[,:](?=\s))*(?:[，、：]|[,:](?!\s))|(?:[^，,、：:]|[,:](?=\s))+")
_WORD_CHAR = re.compile(r"[0-9A-Za-z.,%]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    article_id: str
    position: int
    start: int  # character offsets into the article text
    end: int
    text: str

    @property
    def id(self) -> str:
        return f"{self.article_id}:{self.position}"


def sentence_spans(text: str) -> list[Span]:
    """Offsets of the sentences of ``text``, leading/trailing blanks excluded."""
    spans = []
    for match in _SENTENCE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + raw.index(stripped)
        spans.append(Span(start, start + len(stripped)))
    return spans


def _hard_cut(text: str, start: int, limit: int) -> int:
    """Where to cut a clause longer than ``limit``: after the last blank of its second half, else
    not inside a number or a Latin word (``597.7`` must not become ``597.``)."""
    end = start + limit
    blank = text.rfind(" ", start + limit // 2, end)
    if blank > start:
        return blank + 1
    cut = end
    while cut > start + limit // 2 and _WORD_CHAR.match(text[cut - 1]) and _WORD_CHAR.match(text[cut]):
        cut -= 1
    return cut if cut > start + limit // 2 else end


def cut_long(text: str, span: Span, limit: int) -> list[Span]:
    """A sentence over the limit: cut at clause marks (，、：), then hard at the limit."""
    pieces: list[Span] = []
    for match in _CLAUSE.finditer(text, span.start, span.end):
        start, end = match.start(), match.end()
        while end - start > limit:
            cut = _hard_cut(text, start, limit)
            pieces.append(Span(start, cut))
            start = cut
        if pieces and end - pieces[-1].start <= limit:
            pieces[-1] = Span(pieces[-1].start, end)
        else:
            pieces.append(Span(start, end))
    return pieces


def split_text(text: str, chunk_size: int, overlap: int) -> list[Span]:
    """Pack whole sentences into chunks of at most ``chunk_size`` characters; each chunk after the
    first starts with the last sentences (up to ``overlap`` characters) of the one before."""
    units: list[Span] = []
    for span in sentence_spans(text):
        units.extend(cut_long(text, span, chunk_size) if span.end - span.start > chunk_size else [span])
    chunks: list[Span] = []
    current: list[Span] = []
    for unit in units:
        if current and unit.end - current[0].start > chunk_size:
            chunks.append(Span(current[0].start, current[-1].end))
            carried: list[Span] = []
            for previous in reversed(current):
                if unit.end - previous.start > chunk_size or current[-1].end - previous.start > overlap:
                    break
                carried.insert(0, previous)
            current = carried
        current.append(unit)
    if current:
        chunks.append(Span(current[0].start, current[-1].end))
    return chunks


def split_article(article: Article, chunk_size: int, overlap: int) -> list[Chunk]:
    return [
        Chunk(article.id, position, span.start, span.end, article.text[span.start : span.end])
        for position, span in enumerate(split_text(article.text, chunk_size, overlap))
    ]
