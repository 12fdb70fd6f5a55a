"""BM25 over the catalog's chunk tokens (bm25s), cached on disk and rebuilt when the catalog moved on."""

from __future__ import annotations

import json
import math
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vectorstore.catalog import Catalog


@dataclass
class KeywordIndex:
    generation: int
    chunk_ids: list[str]
    article_ids: list[str]
    bm25: object | None  # bm25s.BM25; None when the catalog is empty

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk (in ``chunk_ids`` order) for the query."""
        if self.bm25 is None:
            return np.zeros(0, dtype=np.float32)
        vocab = self.bm25.vocab_dict  # type: ignore[attr-defined]
        known = [t for t in query_tokens if t in vocab]
        if not known:
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(known), dtype=np.float32)  # type: ignore[attr-defined]

    def idf(self, tokens: list[str]) -> dict[str, float]:
        """BM25's inverse chunk frequency of each token the index knows (Lucene's smoothed form)."""
        if self.bm25 is None:
            return {}
        vocab = self.bm25.vocab_dict  # type: ignore[attr-defined]
        matrix = self.bm25.scores  # type: ignore[attr-defined]  # a column per token, an entry per chunk holding it
        pointers, chunks = matrix["indptr"], matrix["num_docs"]
        weights = {}
        for token in dict.fromkeys(tokens):
            if token in vocab:
                held = int(pointers[vocab[token] + 1] - pointers[vocab[token]])
                weights[token] = math.log(1 + (chunks - held + 0.5) / (held + 0.5))
        return weights


def _build(catalog: Catalog, generation: int) -> KeywordIndex:
    import bm25s

    chunks = catalog.all_chunks()
    if not chunks:
        return KeywordIndex(generation, [], [], None)
    bm25 = bm25s.BM25()
    bm25.index([c.tokens or [""] for c in chunks], show_progress=False)
    return KeywordIndex(generation, [c.id for c in chunks], [c.article_id for c in chunks], bm25)


def load_keyword_index(catalog: Catalog, folder: Path) -> KeywordIndex:
    """The cached index when it matches the catalog's generation, else a fresh one (then cached)."""
    import bm25s

    generation = catalog.generation()
    stamp = folder / "newsbot-keywords.json"
    if stamp.is_file():
        saved = json.loads(stamp.read_text(encoding="utf-8"))
        if saved["generation"] == generation:
            bm25 = bm25s.BM25.load(str(folder), show_progress=False) if saved["chunk_ids"] else None
            return KeywordIndex(generation, saved["chunk_ids"], saved["article_ids"], bm25)
    index = _build(catalog, generation)
    # a private staging folder: another process may be rebuilding the same generation right now
    staging = folder.with_name(f"{folder.name}.partial-{os.getpid()}-{threading.get_ident()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    if index.bm25 is not None:
        index.bm25.save(str(staging), show_progress=False)  # type: ignore[attr-defined]
    meta = {"generation": generation, "chunk_ids": index.chunk_ids, "article_ids": index.article_ids}
    (staging / "newsbot-keywords.json").write_text(json.dumps(meta), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    try:
        staging.rename(folder)
    except OSError:  # the other process won the race; its copy is as good as ours
        shutil.rmtree(staging, ignore_errors=True)
    return index
