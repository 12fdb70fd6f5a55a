"""Retrieval tuning on cached signals: every chunk's dense similarity and BM25 score per question are
computed once from the eval index, then fusion variants are scored in milliseconds.

    .venv/bin/python benchmarks/tune_retrieval.py --docs ../shared/eval/docs.jsonl \
        --questions ../shared/eval/dev.jsonl

Not part of the package: the chosen variant is implemented in ``bot/retriever.py`` and measured
end to end with ``newsbot eval``.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from vectorstore.offline import use_offline_environment

use_offline_environment()

from bot.evaluate import eval_index_dir, load_questions
from bot.question import QUESTION_WORDS
from bot.scoring import hit_rank
from bot.settings import Settings

OUT = Path(__file__).resolve().parent / "out"


class Signals:
    """Chunks made as ``newsbot ingest`` makes them; dense vectors read from the eval index."""

    def __init__(self, docs: Path, questions: Path, settings: Settings, dense: bool = True) -> None:
        import pickle

        from vectorstore.ingest import _embedding_text
        from vectorstore.loaders import READER_VERSION, load_file
        from vectorstore.splitter import split_article
        from vectorstore.tokens import keyword_tokens

        self.settings = settings.model_copy(update={"index_dir": eval_index_dir(docs, settings)})
        OUT.mkdir(exist_ok=True)
        key = f"{self.settings.index_dir.name}-r{READER_VERSION}"  # what the index was read with
        self.key = key
        chunk_cache = OUT / f"chunks-{key}.pkl"
        if chunk_cache.is_file():
            data = pickle.loads(chunk_cache.read_bytes())
        else:
            data = {"ids": [], "article": [], "tokens": [], "texts": {}, "spans": []}
            for article in load_file(docs):
                data["texts"][article.id] = article.text
                for c in split_article(article, settings.chunk_size, settings.chunk_overlap):
                    data["ids"].append(c.id)
                    data["article"].append(article.id)
                    data["tokens"].append(keyword_tokens(_embedding_text(article, c)))
                    data["spans"].append((c.start, c.end))
            chunk_cache.write_bytes(pickle.dumps(data))
        self.chunk_ids = data["ids"]
        self.chunk_article = np.array(data["article"])
        self.tokens = data["tokens"]
        self.spans = data["spans"]
        self.texts = data["texts"]
        self.articles = sorted(set(data["article"]))
        self.article_index = {a: i for i, a in enumerate(self.articles)}
        self.chunk_art_idx = np.array([self.article_index[a] for a in data["article"]])
        self.questions = load_questions(questions)
        self.dense = np.zeros((len(self.questions), len(self.chunk_ids)), np.float32)
        if dense:
            self._load_dense(questions)
        self._bm25: dict[tuple[str, str], np.ndarray] = {}
        self._bm: Any = None
        self._dense_extra: dict[str, np.ndarray] = {
            q["question"]: self.dense[i] for i, q in enumerate(self.questions)
        }

    def _load_dense(self, questions: Path) -> None:
        from bot.api import open_archive

        cache = OUT / f"signals-{self.key}-{questions.stem}.npz"
        if cache.is_file():
            data = np.load(cache)
            self.chunk_vectors, self.query_vectors = data["chunks"], data["queries"]
        else:
            archive = open_archive(self.settings)
            got = archive.collection.get(ids=self.chunk_ids, include=["embeddings"])
            order = {cid: i for i, cid in enumerate(got["ids"])}
            missing = [c for c in self.chunk_ids if c not in order]
            if missing:
                raise SystemExit(f"{len(missing)} chunks are not in the eval index yet")
            vectors = np.asarray(got["embeddings"], dtype=np.float32)
            self.chunk_vectors = vectors[[order[c] for c in self.chunk_ids]]
            embed = archive.embeddings.embed_queries  # type: ignore[attr-defined]
            self.query_vectors = np.asarray(embed([q["question"] for q in self.questions]), dtype=np.float32)
            np.savez(cache, chunks=self.chunk_vectors, queries=self.query_vectors)
        self.dense = self.query_vectors @ self.chunk_vectors.T  # (questions, chunks)

    def query_tokens(self, text: str, mode: str) -> list[str]:
        from vectorstore.tokens import jieba_tokenizer, keyword_tokens

        jieba = jieba_tokenizer()
        if mode == "search":
            return keyword_tokens(text)
        if mode == "search_nostop":
            return [t for t in keyword_tokens(text) if t not in QUESTION_WORDS]
        if mode == "precise":
            return [t.lower() for t in jieba.lcut(text) if re.search(r"\w", t)]
        if mode == "precise_nostop":
            return [t.lower() for t in jieba.lcut(text) if re.search(r"\w", t) and t not in QUESTION_WORDS]
        raise ValueError(mode)

    def bm25_text(self, text: str, mode: str = "precise_nostop") -> np.ndarray:
        key = (text, mode)
        if key not in self._bm25:
            if self._bm is None:
                import bm25s

                self._bm = bm25s.BM25()
                self._bm.index([t or [""] for t in self.tokens], show_progress=False)
            vocab = self._bm.vocab_dict
            known = [t for t in self.query_tokens(text, mode) if t in vocab]
            self._bm25[key] = (
                np.asarray(self._bm.get_scores(known), dtype=np.float32)
                if known
                else np.zeros(len(self.chunk_ids), np.float32)
            )
        return self._bm25[key]

    def bm25(self, mode: str = "precise_nostop") -> np.ndarray:
        return np.vstack([self.bm25_text(q["question"], mode) for q in self.questions])

    def dense_text(self, text: str) -> np.ndarray:
        if text not in self._dense_extra:
            from bot.api import open_archive

            vector = np.asarray(open_archive(self.settings).embeddings.embed_query(text), np.float32)
            self._dense_extra[text] = vector @ self.chunk_vectors.T
        return self._dense_extra[text]


def article_scores(
    chunk_scores: np.ndarray, art_idx: np.ndarray, n_articles: int, second: float
) -> np.ndarray:
    """Best chunk (+ ``second`` × the second-best chunk) per article; -inf for no chunk."""
    best = np.full(n_articles, -np.inf)
    np.maximum.at(best, art_idx, chunk_scores)
    if second <= 0:
        return best
    is_best = chunk_scores >= best[art_idx]
    rest = np.where(is_best, -np.inf, chunk_scores)
    runner = np.full(n_articles, -np.inf)
    np.maximum.at(runner, art_idx, rest)
    return best + second * np.where(np.isfinite(runner), np.maximum(runner, 0), 0)


def candidates(scores: np.ndarray, n: int) -> np.ndarray:
    """Indices of the n best chunks (as Chroma / the keyword index would hand them over)."""
    return np.argsort(-scores)[:n]


def evaluate_rankings(sig: Signals, rank_fn: Callable[[int], list[str]]) -> dict[str, Any]:
    ranks = {"single_doc": [], "multi_doc": []}  # type: dict[str, list[int | None]]
    per_question = []
    for qi, q in enumerate(sig.questions):
        ranking = rank_fn(qi)[:10]
        r = hit_rank(ranking, q)
        ranks[q["type"]].append(r)
        per_question.append(r)

    def agg(rs: list[int | None]) -> dict[str, float]:
        n = len(rs)
        return {
            "R@1": sum(1 for r in rs if r and r <= 1) / n,
            "R@5": sum(1 for r in rs if r and r <= 5) / n,
            "R@10": sum(1 for r in rs if r and r <= 10) / n,
            "MRR": sum(1 / r for r in rs if r and r <= 10) / n,
        }

    all_ranks = ranks["single_doc"] + ranks["multi_doc"]
    return {"all": agg(all_ranks), "single": agg(ranks["single_doc"]), "multi": agg(ranks["multi_doc"]),
            "per_question": per_question}  # fmt: skip


def line(name: str, result: dict[str, Any]) -> str:
    a, s, m = result["all"], result["single"], result["multi"]
    return (
        f"{name:<48} all R@1 {a['R@1']:.3f} R@5 {a['R@5']:.3f} R@10 {a['R@10']:.3f} MRR {a['MRR']:.3f} | "
        f"single R@1 {s['R@1']:.3f} MRR {s['MRR']:.3f} | multi R@5 {m['R@5']:.3f} R@10 {m['R@10']:.3f}"
    )


def normalise(scores: np.ndarray, how: str) -> np.ndarray:
    """Scores of the candidate articles (finite entries) onto a common scale; others → 0."""
    finite = np.isfinite(scores)
    out = np.zeros_like(scores)
    if not finite.any():
        return out
    values = scores[finite]
    if how == "minmax":
        low, high = values.min(), values.max()
        out[finite] = (values - low) / (high - low) if high > low else 1.0
    elif how == "max":
        out[finite] = values / values.max() if values.max() > 0 else 0.0
    elif how == "z":
        sd = values.std()
        out[finite] = (values - values.mean()) / sd if sd > 0 else 0.0
        out[finite] -= out[finite].min()
    elif how == "rank":  # reciprocal rank, RRF-style
        order = np.argsort(-values)
        ranks = np.empty(len(values))
        ranks[order] = np.arange(1, len(values) + 1)
        out[finite] = 1.0 / (60 + ranks)
    return out


def fused_scores(sig: Signals, text: str, p: dict[str, Any]) -> np.ndarray:
    n_art = len(sig.articles)
    w = p.get("w", 0.5)
    d = sig.dense_text(text).astype(np.float64) if w > 0 else np.zeros(len(sig.chunk_ids))
    b = sig.bm25_text(text, p.get("query_mode", "precise_nostop")).astype(np.float64)
    dense_mask = np.full_like(d, -np.inf)
    dc = candidates(d, p.get("dense_n", 60))
    dense_mask[dc] = d[dc]
    kw_mask = np.full_like(b, -np.inf)
    bc = candidates(b, p.get("kw_n", 60))
    bc = bc[b[bc] > 0]
    kw_mask[bc] = b[bc]
    da = article_scores(dense_mask, sig.chunk_art_idx, n_art, p.get("second", 0.0))
    ka = article_scores(kw_mask, sig.chunk_art_idx, n_art, p.get("second", 0.0))
    how = p.get("norm", "minmax")
    if how == "minmax_floor":  # dense: min-max within the candidates; bm25: divide by max
        dn, kn = normalise(da, "minmax"), normalise(ka, "max")
    else:
        dn, kn = normalise(da, how), normalise(ka, how)
    fused = w * dn + (1 - w) * kn
    if p.get("rrf_mix", 0) > 0:
        fused = fused + p["rrf_mix"] * (normalise(da, "rank") + normalise(ka, "rank")) * 60
    present = np.isfinite(da) | np.isfinite(ka)
    return np.where(present, fused, -np.inf)


def _order(sig: Signals, scores: np.ndarray, n: int = 50) -> list[str]:
    order = np.lexsort((np.arange(len(scores)), -scores))
    return [sig.articles[i] for i in order[:n] if np.isfinite(scores[i])]


def ranking(sig: Signals, qi: int, p: dict[str, Any]) -> list[str]:
    from bot.question import sub_questions

    text = sig.questions[qi]["question"]
    main = fused_scores(sig, text, p)
    subs = sub_questions(text) if p.get("decompose") else []
    if not subs:
        return _order(sig, main)
    merge = p.get("merge", "interleave")
    part_p = {**p, "w": p.get("part_w", p.get("w", 0.5))}
    sub_scores = [fused_scores(sig, t, part_p) for t in subs]
    if merge == "interleave":  # main 1, sub1 1, sub2 1, main 2, ...
        lists = [_order(sig, main), *(_order(sig, x) for x in sub_scores)]
        out: list[str] = []
        for i in range(50):
            for lst in lists:
                if i < len(lst) and lst[i] not in out:
                    out.append(lst[i])
        return out
    if merge == "insert":  # keep main's top ``keep``; then the best of each sub-question; then main
        keep = p.get("keep", 1)
        base = _order(sig, main)
        out = base[:keep]
        for x in sub_scores:
            taken = 0
            for a in _order(sig, x, 10):
                if taken == p.get("part_take", 1):
                    break
                if a not in out:
                    out.append(a)
                    taken += 1
        return out + [a for a in base if a not in out]
    if merge == "sum":  # each article: main + beta * best sub-question score
        beta = p.get("beta", 0.5)
        best = np.max(np.vstack([np.where(np.isfinite(x), x, 0) for x in sub_scores]), axis=0)
        return _order(sig, np.where(np.isfinite(main), main, 0) + beta * best)
    raise ValueError(merge)


def run_grid(sig: Signals, grid: list[tuple[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    results = {}
    for name, p in grid:
        results[name] = evaluate_rankings(sig, lambda qi, p=p: ranking(sig, qi, p))
        print(line(name, results[name]), flush=True)
    return results


def chunk_fused(sig: Signals, text: str, p: dict[str, Any]) -> np.ndarray:
    """Chunk-level fused scores (min-max of each signal), used to pick an article's best chunks."""
    w = p.get("w", 0.5)
    d = sig.dense_text(text).astype(np.float64) if w > 0 else np.zeros(len(sig.chunk_ids))
    b = sig.bm25_text(text, p.get("query_mode", "precise_nostop")).astype(np.float64)

    def mm(x: np.ndarray) -> np.ndarray:
        lo, hi = x.min(), x.max()
        return (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)

    return w * mm(d) + (1 - w) * mm(b)


