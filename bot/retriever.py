"""Hybrid retrieval: dense (Chroma) and keyword (BM25) rankings fused per article."""

from __future__ import annotations

import re
from typing import Literal

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from vectorstore.archive import Archive
from vectorstore.catalog import StoredArticle
from vectorstore.tokens import keyword_tokens

CJK = re.compile(r"[\u4e00-\u9fff]")
Mode = Literal["hybrid", "dense", "bm25"]
QueryTokens = Literal["precise", "search"]
KEEP_WHOLE_QUESTION = 1  # a two-part question's ranking keeps this many of the whole question's first
# a news archive holds reposts of the same story: an article sharing this share of its 4-character
# pieces with a better-ranked one is a copy and gives its place to the next article
DUPLICATE_SHARE = 0.7
SHINGLE = 4
# an article is scored by its best chunk; the first articles are then also scored by how much of the
# question's rare words their whole text holds, which tells reports on one subject apart
COVERAGE_ARTICLES = 20


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text))


def _normalised(scores: dict[str, float]) -> dict[str, float]:
    """Min-max onto [0, 1]; a single candidate gets 1."""
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    span = high - low
    return {key: (value - low) / span if span > 0 else 1.0 for key, value in scores.items()}


class HybridRetriever(BaseRetriever):
    """Returns one ``Document`` per article, best first. ``page_content`` is the article's best chunk;
    metadata holds the article's fields, its fused ``score``, ``dense_similarity`` and the offsets of
    its best chunks (``spans``)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    archive: Archive
    k: int = 5
    dense_candidates: int = 60
    dense_weight: float = 0.3
    mode: Mode = "hybrid"
    chunks_per_article: int = 2

    query_tokens: QueryTokens = "precise"
    english_dense_weight: float = 0.5
    split_questions: bool = True
    split_dense_weight: float = 0.7
    split_articles: int = 3
    coverage_weight: float = 1.0

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun | None = None
    ) -> list[Document]:
        from bot.question import sub_questions

        fused, dense_articles, chunk_scores = self._rank(query, self.dense_weight)
        ranked = sorted(fused, key=lambda a: (-fused[a], a))
        parts = sub_questions(query) if self.split_questions and has_cjk(query) else []
        if parts:
            # the whole question's best article, the best articles of the parts in turns, then the
            # rest; the parts lean on the dense ranking, which finds the article of each part more often
            ranked = ranked[:KEEP_WHOLE_QUESTION]
            part_rankings = []
            for part in parts:
                part_fused, part_dense, part_chunks = self._rank(part, self.split_dense_weight)
                part_rankings.append(sorted(part_fused, key=lambda a: (-part_fused[a], a)))
                for article_id in part_fused:
                    dense_articles[article_id] = max(
                        dense_articles.get(article_id, 0.0), part_dense.get(article_id, 0.0)
                    )
                    fused.setdefault(article_id, part_fused[article_id])
                for chunk_id, score in part_chunks.items():
                    chunk_scores[chunk_id] = max(chunk_scores.get(chunk_id, 0.0), score)
            ranked += _interleaved(part_rankings, ranked, self.split_articles)
            ranked += [a for a in sorted(fused, key=lambda a: (-fused[a], a)) if a not in ranked]
        articles = self.archive.catalog.get_articles(ranked[: max(self.k * 4, COVERAGE_ARTICLES)])
        if not has_cjk(query):
            ranked = _named_first(query, ranked, articles)
        elif not parts and self.coverage_weight > 0 and self.mode != "dense":  # a keyword signal
            ranked = self._by_coverage(query, ranked, articles, fused)
        return self._documents(
            self._distinct(ranked, articles), articles, fused, dense_articles, chunk_scores
        )

    def _distinct(self, ranked: list[str], articles: dict[str, StoredArticle]) -> list[str]:
        """The first ``k`` articles of ``ranked`` that are not copies of a better-ranked one."""
        kept: list[str] = []
        pieces: list[set[str]] = []
        for article_id in ranked:
            if len(kept) == self.k:
                break
            article = articles.get(article_id)
            text = article.text if article else ""
            own = {text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}
            if own and any(
                len(own & other) >= DUPLICATE_SHARE * min(len(own), len(other)) for other in pieces
            ):
                continue
            kept.append(article_id)
            pieces.append(own)
        return kept

    def _by_coverage(
        self, query: str, ranked: list[str], articles: dict[str, StoredArticle], fused: dict[str, float]
    ) -> list[str]:
        """The first :data:`COVERAGE_ARTICLES` of ``ranked`` re-scored: fused score + ``coverage_weight``
        × the idf-weighted share of the question's words (numbers left out: years and months have
        checks of their own) that the article's title and text hold. Only the order changes: the
        answerer's rank prior still reads ``fused`` (with the new scores it lost dev answers)."""
        words = [w for w in query_keywords(query, self.query_tokens) if not w.isdigit()]
        weights = self.archive.keyword_index().idf(words)
        total = sum(weights.values())
        if not total:
            return ranked
        head = ranked[:COVERAGE_ARTICLES]
        scores = {}
        for article_id in head:
            article = articles.get(article_id)
            text = (article.title + article.text).lower() if article else ""
            held = sum(weight for word, weight in weights.items() if word in text) / total
            scores[article_id] = fused[article_id] + self.coverage_weight * held
        return sorted(head, key=lambda a: (-scores[a], a)) + ranked[COVERAGE_ARTICLES:]

    def _rank(self, query: str, weight: float) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
        """Fused article scores, dense article similarities and fused chunk scores of one query."""
        dense_chunks = self._dense(query) if self.mode != "bm25" else {}
        keyword_chunks = self._keyword(query) if self.mode != "dense" else {}
        if self.mode == "dense" or (self.mode == "hybrid" and not keyword_chunks):
            weight = 1.0
        elif self.mode == "hybrid" and not has_cjk(query):
            weight = self.english_dense_weight
        elif self.mode == "bm25":
            weight = 0.0
        dense_articles = _best_per_article(dense_chunks)
        keyword_articles = _best_per_article(keyword_chunks)
        fused = _fuse(_normalised(dense_articles), _normalised(keyword_articles), weight)
        chunk_scores = _fuse(_normalised(dense_chunks), _normalised(keyword_chunks), weight)
        return fused, dense_articles, chunk_scores

    def _dense(self, query: str) -> dict[str, float]:
        vector = self.archive.embeddings.embed_query(query)
        return dict(self.archive.dense_search(vector, self.dense_candidates))

    def _keyword(self, query: str) -> dict[str, float]:
        index = self.archive.keyword_index()
        scores = index.scores(query_keywords(query, self.query_tokens))
        if not scores.size or float(scores.max()) <= 0:
            return {}
        top = np.argsort(-scores)[: max(self.dense_candidates, 1)]
        return {index.chunk_ids[i]: float(scores[i]) for i in top if scores[i] > 0}

    def _documents(
        self,
        ranked: list[str],
        articles: dict[str, StoredArticle],
        fused: dict[str, float],
        dense_articles: dict[str, float],
        chunk_scores: dict[str, float],
    ) -> list[Document]:
        """``articles``: those already read from the catalog; the rest of ``ranked`` is read here."""
        missing = [a for a in ranked if a not in articles]
        articles = {**articles, **self.archive.catalog.get_articles(missing)} if missing else articles
        spans = self.archive.catalog.chunk_spans(ranked)
        documents = []
        for article_id in ranked:
            article = articles.get(article_id)
            if article is None:
                continue
            chunks = sorted(spans[article_id], key=lambda s: -chunk_scores.get(s[0], 0.0))
            best = chunks[: self.chunks_per_article]
            start, end = best[0][1], best[0][2]
            documents.append(
                Document(
                    id=article_id,
                    page_content=article.text[start:end],
                    metadata={
                        "article_id": article_id, "title": article.title, "author": article.author,
                        "date": article.date, "source": article.source, "score": fused[article_id],
                        "dense_similarity": dense_articles.get(article_id, 0.0),
                        "spans": [(s, e) for _, s, e in best],
                    },
                )
            )  # fmt: skip
        return documents


