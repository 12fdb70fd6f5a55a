"""The hybrid retriever on a real index: reposts of one story take one place in the ranking."""

import json
import shutil

import pytest

from bot.api import ingest, retrieve
from bot.retriever import _interleaved
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


def test_the_parts_of_a_question_bring_their_articles_in_turns():
    part_a, part_b = ["a1", "a2", "a3", "shared"], ["shared", "b1", "a1", "b2"]
    # the whole question's first article is taken; a part skips what the other part brought
    assert _interleaved([part_a, part_b], ["a1"], 2) == ["a2", "shared", "a3", "b1"]
    assert _interleaved([part_a, part_b], [], 1) == ["a1", "shared"]
