"""The eval metrics on hand-made questions, with numbers worked out by hand."""

from __future__ import annotations

import pytest

from bot.scoring import Outcome, answer_correct, hit_rank, normalise, percentile, recall_curve, summarise

SINGLE = {"id": "s1", "question": "谁？", "answer": "张良", "doc_ids": ["a", "a2"], "type": "single_doc"}
MULTI = {
    "id": "m1",
    "question": "男单和女单冠军分别是谁？",
    "answer": "纳达尔；巴蒂",
    "doc_ids": ["p0", "p0b", "p1"],
    "doc_groups": [["p0", "p0b"], ["p1"]],
    "answer_aliases": [["纳达尔", "Nadal"], ["巴蒂"]],
    "type": "multi_doc",
}
NONE = {"id": "u1", "question": "火星基地由谁建成？", "answer": "", "doc_ids": [], "type": "unanswerable"}


def test_normalise_width_and_spaces() -> None:
    assert normalise("１２ 万\u3000吨\n") == "12万吨"
    assert normalise("ＡＢＣ（１）") == "ABC(1)"


def test_single_doc_rank_is_the_first_gold_article() -> None:
    assert hit_rank(["x", "a2", "a"], SINGLE) == 2
    assert hit_rank(["a"], SINGLE) == 1
    assert hit_rank(["x", "y"], SINGLE) is None


def test_multi_doc_rank_is_where_the_last_group_is_covered() -> None:
    assert hit_rank(["p0", "p1"], MULTI) == 2
    assert hit_rank(["p1", "x", "p0b", "p0"], MULTI) == 3
    assert hit_rank(["p0", "p0b", "x"], MULTI) is None  # the second part is missing
    assert hit_rank(["p1"], MULTI) is None


def test_answer_accuracy() -> None:
    assert answer_correct("讲话的是张 良。[1]", True, SINGLE)
    assert not answer_correct("张良", False, SINGLE)  # a refusal is never right when there is an answer
    assert answer_correct("Nadal 与 巴蒂 夺冠", True, MULTI)
    assert not answer_correct("纳达尔夺冠", True, MULTI)  # one part only
    assert answer_correct("没有找到", False, NONE)
    assert not answer_correct("某公司[1]", True, NONE)


def test_percentile_nearest_rank() -> None:
    assert percentile([], 50) == 0.0
    assert percentile([10, 20, 30, 40], 50) == 20
    assert percentile(list(range(1, 21)), 95) == 19
    assert percentile([5.0], 95) == 5.0


def test_summary_numbers() -> None:
    outcomes = [
        # single, rank 1, right, cites a gold and a wrong article
        Outcome(SINGLE, ["a", "x"], "张良[1]", True, ["a", "x"], 100.0),
        # single, rank 6, wrong answer, one gold citation (cited twice: counted once)
        Outcome(SINGLE, ["b", "c", "d", "e", "f", "a2"], "王五[1]", True, ["a2", "a2"], 200.0),
        # multi, covered at rank 3, right, both parts cited
        Outcome(MULTI, ["p1", "x", "p0"], "纳达尔[1]；巴蒂[2]", True, ["p0", "p1"], 300.0),
        # multi, second part never retrieved, refused
        Outcome(MULTI, ["p0"], "没有找到", False, [], 400.0),
    ]
    row = summarise(outcomes)
    assert row["n"] == 4
    assert row["recall@1"] == pytest.approx(1 / 4)
    assert row["recall@5"] == pytest.approx(2 / 4)
    assert row["recall@10"] == pytest.approx(3 / 4)
    assert row["mrr@10"] == pytest.approx((1 + 1 / 6 + 1 / 3) / 4)
    assert row["accuracy"] == pytest.approx(2 / 4)
    assert row["citation_precision"] == pytest.approx(4 / 5)  # a, a2, p0, p1 gold; x not
    assert row["mean_answer_chars"] == pytest.approx((5 + 5 + 12) / 3)  # refusals not counted
    assert row["refused"] == pytest.approx(1 / 4)
    assert row["p50_ms"] == 200.0
    assert row["p95_ms"] == 400.0
    assert recall_curve(outcomes, 6) == pytest.approx([0.25, 0.25, 0.5, 0.5, 0.5, 0.75])


def test_unanswerable_group_has_no_recall_but_counts_refusals() -> None:
    row = summarise([Outcome(NONE, ["a"], "没有找到", False), Outcome(NONE, ["a"], "某公司[1]", True, ["a"])])
    assert row["recall@5"] is None and row["mrr@10"] is None
    assert row["accuracy"] == 0.5
    assert row["refused"] == 0.5
    assert row["citation_precision"] == 0.0