def documents_for(sig: Signals, qi: int, p: dict[str, Any], k: int = 5) -> list[Any]:
    from langchain_core.documents import Document

    text = sig.questions[qi]["question"]
    ranked = ranking(sig, qi, p)[:k]
    fused = fused_scores(sig, text, p)
    chunk_scores = chunk_fused(sig, text, p)
    dense = sig.dense_text(text) if p.get("w", 0.5) > 0 else np.zeros(len(sig.chunk_ids))
    docs = []
    top = max((fused[sig.article_index[a]] for a in ranked), default=1.0)
    for a in ranked:
        idx = np.where(sig.chunk_art_idx == sig.article_index[a])[0]
        best = sorted(idx, key=lambda i: -chunk_scores[i])[: p.get("chunks_per_article", 2)]
        score = fused[sig.article_index[a]]
        docs.append(
            Document(
                id=a,
                page_content=sig.texts[a][sig.spans[best[0]][0] : sig.spans[best[0]][1]],
                metadata={"article_id": a, "title": "", "author": "", "date": "", "source": "",
                          "score": float(score / top) if np.isfinite(score) and top > 0 else 0.0,
                          "dense_similarity": float(max(dense[idx])),
                          "spans": [sig.spans[i] for i in best]},
            )
        )  # fmt: skip
    return docs


