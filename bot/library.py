"""The library behind the chat page: list the stored articles, delete them, keep uploaded files.

Small functions over the public API. Every deletion takes the index write lock, so it waits for a
running ingest (in this process or another) instead of interleaving with it.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bot.api import open_archive
from bot.errors import InputError
from bot.settings import Settings
from vectorstore.ingest import IngestReport, rebuild_if_worn, remove_articles
from vectorstore.loaders import LOADERS, SKIPPED_NAMES

UPLOADS_FOLDER = "uploads"  # under the data directory, so `newsbot ingest` keeps them indexed
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_NAME_CHARS = 100
_UNSAFE = re.compile(r"[^\w.\-]+")  # \w keeps Chinese letters


@dataclass(frozen=True)
class ArticleRow:
    id: str
    title: str
    author: str
    date: str
    source: str
    file: str
    chunks: int


@dataclass(frozen=True)
class Deleted:
    articles: int
    chunks: int
    removed_from_disk: bool = False
    rebuilt: bool = False  # Chroma's collection was built anew (deleted vectors had piled up)

    def summary(self) -> str:
        line = f"deleted {self.articles} article(s), {self.chunks} chunk(s)"
        line += ", and the stored file" if self.removed_from_disk else ""
        return line + ("; vector index rebuilt" if self.rebuilt else "")


def supported_suffixes() -> list[str]:
    return sorted(LOADERS)


def uploads_dir(settings: Settings) -> Path:
    return settings.data_dir / UPLOADS_FOLDER


def list_articles(settings: Settings) -> list[ArticleRow]:
    return [
        ArticleRow(a.id, a.title, a.author, a.date, a.source, a.file, chunks)
        for a, chunks in open_archive(settings).catalog.list_articles()
    ]


def list_files(settings: Settings) -> list[tuple[str, int]]:
    """(file, number of articles) of every file the index holds articles from."""
    counts: dict[str, int] = {}
    for row in list_articles(settings):
        counts[row.file] = counts.get(row.file, 0) + 1
    return sorted(counts.items())


def delete_article(settings: Settings, article_id: str, progress: bool = False) -> Deleted:
    """``progress``: a bar on stderr while Chroma is built anew (minutes on a large archive)."""
    archive = open_archive(settings)
    report = IngestReport()
    with archive.write_lock():
        if not archive.catalog.get_articles([article_id]):
            raise InputError(f"no article with id {article_id!r} (already deleted?)")
        remove_articles(archive, [article_id], report)
        rebuild_if_worn(archive, report, progress)
    return Deleted(articles=1, chunks=report.chunks_removed, rebuilt=report.rebuilt)


def delete_file(settings: Settings, file: str, progress: bool = False) -> Deleted:
    """Remove a file's articles from the index; an uploaded file is deleted from disk too.
    Other files stay where they are (a later `newsbot ingest` of their folder brings them back).
    ``progress``: as for :func:`delete_article`."""
    archive = open_archive(settings)
    report = IngestReport()
    with archive.write_lock():
        article_ids = archive.catalog.articles_of_file(file)
        if not article_ids and file not in archive.catalog.files():
            raise InputError(f"the index holds nothing from {file}")
        remove_articles(archive, article_ids, report)
        with archive.catalog.transaction():
            archive.catalog.delete_file_record(file)
        path = Path(file)
        uploaded = path.parent.resolve() == uploads_dir(settings).resolve()
        if uploaded:
            path.unlink(missing_ok=True)
        rebuild_if_worn(archive, report, progress)
    return Deleted(
        len(article_ids), report.chunks_removed, removed_from_disk=uploaded, rebuilt=report.rebuilt
    )


def safe_name(name: str) -> str:
    """A file name that is safe to store: no folders, no hidden or README names, a supported type."""
    base = unicodedata.normalize("NFKC", Path(name.replace("\\", "/")).name)
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    if suffix not in LOADERS:
        allowed = ", ".join(supported_suffixes())
        raise InputError(f"{base or name!r}: unsupported file type (allowed: {allowed})")
    stem = _UNSAFE.sub("_", stem).strip("._-")[: MAX_NAME_CHARS - len(suffix)] or "upload"
    if SKIPPED_NAMES.match(stem + suffix):
        stem = f"upload-{stem}"
    return stem + suffix


def save_upload(settings: Settings, source: Path, original_name: str) -> Path:
    """Copy an uploaded file into the uploads folder under a sanitised name (replacing a file of
    the same name, so uploading a corrected version updates its articles)."""
    name = safe_name(original_name)
    size = source.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise InputError(f"{original_name}: {size / 1024 / 1024:.1f} MB is over the {limit} MB limit")
    if size == 0:
        raise InputError(f"{original_name}: the file is empty")
    folder = uploads_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    partial = folder / f".{name}.part"  # hidden: a folder ingest never reads a half-copied file
    shutil.copyfile(source, partial)
    partial.replace(target)
    return target


def article_text(settings: Settings, article_id: str) -> str:
    """The stored text of an article; empty when it is gone."""
    stored = open_archive(settings).catalog.get_articles([article_id]).get(article_id)
    return stored.text if stored else ""


def quote_in_paragraph(text: str, start: int, quote: str) -> tuple[str, str, str]:
    """(text before, the quote, text after) within the paragraph of the article ``text`` that holds
    it; just the quote when the article is gone or the offset does not match."""
    if start < 0 or text[start : start + len(quote)] != quote:
        start = text.find(quote) if quote else -1
    if start < 0:
        return "", quote, ""
    end = start + len(quote)
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    return text[para_start:start], quote, text[end:para_end]
