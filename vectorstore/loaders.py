"""Files → articles. One loader per format; ``load_file`` picks by extension."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from vectorstore.articles import Article
from vectorstore.newspaper_page import is_newspaper_page, paragraphs, parse_page

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | JSONL_SUFFIXES
# documentation that sits beside the articles (data/README.md) is not an article
SKIPPED_NAMES = re.compile(r"^readme(\.|$)", re.IGNORECASE)
MAX_TITLE_CHARS = 80
# Bump when reading or splitting changes what a file becomes: files read by an older version are
# read again at the next ingest (only articles whose text changed are embedded again).
READER_VERSION = 3
# CRUD-style news dumps start the text with a header: "2023-08-15 16:12，正文：", "来源：央视网 |
# 2023年07月25日 09:25:58，正文：", "23-07-27 19:05，正文：", "7-19 21:28，正文：" or just "，正文："
_BODY_MARK = re.compile(r"^(?P<head>[^\n]{0,150}?)[，,]\s*正文[：:]\s*")
_HEAD_DATE = re.compile(r"(?P<y>\d{4})[-/年](?P<m>\d{1,2})[-/月](?P<d>\d{1,2})")
# a header of a two-digit year (23-07-27 19:05), or of none (7-19 21:28: the date is 07-19)
_HEAD_SHORT_DATE = re.compile(r"^\s*(?:(?P<y>\d{2})-)?(?P<m>\d{1,2})-(?P<d>\d{1,2})\s+\d{1,2}:\d{2}")


class LoadError(ValueError):
    """A file that cannot be read as articles; the message is one line for the user."""


def display_path(path: Path) -> str:
    """The path as users see it in citations: relative to the working directory when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return resolved.as_posix()


def decode_bytes(raw: bytes, name: str) -> str:
    """UTF-8 first, then GB18030 (a superset of GBK/GB2312), then charset detection."""
    if b"\x00" in raw[:4096]:
        raise LoadError(f"{name}: not a text file (binary content)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise LoadError(f"{name}: cannot detect the text encoding")
    return str(best)


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"{display_path(path)}: cannot read ({exc.strerror or exc})") from exc
    return decode_bytes(raw, display_path(path))


def _title_and_body(text: str, fallback_title: str, heading_marks: str = "") -> tuple[str, str]:
    paras = paragraphs(text)
    if not paras:
        return fallback_title, ""
    first = paras[0].lstrip(heading_marks).strip() if heading_marks else paras[0]
    if len(paras) > 1 and 0 < len(first) <= MAX_TITLE_CHARS:
        return first, "\n".join(paras[1:])
    return fallback_title, "\n".join(paras)


def load_plain_text(path: Path, heading_marks: str = "") -> list[Article]:
    text = read_text(path)
    source = display_path(path)
    if is_newspaper_page(text):
        return [
            Article(
                title=a.title,
                text=a.text,
                source=source,
                author=a.author,
                extra={"correspondent": a.correspondent} if a.correspondent else {},
            )
            for a in parse_page(text)
        ]
    title, body = _title_and_body(text, path.stem, heading_marks)
    if not body.strip():
        raise LoadError(f"{source}: the file holds no text")
    return [Article(title=title, text=body, source=source)]


def load_markdown(path: Path) -> list[Article]:
    return load_plain_text(path, heading_marks="#")


def _header_date(head: str) -> str:
    """``2023-07-25`` from a news dump's header; ``07-19`` when it gives no year; else empty."""
    day = _HEAD_DATE.search(head)
    if day:
        return f"{day['y']}-{int(day['m']):02d}-{int(day['d']):02d}"
    short = _HEAD_SHORT_DATE.match(head)
    if not short or not (1 <= int(short["m"]) <= 12 and 1 <= int(short["d"]) <= 31):
        return ""
    month_day = f"{int(short['m']):02d}-{int(short['d']):02d}"
    return f"20{short['y']}-{month_day}" if short["y"] else month_day


def _article_from_record(record: object, source: str, line_no: int) -> Article:
    if not isinstance(record, dict):
        raise LoadError(f"{source}:{line_no}: expected a JSON object with 'text'")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise LoadError(f"{source}:{line_no}: missing or empty 'text'")
    date = str(record.get("date") or "")
    header = _BODY_MARK.match(text)
    if header:
        if not date:
            date = _header_date(header.group("head"))
        text = text[header.end() :]
    title = str(record.get("title") or "").strip()
    if not title:
        first = re.split(r"[。！？!?\n]", text.strip(), maxsplit=1)[0]
        title = first if len(first) <= 40 else first[:40] + "…"
    doc_id = str(record.get("doc_id") or record.get("id") or "")
    return Article(
        title=title,
        text=text.strip(),
        source=f"{source}#{doc_id}" if doc_id else f"{source}:{line_no}",
        author=str(record.get("author") or ""),
        date=date,
        doc_id=doc_id,
        extra={"origin": str(record["source"])} if record.get("source") else {},
    )


def jsonl_records(path: Path) -> Iterator[tuple[int, object]]:
    """(line number, parsed value) of every non-blank line; a line that is not JSON is a LoadError."""
    source = display_path(path)
    for line_no, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield line_no, json.loads(line)
        except json.JSONDecodeError as exc:
            raise LoadError(f"{source}:{line_no}: not valid JSON ({exc.msg})") from exc


def load_jsonl(path: Path) -> list[Article]:
    source = display_path(path)
    articles = [_article_from_record(record, source, line_no) for line_no, record in jsonl_records(path)]
    if not articles:
        raise LoadError(f"{source}: the file holds no articles")
    return articles


LOADERS: dict[str, Callable[[Path], list[Article]]] = {
    **{suffix: load_plain_text for suffix in TEXT_SUFFIXES},
    **{suffix: load_markdown for suffix in MARKDOWN_SUFFIXES},
    **{suffix: load_jsonl for suffix in JSONL_SUFFIXES},
}


def load_file(path: Path) -> list[Article]:
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        supported = ", ".join(sorted(LOADERS))
        raise LoadError(f"{display_path(path)}: unsupported file type (supported: {supported})")
    return loader(path)


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """The files named, and the supported files under the directories named (sorted)."""
    for path in paths:
        if not path.exists():
            raise LoadError(f"{path}: no such file or directory")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in LOADERS
                    and not SKIPPED_NAMES.match(child.name)
                    and not any(part.startswith(".") for part in child.relative_to(path).parts)
                ):
                    yield child
        else:
            yield path