def answer_eval(
    sig: Signals, p: dict[str, Any], min_support: float = 0.5, show: bool = False
) -> dict[str, Any]:
    from bot.extractive import answer
    from bot.question import analyse
    from bot.scoring import answer_correct

    right = {"single_doc": [], "multi_doc": []}  # type: dict[str, list[bool]]
    lengths, refused, wrong = [], 0, []
    for qi, q in enumerate(sig.questions):
        docs = documents_for(sig, qi, p)
        got = answer(analyse(q["question"]), docs, sig.texts, None, min_support, 0.82)  # type: ignore[arg-type]
        ok = answer_correct(got.text, got.found, q)
        right[q["type"]].append(ok)
        if got.found:
            lengths.append(len(got.text))
        else:
            refused += 1
        if not ok:
            wrong.append((q["id"], q["question"], q["answer"], got.text[:150]))
    n = len(sig.questions)
    out = {
        "acc": sum(right["single_doc"] + right["multi_doc"]) / n,
        "single": sum(right["single_doc"]) / len(right["single_doc"]),
        "multi": sum(right["multi_doc"]) / max(1, len(right["multi_doc"])),
        "chars": sum(lengths) / max(1, len(lengths)),
        "refused": refused / n,
    }
    if show:
        for w in wrong:
            print("  WRONG", *w)
    print(json.dumps(out))
    return out


