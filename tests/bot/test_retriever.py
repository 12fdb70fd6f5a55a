"""The hybrid retriever on a real index: reposts of one story take one place in the ranking; of two
reports on one subject, the one whose whole text holds the question's details goes first."""

import json
import shutil

import pytest

from bot.api import ingest, retrieve
from bot.retriever import Mode, _interleaved, query_keywords
from tests.conftest import HAIDIAN_QUESTION, HAIDIAN_TITLE, SEED_PAGE
from vectorstore.loaders import load_file

pytestmark = pytest.mark.slow


def test_a_repost_of_the_same_story_is_not_ranked_twice(make_settings):
    settings = make_settings(top_k=5)
    shutil.copy(SEED_PAGE, settings.data_dir / SEED_PAGE.name)
    [story] = [a for a in load_file(SEED_PAGE) if a.title == HAIDIAN_TITLE]
    repost = {"doc_id": "repost-1", "title": story.title, "text": "转载自劳动午报。" + story.text}
    (settings.data_dir / "reposts.jsonl").write_text(json.dumps(repost, ensure_ascii=False), encoding="utf-8")
    report = ingest(settings=settings)
    assert report.articles == 7

    got = retrieve(HAIDIAN_QUESTION, None, settings)
    titles = [d.metadata["title"] for d in got.documents]
    assert titles[0] == HAIDIAN_TITLE
    assert titles.count(HAIDIAN_TITLE) == 1  # the copy gave its place to another article
    assert len(titles) == 5 and len(set(titles)) == 5


NATIONAL_RATES = {
    "doc_id": "rates-national",
    "title": "人民银行公布6月金融数据",
    "text": "6月企业贷款加权平均利率为3.95%，比上年同期下降21个基点，处于历史低位。",
}
SHANGHAI_RATES = {
    "doc_id": "rates-shanghai",
    "title": "",
    "text": "7月27日，中国人民银行上海总部召开例行新闻发布会，介绍上海市上半年金融运行情况。"
    + "发布会介绍了上海市上半年存款、信贷、跨境人民币业务和外汇收支的总体情况，各项指标运行平稳。" * 4
    + "6月全市企业贷款加权平均利率为3.60%，比上年同期下降15个基点。",
}
RATE_QUESTION = "上海市6月企业贷款加权平均利率是多少？"


def test_the_report_whose_text_holds_the_question_details_goes_first(make_settings):
    settings = make_settings(top_k=3)
    shutil.copy(SEED_PAGE, settings.data_dir / SEED_PAGE.name)
    lines = (json.dumps(a, ensure_ascii=False) for a in (NATIONAL_RATES, SHANGHAI_RATES))
    (settings.data_dir / "rates.jsonl").write_text("\n".join(lines), encoding="utf-8")
    ingest(settings=settings)

    def ranking(mode: Mode = "hybrid", **overrides: float) -> list[str]:
        got = retrieve(RATE_QUESTION, None, settings.model_copy(update=overrides), mode)
        return [d.metadata["article_id"] for d in got.documents]

    # by its best chunk alone the national report wins: its one chunk repeats the rate's words, while
    # Shanghai's rate is in a chunk of its own that does not name Shanghai
    assert ranking(coverage_weight=0.0)[0] == "rates-national"
    assert ranking()[0] == "rates-shanghai"
    # the re-scoring is a keyword signal: the dense-only baseline stays dense only
    assert ranking("dense") == ranking("dense", coverage_weight=0.0)


def test_the_parts_of_a_question_bring_their_articles_in_turns():
    part_a, part_b = ["a1", "a2", "a3", "shared"], ["shared", "b1", "a1", "b2"]
    # the whole question's first article is taken; a part skips what the other part brought
    assert _interleaved([part_a, part_b], ["a1"], 2) == ["a2", "shared", "a3", "b1"]
    assert _interleaved([part_a, part_b], [], 1) == ["a1", "shared"]


def test_an_english_questions_keywords_are_its_chinese_words_and_a_name_as_written_only_alone():
    words = query_keywords("When did the Uber car crash in Tempe kill 702 people?")
    assert "优步" in words and "uber" not in words  # the dictionary's name is enough to search by
    assert "tempe" in words  # nothing else is known of Tempe
    assert "702" in words  # a number is searched for as written
