"""Embedding speed of the two backends (``NEWSBOT_EMBEDDING_BACKEND``) on the same chunks, and how
close their vectors are.

    .venv/bin/python benchmarks/embedding_speed.py ../shared/eval/docs.jsonl

Takes the first ``--chunks`` texts of a JSON Lines file (cut to 300 characters, like the index's
chunks), embeds them with PyTorch fp32 and with OpenVINO (median of ``--runs`` after a warm-up), times
one-line queries, and prints chunks/s, query ms and the cosine between the two backends' vectors.
Prints numbers only; nothing is asserted. Run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np

from bot.settings import Settings
from vectorstore.embeddings import load_embeddings


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("docs", type=Path, help="JSON Lines with a 'text' field")
    parser.add_argument("--chunks", type=int, default=320)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with open(args.docs, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"][:300] for line, _ in zip(handle, range(args.chunks), strict=False)]
    questions = [t[:40] for t in texts[:50]]
    vectors = {}
    for backend in ("torch", "openvino"):
        started = time.perf_counter()
        model = load_embeddings("multilingual-e5-small", str(Settings().cache_dir), backend)
        loaded = time.perf_counter() - started
        model.embed_documents(texts[:32])
        runs = []
        for _ in range(args.runs):
            started = time.perf_counter()
            documents = model.embed_documents(texts)
            runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        queries = [model.embed_query(q) for q in questions]
        query_ms = (time.perf_counter() - started) * 1000 / len(questions)
        vectors[backend] = (np.asarray(documents), np.asarray(queries))
        speed = len(texts) / statistics.median(runs)
        print(f"{backend:9s} load {loaded:5.1f} s   {speed:5.1f} chunks/s   one query {query_ms:5.1f} ms")
    for kind, index in (("chunks", 0), ("queries", 1)):
        cosine = (vectors["torch"][index] * vectors["openvino"][index]).sum(axis=1)
        print(f"cosine torch vs openvino, {kind}: min {cosine.min():.5f} mean {cosine.mean():.5f}")


if __name__ == "__main__":
    main()
