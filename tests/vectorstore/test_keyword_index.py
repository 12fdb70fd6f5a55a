"""BM25's idf read from the keyword index: a word few chunks hold weighs more than a common one."""

import math

import bm25s

from vectorstore.keyword_index import KeywordIndex


def test_idf_counts_the_chunks_that_hold_each_word():
    chunks = [["上海", "利率"], ["利率", "企业"], ["利率"], ["利率", "企业", "企业"]]
    bm25 = bm25s.BM25()
    bm25.index(chunks, show_progress=False)
    index = KeywordIndex(1, [f"c{i}" for i in range(4)], ["a"] * 4, bm25)

    weights = index.idf(["上海", "企业", "利率", "利率", "北京"])
    assert set(weights) == {"上海", "企业", "利率"}  # a word the index does not know has no weight
    assert math.isclose(weights["上海"], math.log(1 + 3.5 / 1.5))  # in 1 of 4 chunks
    assert math.isclose(weights["企业"], math.log(1 + 2.5 / 2.5))  # in 2 (once counted per chunk)
    assert math.isclose(weights["利率"], math.log(1 + 0.5 / 4.5))  # in all 4
    assert KeywordIndex(0, [], [], None).idf(["上海"]) == {}
