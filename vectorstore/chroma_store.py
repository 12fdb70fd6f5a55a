"""Chroma: embedded (a folder) by default, a ``chroma run`` server when a host is given."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

# embedding_function=None: vectors always come from newsbot's own model (chromadb's default function
# would try to download one)
# ef_search: how many candidates the graph search keeps. With Chroma's 100 it found 95.7 % of the dev
# questions' exact 60 nearest chunks in the 8,519-chunk eval index, 87 % in the 195,607-chunk one (at
# worst 27 %), and which it missed changed from process to process; 800 finds 99.99 % and 98.5 % (at
# worst 80 %) at 8 ms a query in the large one (benchmarks/hnsw_recall.py)
EF_SEARCH = 800
CONFIGURATION: Any = {"hnsw": {"space": "cosine", "ef_search": EF_SEARCH}}
COPY_BATCH = 2000


def open_client(index_dir: Path, host: str | None = None, port: int = 8000) -> ClientAPI:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if host:
        return chromadb.HttpClient(host=host, port=port, settings=settings)
    index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(index_dir / "chroma"), settings=settings)


def open_collection(client: ClientAPI, name: str) -> Collection:
    """The collection ``name``, created when missing; one made before ``EF_SEARCH`` takes it now
    (the search setting changes without rebuilding the graph)."""
    collection = client.get_or_create_collection(name, embedding_function=None, configuration=CONFIGURATION)
    if (collection.configuration.get("hnsw") or {}).get("ef_search") != EF_SEARCH:
        # on a busy machine Chroma's embedded SQLite at times refuses this write at once ("database
        # is locked": 8 of 300 fresh collections with two evaluations running beside them); the
        # second try has always gone through
        for attempt in Retrying(
            retry=retry_if_exception(_locked), stop=stop_after_attempt(5),
            wait=wait_exponential(multiplier=0.05), reraise=True,
        ):  # fmt: skip
            with attempt:
                collection.modify(configuration={"hnsw": {"ef_search": EF_SEARCH}})
    return collection


def _locked(error: BaseException) -> bool:
    return "database is locked" in str(error)


def copy_collection(
    client: ClientAPI, collection: Collection, name: str, progress: Callable[[int], object] | None = None
) -> Collection:
    """A new collection ``name`` with the stored vectors, texts and metadata of ``collection``
    (nothing is embedded again): its HNSW graph is built anew. Chroma's graph keeps what deleted
    vectors leave behind, and its nearest-neighbour search misses more as they pile up
    (``benchmarks/chroma_deletions.py``); a copy finds them again. A collection ``name`` left by an
    interrupted copy is replaced."""
    if name in {c.name for c in client.list_collections()}:
        client.delete_collection(name)
    copy = client.create_collection(name, embedding_function=None, configuration=CONFIGURATION)
    total = collection.count()
    for offset in range(0, total, COPY_BATCH):
        got = collection.get(
            limit=COPY_BATCH, offset=offset, include=["embeddings", "documents", "metadatas"]
        )
        copy.add(
            ids=got["ids"], embeddings=got["embeddings"], documents=got["documents"],
            metadatas=got["metadatas"],
        )  # fmt: skip
        if progress is not None:
            progress(len(got["ids"]))
    return copy
