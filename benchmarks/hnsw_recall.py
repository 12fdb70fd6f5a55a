"""How many of the exact nearest chunks Chroma's graph search finds with a given ``ef_search``.

    for ef in 100 200 400; do .venv/bin/python benchmarks/hnsw_recall.py --ef $ef \
        --docs ../shared/eval/docs.jsonl --questions ../shared/eval/dev.jsonl benchmarks/english_dev.jsonl; done

Opens the eval index of ``--docs`` (build it first with ``newsbot eval``) with ``ef_search`` set to
``--ef``, asks Chroma for every question's ``--n`` nearest chunks, then computes the exact ones by
brute force over all stored vectors: prints the mean and worst share found and the mean query time.
One value a run: Chroma reads ``ef_search`` when it first loads the graph in a process. The
collection is set back to newsbot's ``EF_SEARCH`` afterwards. Prints numbers only.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from bot.evaluate import eval_index_dir, load_questions
from bot.settings import Settings
from vectorstore.chroma_store import EF_SEARCH, open_client
from vectorstore.embeddings import load_embeddings


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=Path, required=True)
    parser.add_argument("--questions", type=Path, nargs="+", required=True)
    parser.add_argument("--n", type=int, default=60, help="chunks asked for (NEWSBOT_DENSE_CANDIDATES)")
    parser.add_argument("--ef", type=int, default=EF_SEARCH)
    args = parser.parse_args()
    base = Settings()
    index_dir = eval_index_dir(args.docs, base)
    questions = [q["question"] for path in args.questions for q in load_questions(path)]
    embeddings = load_embeddings(base.embedding_model, str(base.cache_dir), base.embedding_backend)
    vectors = np.asarray([embeddings.embed_query(q) for q in questions], dtype=np.float32)
    collection = open_client(index_dir).get_collection(base.collection)
    collection.modify(configuration={"hnsw": {"ef_search": args.ef}})
    try:
        got, seconds = [], 0.0
        for vector in vectors:
            started = time.perf_counter()
            nearest = collection.query(query_embeddings=[vector.tolist()], n_results=args.n, include=[])
            got.append(set(nearest["ids"][0]))
            seconds += time.perf_counter() - started
        stored = collection.get(include=["embeddings"])
    finally:
        collection.modify(configuration={"hnsw": {"ef_search": EF_SEARCH}})
    ids, matrix = np.array(stored["ids"]), np.asarray(stored["embeddings"], dtype=np.float32)
    found = [
        len(set(ids[np.argsort(-(matrix @ v))[: args.n]]) & g) / args.n
        for v, g in zip(vectors, got, strict=True)
    ]
    print(
        f"{len(questions)} questions, {len(ids)} chunks, ef_search {args.ef}: found {np.mean(found):.4f} of "
        f"the exact {args.n} nearest (worst {min(found):.3f}), {seconds / len(questions) * 1000:.1f} ms a query"
    )


if __name__ == "__main__":
    main()
