"""The index as one object: the catalog, the Chroma collection, the keyword index and the model."""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from langchain_core.embeddings import Embeddings

from vectorstore.catalog import Catalog
from vectorstore.chroma_store import copy_collection, open_collection
from vectorstore.keyword_index import KeywordIndex, load_keyword_index

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

T = TypeVar("T")

# deleted vectors (changed or removed articles) that make Chroma's graph worth building anew, as a
# share of the vectors it holds (benchmarks/chroma_deletions.py measures what they cost)
REBUILD_SHARE = 0.1


CATALOG_FILE = "catalog.sqlite3"


class IndexMismatchError(ValueError):
    """The index holds vectors of another embedding model than the one asked for."""


def claim_index(index_dir: Path, embedding_model: str) -> None:
    """An index holds the vectors of one embedding model: the first to open it records the model,
    and another model is refused (its vectors would not compare with the stored ones). Indexes from
    before the record are taken to be of the model that opens them."""
    catalog = Catalog(index_dir / CATALOG_FILE)
    try:
        recorded = catalog.embedding_model()
        if recorded is None:
            catalog.record_embedding_model(embedding_model)
        elif recorded != embedding_model:
            raise IndexMismatchError(
                f"{index_dir} holds vectors of the embedding model {recorded!r}, not {embedding_model!r}: "
                f"set NEWSBOT_EMBEDDING_MODEL={recorded} or another NEWSBOT_INDEX_DIR"
            )
    finally:
        catalog.close()


class Archive:
    def __init__(
        self,
        index_dir: Path,
        client: ClientAPI,
        collection_name: str,
        embeddings: Embeddings,
        chunk_size: int,
        chunk_overlap: int,
    ) -> None:
        self.index_dir = index_dir
        self.catalog = Catalog(index_dir / CATALOG_FILE)
        self.client = client
        self.collection_name = collection_name
        self.collection = open_collection(client, self.live_collection())
        self.embeddings = embeddings
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap
        self._keywords: KeywordIndex | None = None
        self._keywords_lock = threading.Lock()

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """One writer at a time, across threads and processes; it writes to the collection in use."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with open(self.index_dir / "write.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                self._settle()
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def keyword_index(self) -> KeywordIndex:
        """Always in step with the catalog: reloaded or rebuilt when its generation moved."""
        generation = self.catalog.generation()
        with self._keywords_lock:  # concurrent questions share one rebuild
            if self._keywords is None or self._keywords.generation != generation:
                self._keywords = load_keyword_index(self.catalog, self.index_dir / "keywords")
            return self._keywords

    def needs_rebuild(self) -> bool:
        return self.catalog.deleted_vectors() > REBUILD_SHARE * max(self.vector_count(), 1)

    def live_collection(self) -> str:
        """The collection in use: ``collection_name``, and ``<collection_name>-r<n>`` after ``n``
        rebuilds (the catalog keeps ``n``, so every process opens the same one)."""
        return _rebuilt_name(self.collection_name, self.catalog.rebuilds())

    def rebuild(self, progress: Callable[[int], object] | None = None) -> None:
        """Chroma's graph built anew: the stored vectors copied into the next collection, which the
        catalog then names as the one in use; readers keep the old one until it is dropped. There is
        no moment without a whole collection in use. The caller holds ``write_lock()``."""
        done = self.catalog.rebuilds()
        copy_collection(self.client, self.collection, _rebuilt_name(self.collection_name, done + 1), progress)
        self.catalog.record_rebuild(done + 1)
        self._settle()

    def _settle(self) -> None:
        """The collection in use (another process may have rebuilt it), and the ones earlier rebuilds
        replaced dropped (one an interrupted run left included)."""
        done = self.catalog.rebuilds()
        self.collection = open_collection(self.client, _rebuilt_name(self.collection_name, done))
        old = {_rebuilt_name(self.collection_name, n) for n in range(done)}
        for collection in self.client.list_collections():
            if collection.name in old:
                self.client.delete_collection(collection.name)

    def _reading(self, read: Callable[[Collection], T]) -> T:
        """``read`` on the collection; when another process has rebuilt it, on the new one."""
        from chromadb.errors import NotFoundError

        try:
            return read(self.collection)
        except NotFoundError:
            self.collection = open_collection(self.client, self.live_collection())
            return read(self.collection)

    def vector_count(self) -> int:
        return self._reading(lambda collection: collection.count())

    def dense_search(self, query_vector: list[float], n: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the nearest chunks."""
        return self._reading(lambda collection: _nearest(collection, query_vector, n))

    def size_on_disk(self) -> int:
        return sum(p.stat().st_size for p in self.index_dir.rglob("*") if p.is_file())

    def close(self) -> None:
        self.catalog.close()


def _nearest(collection: Collection, query_vector: list[float], n: int) -> list[tuple[str, float]]:
    total = collection.count()
    if total == 0:
        return []
    result = collection.query(
        query_embeddings=[query_vector],  # type: ignore[arg-type]
        n_results=min(n, total),
        include=["distances"],
    )
    distances = result["distances"][0] if result["distances"] else []
    return [(cid, 1.0 - float(d)) for cid, d in zip(result["ids"][0], distances, strict=True)]


def _rebuilt_name(name: str, rebuilds: int) -> str:
    return f"{name}-r{rebuilds}" if rebuilds else name
