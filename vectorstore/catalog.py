"""The catalog: a SQLite file beside Chroma with every file, article and chunk the index holds.

It keeps the article texts (citations are checked against them), the chunk offsets and keyword
tokens (the BM25 index is built from them), and a generation number that changes with every write,
so the derived keyword index can tell when it is stale.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from vectorstore.articles import Article
from vectorstore.splitter import Chunk

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, file TEXT NOT NULL, title TEXT NOT NULL, author TEXT NOT NULL,
    date TEXT NOT NULL, source TEXT NOT NULL, text TEXT NOT NULL, content_hash TEXT NOT NULL,
    extra TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_file ON articles(file);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, article_id TEXT NOT NULL, position INTEGER NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL, tokens TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class StoredArticle:
    id: str
    file: str
    title: str
    author: str
    date: str
    source: str
    text: str
    content_hash: str
    extra: dict[str, str]


@dataclass(frozen=True)
class StoredChunk:
    id: str
    article_id: str
    start: int
    end: int
    tokens: list[str]


def _article(row: tuple[str, ...]) -> StoredArticle:
    return StoredArticle(
        id=row[0], file=row[1], title=row[2], author=row[3], date=row[4], source=row[5], text=row[6],
        content_hash=row[7], extra=json.loads(row[8]),
    )  # fmt: skip


class Catalog:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False, timeout=60)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write that also advances the generation."""
        with self.db:
            yield
            self.db.execute(
                "INSERT INTO meta VALUES ('generation', '1') "
                "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
            )

    def add_deleted_vectors(self, count: int) -> None:
        """Counts the vectors deleted from Chroma since its collection was last built."""
        self.db.execute(
            "INSERT INTO meta VALUES ('deleted_vectors', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + excluded.value",
            (str(count),),
        )

    def deleted_vectors(self) -> int:
        return int(self._meta("deleted_vectors") or 0)

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _record_meta(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def embedding_model(self) -> str | None:
        """The embedding model the index's vectors come from (recorded by the first to open it)."""
        return self._meta("embedding_model")

    def record_embedding_model(self, name: str) -> None:
        self._record_meta("embedding_model", name)

    def chunking(self) -> str | None:
        """How the articles were cut into chunks (``"300/60"``: size and overlap)."""
        return self._meta("chunking")

    def record_chunking(self, chunking: str) -> None:
        self._record_meta("chunking", chunking)

    def rebuilds(self) -> int:
        """How often Chroma's collection was built anew (it names the collection in use)."""
        return int(self._meta("rebuilds") or 0)

    def record_rebuild(self, count: int) -> None:
        """The collection of rebuild ``count`` is in use and holds no deleted vectors (one commit; the
        articles did not change, so neither does the generation)."""
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('rebuilds', ?)", (str(count),))
            self.db.execute("DELETE FROM meta WHERE key = 'deleted_vectors'")

    def generation(self) -> int:
        return int(self._meta("generation") or 0)

    # files
    def file_sha(self, path: str) -> str | None:
        row = self.db.execute("SELECT sha256 FROM files WHERE path = ?", (path,)).fetchone()
        return row[0] if row else None

    def files(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT path FROM files ORDER BY path")]

    def set_file(self, path: str, sha256: str, size: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", (path, sha256, size))

    def delete_file_record(self, path: str) -> None:
        self.db.execute("DELETE FROM files WHERE path = ?", (path,))

    # articles
    def article_hashes(self, file: str) -> dict[str, str]:
        rows = self.db.execute("SELECT id, content_hash FROM articles WHERE file = ?", (file,))
        return dict(rows.fetchall())

    def owner_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT file FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def add_article(self, article: Article, file: str, chunks: list[Chunk], tokens: list[list[str]]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, file, article.title, article.author, article.date, article.source,
             article.text, article.content_hash, json.dumps(article.extra, ensure_ascii=False)),
        )  # fmt: skip
        self.db.execute("DELETE FROM chunks WHERE article_id = ?", (article.id,))
        self.db.executemany(
            "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?)",
            [
                (c.id, c.article_id, c.position, c.start, c.end, " ".join(t))
                for c, t in zip(chunks, tokens, strict=True)
            ],
        )

    def chunk_ids_of(self, article_ids: Iterable[str]) -> list[str]:
        ids = list(article_ids)
        found: list[str] = []
        for start in range(0, len(ids), 500):
            batch = ids[start : start + 500]
            marks = ",".join("?" * len(batch))
            found += [
                row[0]
                for row in self.db.execute(f"SELECT id FROM chunks WHERE article_id IN ({marks})", batch)
            ]
        return found

    def delete_articles(self, article_ids: Iterable[str]) -> None:
        for article_id in article_ids:
            self.db.execute("DELETE FROM chunks WHERE article_id = ?", (article_id,))
            self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def articles_of_file(self, file: str) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM articles WHERE file = ?", (file,))]

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, StoredArticle]:
        result = {}
        for article_id in set(article_ids):
            row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row:
                result[article_id] = _article(row)
        return result

    def list_articles(self) -> list[tuple[StoredArticle, int]]:
        """Every article with its chunk count, in file order."""
        rows = self.db.execute(
            "SELECT a.*, (SELECT COUNT(*) FROM chunks c WHERE c.article_id = a.id) "
            "FROM articles a ORDER BY a.file, a.rowid"
        )
        return [(_article(row), row[9]) for row in rows]

    # chunks
    def all_chunks(self) -> list[StoredChunk]:
        rows = self.db.execute("SELECT id, article_id, start, end, tokens FROM chunks ORDER BY rowid")
        return [StoredChunk(r[0], r[1], r[2], r[3], r[4].split(" ") if r[4] else []) for r in rows]

    def chunk_spans(self, article_ids: Iterable[str]) -> dict[str, list[tuple[str, int, int]]]:
        """(chunk id, start, end) of every chunk of the given articles, in text order."""
        spans: dict[str, list[tuple[str, int, int]]] = {}
        for article_id in article_ids:
            rows = self.db.execute(
                "SELECT id, start, end FROM chunks WHERE article_id = ? ORDER BY position", (article_id,)
            )
            spans[article_id] = [(r[0], r[1], r[2]) for r in rows]
        return spans

    def all_chunk_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM chunks")}

    def counts(self) -> dict[str, int]:
        one = self.db.execute
        return {
            "files": one("SELECT COUNT(*) FROM files").fetchone()[0],
            "articles": one("SELECT COUNT(*) FROM articles").fetchone()[0],
            "chunks": one("SELECT COUNT(*) FROM chunks").fetchone()[0],
        }

    def date_range(self) -> tuple[str, str]:
        """The first and last full date (``2023-08-04``; a day of no year, ``08-04``, is left out)."""
        row = self.db.execute(
            "SELECT MIN(date), MAX(date) FROM articles WHERE date GLOB '[0-9][0-9][0-9][0-9]-*'"
        ).fetchone()
        return (row[0] or "", row[1] or "")
