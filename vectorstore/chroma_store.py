"""Chroma: embedded (a folder) by default, a ``chroma run`` server when a host is given."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection


def open_client(index_dir: Path, host: str | None = None, port: int = 8000) -> ClientAPI:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if host:
        return chromadb.HttpClient(host=host, port=port, settings=settings)
    index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(index_dir / "chroma"), settings=settings)


def open_collection(client: ClientAPI, name: str) -> Collection:
    # embedding_function=None: vectors always come from newsbot's own model (chromadb's default
    # function would try to download one)
    return client.get_or_create_collection(
        name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )
