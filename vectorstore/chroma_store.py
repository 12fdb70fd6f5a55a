"""Chroma: embedded (a folder) by default, a ``chroma run`` server when a host is given."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

# embedding_function=None: vectors always come from newsbot's own model (chromadb's default function
# would try to download one)
CONFIGURATION: Any = {"hnsw": {"space": "cosine"}}
SPARE_SUFFIX = "-rebuild"  # the copy a rebuild writes before it takes the collection's name
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
    """The collection ``name``, finishing a rebuild that was interrupted: a half-written copy is
    dropped; a whole copy whose original was already dropped takes its name."""
    names = {c.name for c in client.list_collections()}
    spare = name + SPARE_SUFFIX
    if spare in names and name in names:
        client.delete_collection(spare)
    elif spare in names:
        client.get_collection(spare, embedding_function=None).modify(name=name)
    return client.get_or_create_collection(name, embedding_function=None, configuration=CONFIGURATION)


def rebuild_collection(
    client: ClientAPI, collection: Collection, progress: Callable[[int], object] | None = None
) -> Collection:
    """A fresh copy of ``collection`` under its name, its stored vectors copied (nothing is embedded
    again). Chroma's HNSW graph keeps what deleted vectors leave behind, and its nearest-neighbour
    search misses more as they pile up (``benchmarks/chroma_deletions.py``); a graph built anew
    finds them again. The copy is written under another name and swapped in at the end."""
    name = collection.name
    if name + SPARE_SUFFIX in {c.name for c in client.list_collections()}:
        client.delete_collection(name + SPARE_SUFFIX)  # left by a rebuild that was interrupted
    spare = client.create_collection(
        name + SPARE_SUFFIX, embedding_function=None, configuration=CONFIGURATION
    )
    total = collection.count()
    for offset in range(0, total, COPY_BATCH):
        got = collection.get(
            limit=COPY_BATCH, offset=offset, include=["embeddings", "documents", "metadatas"]
        )
        spare.add(
            ids=got["ids"], embeddings=got["embeddings"], documents=got["documents"],
            metadatas=got["metadatas"],
        )  # fmt: skip
        if progress is not None:
            progress(len(got["ids"]))
    client.delete_collection(name)
    spare.modify(name=name)
    return spare
