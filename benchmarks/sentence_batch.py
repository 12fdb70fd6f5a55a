"""How long the OpenVINO model takes to embed an English question's candidate sentences (~26, the
answerer compares each with the question) in batches of each size, and how close the vectors are.

    .venv/bin/python benchmarks/sentence_batch.py ../shared/eval/docs.jsonl

Cuts the articles into sentences of 20–150 characters (the answerer's quotes), embeds ``--runs``
random samples of ``--sentences`` with every batch size in turn (interleaved, so that the machine's
load falls on each alike), and prints the median and 90th percentile in ms. Prints numbers only;
nothing is asserted. The default is ``vectorstore.openvino_embeddings.LATENCY_BATCH``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

import numpy as np

from bot.settings import Settings
from vectorstore.embeddings import load_embeddings

MIN_CHARS, MAX_CHARS = 20, 150


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("docs", type=Path, help="JSON Lines with a 'text' field")
    parser.add_argument("--sentences", type=int, default=26)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--sizes", default="32,8")
    args = parser.parse_args()
    sentences: list[str] = []
    with open(args.docs, encoding="utf-8") as handle:
        for line in handle:
            pieces = json.loads(line)["text"].split("。")
            sentences += [p for p in pieces if MIN_CHARS < len(p) < MAX_CHARS]
            if len(sentences) > 2000:
                break
    sizes = [int(s) for s in args.sizes.split(",")]
    model = load_embeddings("multilingual-e5-small", str(Settings().cache_dir), "openvino")
    model.embed_documents(sentences[: args.sentences])  # warm-up
    random.seed(0)
    times: dict[int, list[float]] = {size: [] for size in sizes}
    vectors: dict[int, np.ndarray] = {}
    for run in range(args.runs):
        sample = random.sample(sentences, args.sentences)
        for size in sizes[run % len(sizes) :] + sizes[: run % len(sizes)]:
            model.batch_size = size  # type: ignore[attr-defined]
            started = time.perf_counter()
            vectors[size] = np.asarray(model.embed_documents(sample))
            times[size].append((time.perf_counter() - started) * 1000)
    for size in sizes:
        ordered = sorted(times[size])
        p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
        cosine = (vectors[size] * vectors[sizes[0]]).sum(axis=1).min()
        print(
            f"batch {size:3d}: median {statistics.median(ordered):6.1f} ms   p90 {p90:6.1f} ms   "
            f"min cosine to batch {sizes[0]}: {cosine:.6f}"
        )


if __name__ == "__main__":
    main()
