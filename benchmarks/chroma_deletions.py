"""How deleting and re-adding vectors affects Chroma's nearest-neighbour search (docs/quality.md,
"Repeatability").

    .venv/bin/python benchmarks/chroma_deletions.py

Builds three embedded collections of the same random unit vectors in a temporary folder — added once;
all deleted and added again under the same ids (what re-ingesting changed articles does); all deleted
and added under new ids — then, in fresh processes, asks each for the nearest neighbour of queries whose
exact answer is known, and prints how often it comes first. Prints numbers only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

VECTORS, DIMENSIONS, QUERIES, BATCH = 6000, 384, 200, 500
WAYS = ("added once", "deleted, re-added (same ids)", "deleted, re-added (new ids)")


def _vectors() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    data = rng.normal(size=(VECTORS, DIMENSIONS)).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    picked = rng.choice(VECTORS, QUERIES, replace=False)
    queries = data[picked] + 0.05 * rng.normal(size=(QUERIES, DIMENSIONS)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    return data, queries, np.argmax(queries @ data.T, axis=1)


def _collection(path: Path, create: bool) -> Any:
    import chromadb
    from chromadb.config import Settings

    client = chromadb.PersistentClient(path=str(path), settings=Settings(anonymized_telemetry=False))
    if create:
        return client.create_collection(
            "vectors", embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )
    return client.get_collection("vectors")


def build(path: Path, way: int) -> None:
    data, _, _ = _vectors()
    collection = _collection(path, create=True)

    def add(ids: list[str]) -> None:
        for start in range(0, VECTORS, BATCH):
            collection.add(ids=ids[start : start + BATCH], embeddings=data[start : start + BATCH].tolist())

    ids = [f"v{i}" for i in range(VECTORS)]
    add(ids)
    if way:
        for start in range(0, VECTORS, BATCH):
            collection.delete(ids=ids[start : start + BATCH])
        add(ids if way == 1 else [f"{i}-new" for i in ids])


def found_first(path: Path) -> int:
    _, queries, exact = _vectors()
    result = _collection(path, create=False).query(
        query_embeddings=queries.tolist(), n_results=10, include=[]
    )
    return sum(ids[0].removesuffix("-new") == f"v{e}" for e, ids in zip(exact, result["ids"], strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="fresh processes that query each collection")
    parser.add_argument("--query", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.query:
        print(found_first(Path(args.query)))
        return
    with tempfile.TemporaryDirectory() as folder:
        for way, label in enumerate(WAYS):
            path = Path(folder) / str(way)
            build(path, way)
            counts = [
                subprocess.run(
                    [sys.executable, __file__, "--query", str(path)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()[-1]
                for _ in range(args.runs)
            ]
            print(
                f"{label:30s} nearest neighbour first: {' / '.join(counts)} of {QUERIES} ({args.runs} processes)"
            )


if __name__ == "__main__":
    main()
