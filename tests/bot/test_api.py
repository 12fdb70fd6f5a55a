"""The public API on the seed page: real model, real Chroma."""

import json
import os
import subprocess
import sys

import pytest

from bot import Answer, ask
from bot.api import open_archive, warm_up
from bot.crosslingual import _cedict, glossary, phrase_words
from bot.errors import InputError
from bot.settings import Settings
from tests.conftest import HAIDIAN_QUESTION, HAIDIAN_TITLE, ROOT
from vectorstore.archive import IndexMismatchError

pytestmark = pytest.mark.slow


def _assert_quotes_verbatim(answer: Answer, settings) -> None:
    stored = open_archive(settings).catalog.get_articles(c.article_id for c in answer.citations)
    for citation in answer.citations:
        text = stored[citation.article_id].text
        assert citation.quote in text
        assert text[citation.quote_start : citation.quote_start + len(citation.quote)] == citation.quote
        assert f"[{citation.n}]" in answer.text


def test_haidian_question_names_both_speakers_with_a_verbatim_quote(seed_settings):
    answer = ask(HAIDIAN_QUESTION, settings=seed_settings)
    assert answer.found
    assert "张良" in answer.text and "王合生" in answer.text
    assert answer.text.startswith("张良、王合生")  # leads with the asked-for names
    first = answer.citations[0]
    assert first.title == HAIDIAN_TITLE and first.author == "赵思远"
    assert first.source.endswith("laodong-wubao-2023-06-haidian-page.txt")
    assert "张良" in first.quote and "王合生" in first.quote
    _assert_quotes_verbatim(answer, seed_settings)


def test_english_question_finds_the_same_article(seed_settings):
    answer = ask("Who spoke at the Haidian congress?", settings=seed_settings)
    assert answer.found
    assert answer.citations[0].title == HAIDIAN_TITLE
    assert "Zhang Liang" in answer.text
    _assert_quotes_verbatim(answer, seed_settings)


@pytest.mark.parametrize(
    ("question", "fact", "title"),
    [
        (
            "How many watermelons did the security company union give out?",
            "1万斤",
            "北京经济技术开发区工会“送清凉”慰问进工地",
        ),
        ("How many teams took part in the workers' football league?", "40支", "第四届副中心职工足球联赛开赛"),
        ("Where was the dragon boat race held?", "龙潭", "东城职工组队龙潭湖上赛龙舟"),
    ],
)
def test_english_questions_that_name_no_one_are_answered(seed_settings, question, fact, title):
    answer = ask(question, settings=seed_settings)
    assert answer.found, answer.text
    assert answer.text.startswith(fact)
    assert answer.citations[0].title == title
    _assert_quotes_verbatim(answer, seed_settings)


def test_an_english_question_the_page_cannot_answer_is_refused(seed_settings):
    assert not ask("Who won the Olympic gold medal in 2024?", settings=seed_settings).found
    assert not ask("What did the mayor of Atlantis say about the tide?", settings=seed_settings).found


def test_question_the_page_cannot_answer_is_refused(seed_settings):
    answer = ask("朝阳区职工篮球赛在哪里举行？", settings=seed_settings)
    assert not answer.found
    assert answer.citations == []
    assert "没有" in answer.text


def test_follow_up_uses_the_conversation(seed_settings):
    first = ask(HAIDIAN_QUESTION, settings=seed_settings)
    follow = ask("他们分别担任什么职务？", history=[(HAIDIAN_QUESTION, first.text)], settings=seed_settings)
    assert follow.found
    assert follow.citations[0].title == HAIDIAN_TITLE
    assert "党组书记" in follow.text


def test_warm_up_loads_the_dictionaries_a_first_question_would(seed_settings):
    for loaded in (_cedict, glossary, phrase_words):
        loaded.cache_clear()
    warm_up(seed_settings)
    # CC-CEDICT (surnames of who-answers, English words) and the phrase index of English words
    # that are no gloss on their own
    assert [f.cache_info().currsize for f in (_cedict, glossary, phrase_words)] == [1, 1, 1]


@pytest.mark.parametrize("question", ["", "   ", "x" * 2001])
def test_bad_questions_are_input_errors(seed_settings, question):
    before = open_archive(seed_settings).catalog.counts()
    with pytest.raises(InputError):
        ask(question, settings=seed_settings)
    assert open_archive(seed_settings).catalog.counts() == before


def _cli(*args: str, env_index: str, data_dir: str, **more_env: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    env.update(NEWSBOT_INDEX_DIR=env_index, NEWSBOT_DATA_DIR=data_dir, **more_env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=600
    )


def test_cli_ask_json_and_exit_codes(seed_settings):
    index, data = str(seed_settings.index_dir), str(seed_settings.data_dir)
    done = _cli("ask", HAIDIAN_QUESTION, "--json", env_index=index, data_dir=data)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["found"] is True and "张良" in payload["text"]
    assert payload["citations"][0]["title"] == HAIDIAN_TITLE
    assert {"n", "article_id", "title", "author", "date", "source", "quote", "score"} <= set(
        payload["citations"][0]
    )

    empty = _cli("ask", "", env_index=index, data_dir=data)
    assert empty.returncode == 2
    assert empty.stderr.strip() == "newsbot: the question is empty"

    missing = _cli("ingest", "/no/such/place", env_index=index, data_dir=data)
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines()[-1] == "newsbot: /no/such/place: no such file or directory"
    assert "Traceback" not in missing.stderr


def test_ask_on_an_empty_index_ingests_the_data_folder_first(make_settings, capsys):
    import shutil

    from tests.conftest import SEED_PAGE

    settings = make_settings()
    shutil.copy(SEED_PAGE, settings.data_dir / SEED_PAGE.name)
    answer = ask(HAIDIAN_QUESTION, settings=settings)
    assert answer.found and "王合生" in answer.text
    assert "ingesting" in capsys.readouterr().err


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields if f"NEWSBOT_{name.upper()}" not in readme]
    assert missing == []


def test_an_index_of_one_embedding_model_refuses_another(seed_settings):
    other = seed_settings.model_copy(update={"embedding_model": "/elsewhere/another-model"})
    with pytest.raises(IndexMismatchError, match="'multilingual-e5-small', not '/elsewhere/another-model'"):
        open_archive(other)
    env_index, data = str(seed_settings.index_dir), str(seed_settings.data_dir)
    env = {"NEWSBOT_EMBEDDING_MODEL": "/elsewhere/another-model"}
    shown = _cli("stats", "--json", env_index=env_index, data_dir=data)
    assert shown.returncode == 0
    recorded = json.loads(shown.stdout)
    assert (recorded["embedding_model"], recorded["chunking"]) == ("multilingual-e5-small", "300/60")
    refused = _cli("stats", env_index=env_index, data_dir=data, **env)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.strip().startswith("newsbot: ") and len(refused.stderr.strip().splitlines()) == 1
    assert open_archive(seed_settings.model_copy(update={"embedding_backend": "torch"})).vector_count() > 0