def query_keywords(query: str, how: QueryTokens = "precise") -> list[str]:
    """The question's BM25 terms. ``precise``: jieba's precise mode without question words (谁, 什么,
    多少 …); ``search``: the sub-word search mode the index is built with. Precise mode ranks better:
    a question's long words are not split into sub-words that every article shares. An English
    question's terms are the Chinese words of its words (:func:`bot.crosslingual.chinese_terms`)."""
    if not has_cjk(query):  # an English question: the Chinese words its words translate to
        from bot.crosslingual import chinese_terms

        terms = chinese_terms(query)  # a word as written (China, Uber) only when nothing else is known
        return [
            t
            for term, words in terms.items()
            for w in words
            if w != term or len(words) == 1 or not term.isalpha()  # 702 stays: the number itself
            for t in keyword_tokens(w, search=False)
        ]
    if how == "search":
        return keyword_tokens(query)
    from bot.question import is_question_word

    return [w for w in keyword_tokens(query, search=False) if not is_question_word(w)]


def _named_first(query: str, ranked: list[str], articles: dict[str, StoredArticle]) -> list[str]:
    """An English question's pinyin names (Haidian) have no keyword to match: the articles read that
    hold them in hanzi (海淀) go first, in their order."""
    from bot.crosslingual import asked_names, names_in

    names = asked_names(query)
    if not names:
        return ranked
    named = {a for a in articles if names_in(names, articles[a].title + articles[a].text)}
    return sorted(ranked, key=lambda a: a not in named)


def _interleaved(rankings: list[list[str]], taken: list[str], per_ranking: int) -> list[str]:
    """``per_ranking`` articles of each ranking that are not ``taken``, in turns (the best of each
    part, then the next best of each …), so that no part of a question crowds out the other."""
    fresh = [[a for a in ranking if a not in taken] for ranking in rankings]
    merged: list[str] = []
    for _ in range(per_ranking):
        for ranking in fresh:
            ahead = next((a for a in ranking if a not in merged), None)
            if ahead is not None:
                merged.append(ahead)
    return merged


def _fuse(dense: dict[str, float], keyword: dict[str, float], dense_weight: float) -> dict[str, float]:
    return {
        key: dense_weight * dense.get(key, 0.0) + (1 - dense_weight) * keyword.get(key, 0.0)
        for key in dense.keys() | keyword.keys()
    }


def _best_per_article(chunk_scores: dict[str, float]) -> dict[str, float]:
    best: dict[str, float] = {}
    for chunk_id, score in chunk_scores.items():
        article_id = chunk_id.rsplit(":", 1)[0]
        if score > best.get(article_id, float("-inf")):
            best[article_id] = score
    return best
