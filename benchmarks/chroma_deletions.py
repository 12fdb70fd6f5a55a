"""How deleting and re-adding vectors affects Chroma's nearest-neighbour search, and what newsbot's
rebuild (``vectorstore.chroma_store.copy_collection``) gives back (docs/quality.md, "Repeatability").

    .venv/bin/python benchmarks/chroma_deletions.py

Builds embedded collections of the same random unit vectors in a temporary folder — added once; a
tenth, then all of them deleted and added again under the same ids (what re-ingesting changed
articles does); all deleted and added under new ids; all re-added and then rebuilt — then, in fresh
processes, asks each for the nearest neighbour of queries whose exact answer is known, and prints how
often it comes first. Prints numbers only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from vectorstore.chroma_store import copy_collection, open_client, open_collection

VECTORS, DIMENSIONS, QUERIES, BATCH = 6000, 384, 200, 500
# (label, share deleted and re-added, under new ids, rebuilt afterwards)
WAYS = (
    ("added once", 0.0, False, False),
    ("10 % deleted, re-added", 0.1, False, False),
    ("all deleted, re-added (same ids)", 1.0, False, False),
    ("all deleted, re-added (new ids)", 1.0, True, False),
    ("all deleted, re-added, rebuilt", 1.0, False, True),
)


def _vectors() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    data = rng.normal(size=(VECTORS, DIMENSIONS)).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    picked = rng.choice(VECTORS, QUERIES, replace=False)
    queries = data[picked] + 0.05 * rng.normal(size=(QUERIES, DIMENSIONS)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    return data, queries, np.argmax(queries @ data.T, axis=1)


def build(path: Path, way: int) -> None:
    _, share, new_ids, rebuilt = WAYS[way]
    data, _, _ = _vectors()
    client = open_client(path)
    collection = open_collection(client, "vectors")

    def add(ids: list[str], rows: range) -> None:
        for start in range(rows.start, rows.stop, BATCH):
            end = min(start + BATCH, rows.stop)
            collection.add(ids=ids[start:end], embeddings=data[start:end].tolist())

    ids = [f"v{i}" for i in range(VECTORS)]
    add(ids, range(VECTORS))
    again = range(round(share * VECTORS))
    for start in range(0, again.stop, BATCH):
        collection.delete(ids=ids[start : min(start + BATCH, again.stop)])
    add([f"{i}-new" for i in ids] if new_ids else ids, again)
    if rebuilt:  # what newsbot's rebuild does: a copy of the stored vectors, the old one dropped
        copy_collection(client, collection, "vectors-r1")
        client.delete_collection("vectors")


def found_first(path: Path) -> int:
    _, queries, exact = _vectors()
    client = open_client(path)
    result = client.get_collection(client.list_collections()[0].name).query(
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
        for way, (label, *_) in enumerate(WAYS):
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
                f"{label:34s} nearest neighbour first: {' / '.join(counts)} of {QUERIES} ({args.runs} processes)"
            )


if __name__ == "__main__":
    main()
