"""The numbers of docs/quality.md: ``newsbot eval`` with the three retrievers on the same questions,
the Markdown table, and the recall@k plot (k = 1 … 10).

    .venv/bin/python benchmarks/eval_retrievers.py --docs ../shared/eval/docs.jsonl \
        --questions ../shared/eval/dev.jsonl --unanswerable benchmarks/unanswerable_dev.jsonl

Writes benchmarks/out/eval-<questions>.json (every question's ranking and answer) and
docs/recall_at_k.png.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from vectorstore.offline import use_offline_environment

use_offline_environment()

from bot.evaluate import evaluate, format_table

ROOT = Path(__file__).resolve().parent.parent
RETRIEVERS = ("bm25", "dense", "hybrid")
LABELS = {"bm25": "BM25 (keywords only)", "dense": "dense e5 only", "hybrid": "hybrid (default)"}


def plot(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ks = list(range(1, 11))
    figure, axis = plt.subplots(figsize=(6.4, 4.2), dpi=120)
    for mode in RETRIEVERS:
        curve = result["retrievers"][mode]["recall_curve"]
        axis.plot(ks, curve, marker="o", label=LABELS[mode])
    axis.set_xticks(ks)
    axis.set_xlabel("k (articles retrieved)")
    axis.set_ylabel("recall@k (all dev questions)")
    axis.set_title("newsbot retrieval on ../shared/eval/dev.jsonl (150 questions)")
    axis.grid(alpha=0.3)
    axis.legend(loc="lower right")
    figure.tight_layout()
    figure.savefig(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", default="../shared/eval/docs.jsonl")
    parser.add_argument("--questions", default="../shared/eval/dev.jsonl")
    parser.add_argument("--unanswerable", default=None)
    parser.add_argument("--plot", default=str(ROOT / "docs" / "recall_at_k.png"))
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    result = evaluate(
        args.docs, args.questions, retrievers=list(RETRIEVERS), unanswerable=args.unanswerable,
        details=True, progress=True, threads=args.threads,
    )  # fmt: skip
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"eval-{Path(args.questions).stem}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    plot(result, Path(args.plot))
    print(format_table(result))
    for mode in RETRIEVERS:
        curve = result["retrievers"][mode]["recall_curve"]
        print(mode, "recall@1..10:", " ".join(f"{x:.3f}" for x in curve))
    print(json.dumps(result["retrievers"]["hybrid"]["settings"], ensure_ascii=False))


if __name__ == "__main__":
    main()
