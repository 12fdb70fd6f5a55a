"""Files → articles → chunks → vectors and keyword tokens, idempotently.

A file whose bytes are unchanged is skipped; a changed file replaces exactly the articles that
changed; ``prune`` drops the articles of files that are gone. Chroma and the catalog are written
article by article (Chroma first, then the catalog in a transaction), so an interrupted run
resumes where it stopped, and ``reconcile`` repairs what a crash between the two left behind.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from vectorstore.archive import Archive
from vectorstore.articles import Article
from vectorstore.loaders import READER_VERSION, LoadError, display_path, iter_files, load_file
from vectorstore.splitter import Chunk, split_article
from vectorstore.tokens import keyword_tokens

EMBED_BATCH = 256  # chunks embedded and written together
DELETE_BATCH = 5000  # chunk ids deleted from Chroma in one call


@dataclass
class IngestReport:
    files: int = 0
    articles: int = 0
    chunks_added: int = 0
    chunks_unchanged: int = 0
    chunks_removed: int = 0
    errors: list[str] = field(default_factory=list)
    rebuilt: bool = False  # Chroma's collection was built anew (deleted vectors had piled up)
    rechunked: int = 0  # articles cut anew: the chunk size or overlap changed

    def summary(self) -> str:
        line = (
            f"{self.files} files, {self.articles} articles: {self.chunks_added} chunks added, "
            f"{self.chunks_unchanged} unchanged, {self.chunks_removed} removed"
        )
        line += f", {self.rechunked} articles re-chunked" if self.rechunked else ""
        line += ", vector index rebuilt" if self.rebuilt else ""
        return line + (f", {len(self.errors)} errors" if self.errors else "")


@dataclass
class _Pending:
    article: Article
    file: str
    chunks: list[Chunk]


def _embedding_text(article: Article, chunk: Chunk) -> str:
    return f"{article.title}\n{chunk.text}"


def _metadata(article: Article, chunk: Chunk) -> dict[str, str | int]:
    return {
        "article_id": article.id, "title": article.title, "author": article.author,
        "date": article.date, "source": article.source, "position": chunk.position,
        "start": chunk.start, "end": chunk.end,
    }  # fmt: skip


class _Writer:
    """Embeds pending articles in batches and writes each article to Chroma, then the catalog."""

    def __init__(self, archive: Archive, report: IngestReport, progress: tqdm | None) -> None:
        self.archive, self.report, self.progress = archive, report, progress
        self.pending: list[_Pending] = []
        self.finished_files: list[tuple[str, str, int]] = []  # recorded once all their articles are in

    def finish_file(self, key: str, sha: str, size: int) -> None:
        self.finished_files.append((key, sha, size))

    def add(self, item: _Pending) -> None:
        self.pending.append(item)
        if sum(len(p.chunks) for p in self.pending) >= EMBED_BATCH:
            self.flush()

    def flush(self) -> None:
        items, self.pending = self.pending, []
        files, self.finished_files = self.finished_files, []
        pairs = [(p, c) for p in items for c in p.chunks]
        if pairs:
            texts = [_embedding_text(p.article, c) for p, c in pairs]
            self.archive.collection.upsert(
                ids=[c.id for _, c in pairs],
                embeddings=self.archive.embeddings.embed_documents(texts),  # type: ignore[arg-type]
                documents=[c.text for _, c in pairs],
                metadatas=[_metadata(p.article, c) for p, c in pairs],
            )
        with self.archive.catalog.transaction():
            for p in items:
                tokens = [keyword_tokens(_embedding_text(p.article, c)) for c in p.chunks]
                self.archive.catalog.add_article(p.article, p.file, p.chunks, tokens)
            for key, sha, size in files:
                self.archive.catalog.set_file(key, sha, size)
        self.report.chunks_added += len(pairs)
        if self.progress is not None:
            self.progress.update(len(pairs))


def remove_articles(archive: Archive, article_ids: list[str], report: IngestReport) -> None:
    """Delete articles from Chroma, then from the catalog. The caller holds ``archive.write_lock()``."""
    if not article_ids:
        return
    chunk_ids = archive.catalog.chunk_ids_of(article_ids)
    _delete_vectors(archive, chunk_ids)
    with archive.catalog.transaction():
        archive.catalog.delete_articles(article_ids)
        archive.catalog.add_deleted_vectors(len(chunk_ids))
    report.chunks_removed += len(chunk_ids)


def _delete_vectors(archive: Archive, chunk_ids: list[str]) -> None:
    for start in range(0, len(chunk_ids), DELETE_BATCH):
        archive.collection.delete(ids=chunk_ids[start : start + DELETE_BATCH])


def reconcile(archive: Archive) -> None:
    """Make Chroma and the catalog hold the same chunks after an interrupted write."""
    catalog_ids = archive.catalog.all_chunk_ids()
    if archive.collection.count() == len(catalog_ids):
        return
    chroma_ids = set(archive.collection.get(include=[])["ids"])
    stray = sorted(chroma_ids - catalog_ids)
    _delete_vectors(archive, stray)
    if stray:
        with archive.catalog.transaction():
            archive.catalog.add_deleted_vectors(len(stray))
    missing = catalog_ids - chroma_ids
    if missing:
        broken = {cid.rsplit(":", 1)[0] for cid in missing}
        files = {archive.catalog.owner_of(a) for a in broken}
        remove_articles(archive, sorted(broken), IngestReport())
        with archive.catalog.transaction():
            for file in files - {None}:
                archive.catalog.delete_file_record(file)  # type: ignore[arg-type]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ingest_paths(
    archive: Archive, paths: list[Path], prune: bool = False, progress: bool | None = None
) -> IngestReport:
    """Bring the index in line with ``paths``. Unknown paths raise ``LoadError`` before any write;
    a file that cannot be read is reported in ``errors`` and keeps its previous articles.

    Two passes: read and split every changed file (cheap), then embed and write (slow) with a
    progress bar that knows the total."""
    files = list(iter_files(paths))
    report = IngestReport(files=len(files))
    show = sys.stderr.isatty() if progress is None else progress
    with archive.write_lock():
        reconcile(archive)
        rechunk_if_changed(archive, report, show)
        reading = tqdm(files, unit="file", desc="read", disable=not show or len(files) < 2, file=sys.stderr)
        plans = [plan for path in reading if (plan := _plan_file(archive, path, report)) is not None]
        total = sum(len(item.chunks) for plan in plans for item in plan.add)
        bar = tqdm(total=total, unit="chunk", desc="embed", disable=not show or total == 0, file=sys.stderr)
        writer = _Writer(archive, report, bar)
        for plan in plans:
            remove_articles(archive, plan.remove, report)
            for item in plan.add:
                writer.add(item)
            writer.finish_file(plan.key, plan.sha, plan.size)
        writer.flush()
        bar.close()
        if prune:
            gone = [f for f in archive.catalog.files() if not Path(f).exists()]
            for file in gone:
                remove_articles(archive, archive.catalog.articles_of_file(file), report)
                with archive.catalog.transaction():
                    archive.catalog.delete_file_record(file)
        rebuild_if_worn(archive, report, show)
    return report


def rechunk_if_changed(archive: Archive, report: IngestReport, show: bool = False) -> None:
    """Every stored article cut and embedded anew when the chunk size or overlap differs from the
    ones the index was built with (recorded in the catalog; an index from before the record is
    taken to be cut as now). New chunks overwrite the old ones' ids, the rest are deleted after,
    and the record changes last: an interrupted run starts over and loses nothing. The caller holds
    ``archive.write_lock()``."""
    catalog = archive.catalog
    chunking = f"{archive.chunk_size}/{archive.chunk_overlap}"
    recorded = catalog.chunking()
    if recorded is not None and recorded != chunking:
        total = catalog.counts()["articles"]
        print(f"chunk size/overlap changed from {recorded} to {chunking}: every article is cut anew",
              file=sys.stderr)  # fmt: skip
        writer = _Writer(archive, IngestReport(), None)
        replaced, stale = 0, []  # old chunks: all overwritten or deleted; those past the new count
        with tqdm(total=total, unit="article", desc="re-chunk", disable=not show, file=sys.stderr) as bar:
            for file in catalog.files():
                for s in catalog.get_articles(catalog.articles_of_file(file)).values():
                    article = Article(s.title, s.text, s.source, s.author, s.date, s.id, s.extra)
                    chunks = split_article(article, archive.chunk_size, archive.chunk_overlap)
                    old = len(catalog.chunk_ids_of([s.id]))
                    replaced += old
                    stale += [f"{s.id}:{position}" for position in range(len(chunks), old)]
                    writer.add(_Pending(article, file, chunks))
                    report.rechunked += 1
                    bar.update()
            writer.flush()
        _delete_vectors(archive, stale)
        with catalog.transaction():  # overwritten vectors wear Chroma's graph as deleted ones do
            catalog.add_deleted_vectors(replaced)
    if recorded != chunking:
        catalog.record_chunking(chunking)


def rebuild_if_worn(archive: Archive, report: IngestReport, show: bool = False) -> None:
    """Chroma's collection built anew once the vectors deleted from it pass ``REBUILD_SHARE`` of it.
    The caller holds ``archive.write_lock()``."""
    if archive.needs_rebuild():
        total = archive.vector_count()
        with tqdm(total=total, unit="chunk", desc="rebuild", disable=not show, file=sys.stderr) as bar:
            archive.rebuild(bar.update)
        report.rebuilt = True


@dataclass
class _FilePlan:
    key: str  # the file's resolved path
    sha: str
    size: int
    remove: list[str]  # article ids to delete (gone or changed)
    add: list[_Pending]


def _plan_file(archive: Archive, path: Path, report: IngestReport) -> _FilePlan | None:
    """What ingesting ``path`` changes; None when nothing (unchanged bytes, or unreadable)."""
    catalog = archive.catalog
    key = str(path.resolve())
    try:
        sha = f"{file_sha256(path)}:r{READER_VERSION}"  # the bytes, and how they were read
        if catalog.file_sha(key) == sha:
            known = catalog.articles_of_file(key)
            report.articles += len(known)
            report.chunks_unchanged += len(catalog.chunk_ids_of(known))
            return None
        articles = load_file(path)
    except (LoadError, OSError) as exc:
        message = str(exc) if isinstance(exc, LoadError) else f"{display_path(path)}: {exc}"
        report.errors.append(message)
        return None
    old = catalog.article_hashes(key)
    new: dict[str, Article] = {}
    for article in articles:
        new.setdefault(article.id, article)
    report.articles += len(new)
    plan = _FilePlan(
        key,
        sha,
        path.stat().st_size,
        [a for a, h in old.items() if a not in new or new[a].content_hash != h],
        [],
    )
    for article_id, article in new.items():
        if old.get(article_id) == article.content_hash:
            report.chunks_unchanged += len(catalog.chunk_ids_of([article_id]))
            continue
        owner = catalog.owner_of(article_id)
        if owner is not None and owner != key:
            continue  # the same article (same doc id) already came from another file
        plan.add.append(
            _Pending(article, key, split_article(article, archive.chunk_size, archive.chunk_overlap))
        )
    return plan