STEPS: list[tuple[str, dict[str, Any]]] = [
    ("BM25, search-mode query", {"w": 0.0, "query_mode": "search"}),
    ("BM25, precise query", {"w": 0.0}),
    ("dense only", {"w": 1.0}),
    ("RRF k=60, search-mode query", {"w": 0.5, "norm": "rank", "query_mode": "search"}),
    ("min-max w0.5, search-mode (old default)", {"w": 0.5, "query_mode": "search"}),
    *((f"min-max w{w}", {"w": w}) for w in (0.3, 0.4, 0.5, 0.6)),
    ("max-normalised w0.3", {"w": 0.3, "norm": "max"}),
    ("z-score w0.3", {"w": 0.3, "norm": "z"}),
    ("w0.3 + 0.1 x second chunk", {"w": 0.3, "second": 0.1}),
    ("w0.3, 120 candidates", {"w": 0.3, "dense_n": 120, "kw_n": 120}),
    (
        "w0.3 + split questions (parts w0.7, 2 each)",
        {"w": 0.3, "decompose": 1, "merge": "insert", "part_w": 0.7, "part_take": 2},
    ),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", default="../shared/eval/docs.jsonl")
    parser.add_argument("--questions", default="../shared/eval/dev.jsonl")
    parser.add_argument("--chunk-size", type=int, default=300)
    parser.add_argument("--chunk-overlap", type=int, default=60)
    parser.add_argument("--answers", action="store_true", help="also score the extractive answerer")
    args = parser.parse_args()
    settings = Settings(chunk_size=args.chunk_size, chunk_overlap=args.chunk_overlap)
    sig = Signals(Path(args.docs), Path(args.questions), settings)
    print(json.dumps({"chunks": len(sig.chunk_ids), "articles": len(sig.articles)}))
    run_grid(sig, STEPS)
    if args.answers:
        answer_eval(sig, STEPS[-1][1])


if __name__ == "__main__":
    main()
