"""The metrics of ``newsbot eval`` as pure functions: no index, no model, exact numbers.

A question is a dict as in ``../shared/eval/dev.jsonl``: ``doc_ids`` (single-doc: any one is a
hit), ``doc_groups`` (multi-doc: one document of every group is needed), ``answer`` and
``answer_aliases`` (multi-doc: one alias of every part). A question with no gold documents and no
answer is *unanswerable*: it is right only when refused.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

KS = (1, 5, 10)
MRR_DEPTH = 10
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Full-width → half-width (NFKC) and no whitespace: ``"１２ 万"`` → ``"12万"``."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def is_unanswerable(question: dict[str, Any]) -> bool:
    return not question.get("doc_ids") and not question.get("doc_groups") and not question.get("answer")


def doc_groups(question: dict[str, Any]) -> list[list[str]]:
    """The gold documents as groups, one group per answer part (single-doc: one group)."""
    groups = question.get("doc_groups")
    if groups:
        return [list(g) for g in groups]
    return [list(question["doc_ids"])] if question.get("doc_ids") else []


def answer_parts(question: dict[str, Any]) -> list[list[str]]:
    """Accepted strings per answer part (single-doc: one part, the answer)."""
    aliases = question.get("answer_aliases")
    if aliases:
        return [list(a) for a in aliases]
    return [[question["answer"]]] if question.get("answer") else []


def hit_rank(ranking: Sequence[str], question: dict[str, Any]) -> int | None:
    """The 1-based rank at which every gold group is covered, or None when some group is missing.
    For a multi-doc question that is the rank of the group covered last, so it is never 1."""
    groups = doc_groups(question)
    if not groups:
        return None
    position = {article: rank for rank, article in reversed(list(enumerate(ranking, start=1)))}
    ranks = [min((position[d] for d in group if d in position), default=None) for group in groups]
    if any(r is None for r in ranks):
        return None
    return max(r for r in ranks if r is not None)


def answer_correct(text: str, found: bool, question: dict[str, Any]) -> bool:
    """The gold answer (one alias of every part) is contained in the answer; unanswerable
    questions are right only when refused."""
    if is_unanswerable(question):
        return not found
    if not found:
        return False
    got = normalise(text)
    return all(any(normalise(alias) in got for alias in part) for part in answer_parts(question))


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0…100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = max(0, math.ceil(q / 100 * len(ordered)) - 1)
    return float(ordered[index])


@dataclass
class Outcome:
    """What one question produced: the retriever's ranking and the answer."""

    question: dict[str, Any]
    ranking: list[str]
    text: str
    found: bool
    cited: list[str] = field(default_factory=list)
    latency_ms: float = 0.0


def summarise(outcomes: Iterable[Outcome]) -> dict[str, Any]:
    """One group's row: recall@k and MRR@10 over questions with gold documents; accuracy, refusals and
    latency over all; citation precision over the distinct articles cited by each answer (micro)."""
    items = list(outcomes)
    ranked = [o for o in items if doc_groups(o.question)]
    ranks = [hit_rank(o.ranking, o.question) for o in ranked]
    row: dict[str, Any] = {"n": len(items)}
    for k in KS:  # None: no question of the group has gold documents (unanswerable ones)
        hits = sum(1 for r in ranks if r is not None and r <= k)
        row[f"recall@{k}"] = hits / len(ranked) if ranked else None
    row[f"mrr@{MRR_DEPTH}"] = (
        sum(1 / r for r in ranks if r is not None and r <= MRR_DEPTH) / len(ranked) if ranked else None
    )
    row["accuracy"] = (
        sum(answer_correct(o.text, o.found, o.question) for o in items) / len(items) if items else 0.0
    )
    cited = gold = 0
    for o in items:
        golden = {d for g in doc_groups(o.question) for d in g}
        distinct = set(o.cited)
        cited += len(distinct)
        gold += len(distinct & golden)
    row["citation_precision"] = gold / cited if cited else None
    lengths = [len(o.text) for o in items if o.found]
    row["mean_answer_chars"] = sum(lengths) / len(lengths) if lengths else 0.0
    row["refused"] = sum(not o.found for o in items) / len(items) if items else 0.0
    latencies = [o.latency_ms for o in items]
    row["p50_ms"] = percentile(latencies, 50)
    row["p95_ms"] = percentile(latencies, 95)
    return row


def recall_curve(outcomes: Iterable[Outcome], depth: int = 10) -> list[float]:
    """recall@k for k = 1 … depth over the questions with gold documents."""
    ranks = [hit_rank(o.ranking, o.question) for o in outcomes if doc_groups(o.question)]
    if not ranks:
        return [0.0] * depth
    return [sum(1 for r in ranks if r is not None and r <= k) / len(ranks) for k in range(1, depth + 1)]
