"""Ingestion time and query latency (p50/p95) on a fresh index.

    .venv/bin/python benchmarks/ingest_and_query.py data/
    .venv/bin/python benchmarks/ingest_and_query.py ../shared/eval/docs.jsonl --questions ../shared/eval/dev.jsonl

Prints numbers only; nothing is asserted. Uses a temporary index (removed afterwards) unless --index.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from vectorstore.offline import use_offline_environment

use_offline_environment()

from bot import Settings, ask, ingest
from bot.api import open_archive

SEED_QUESTIONS = [
    "谁在海淀区工会第十七次代表大会上讲话？",
    "海淀区工会第十七次代表大会是什么时候召开的？",
    "东城区龙舟大赛有多少支队伍参赛？",
    "第四届副中心职工足球联赛有多少支球队参加？",
    "顺义区职工服务中心走访了多少家工会服务站？",
    "Who spoke at the Haidian congress?",
    "朝阳区职工篮球赛在哪里举行？",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="+")
    parser.add_argument(
        "--questions", help="JSON Lines with a 'question' field (default: seed-page questions)"
    )
    parser.add_argument("--index", help="keep the index here instead of a temporary folder")
    parser.add_argument("--limit", type=int, default=150, help="questions to time")
    args = parser.parse_args()

    index_dir = Path(args.index) if args.index else Path(tempfile.mkdtemp(prefix="newsbot-bench-"))
    settings = Settings(index_dir=index_dir)
    try:
        started = time.perf_counter()
        open_archive(settings)
        load_seconds = time.perf_counter() - started
        started = time.perf_counter()
        report = ingest(args.paths, settings=settings, progress=True)
        ingest_seconds = time.perf_counter() - started
        print(f"model load: {load_seconds:.1f} s")
        print(f"ingest: {report.summary()}")
        print(
            f"ingest time: {ingest_seconds:.1f} s ({report.chunks_added / max(ingest_seconds, 1e-9):.1f} chunks/s)"
        )
        started = time.perf_counter()
        again = ingest(args.paths, settings=settings, progress=False)
        print(
            f"re-ingest (unchanged): {time.perf_counter() - started:.2f} s, {again.chunks_added} chunks added"
        )

        if args.questions:
            lines = Path(args.questions).read_text(encoding="utf-8").splitlines()
            questions = [json.loads(line)["question"] for line in lines if line.strip()]
        else:
            questions = SEED_QUESTIONS
        questions = questions[: args.limit]
        ask(questions[0], settings=settings)  # warm-up: keyword index load, jieba dictionaries
        latencies = []
        for question in questions:
            started = time.perf_counter()
            ask(question, settings=settings)
            latencies.append((time.perf_counter() - started) * 1000)
        print(
            f"query latency over {len(latencies)} questions: p50 {statistics.median(latencies):.0f} ms, "
            f"p95 {percentile(latencies, 0.95):.0f} ms, max {max(latencies):.0f} ms"
        )
        print(f"index size: {open_archive(settings).size_on_disk() / 1e6:.1f} MB")
    finally:
        if not args.index:
            shutil.rmtree(index_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
