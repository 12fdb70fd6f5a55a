"""The chat page's API, driven through ``gradio_client`` against a real server on a free port."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import gradio as gr
import pytest
from gradio_client import Client

from bot import api
from bot.answer_types import Answer, Citation
from bot.app import (
    CHAT_CONCURRENCY,
    ERROR_MARK,
    SEARCHING,
    WRITE_QUEUE,
    build_app,
    chat_responder,
    launch_options,
    parse_auth,
    to_history,
)
from bot.llm import LLMUnavailableError
from bot.settings import Settings
from tests.conftest import HAIDIAN_QUESTION, HAIDIAN_TITLE, free_port

HAIDIAN_QUOTE = "北京市总工会党组书记、副主席张良,海淀区委书记王合生出席大会并讲话。"
FOLLOW_UP = "他们分别是什么职务？"


def launch(settings: Settings) -> tuple[gr.Blocks, str]:
    app = build_app(settings)
    options = launch_options(settings.model_copy(update={"port": free_port()}))
    app.launch(**options, prevent_thread_lock=True, quiet=True)
    return app, f"http://127.0.0.1:{options['server_port']}/"


@pytest.fixture(scope="module")
def server(seed_settings: Settings) -> Iterator[tuple[gr.Blocks, str]]:
    app, url = launch(seed_settings)
    yield app, url
    app.close()


@pytest.fixture
def url(server: tuple[gr.Blocks, str]) -> str:
    return server[1]


def new_client(url: str, **kwargs: object) -> Client:
    return Client(url, verbose=False, analytics_enabled=False, download_files=False, **kwargs)  # type: ignore[arg-type]


@pytest.mark.slow
def test_chat_endpoint_answers_with_numbered_sources(url: str) -> None:
    result = new_client(url).predict(HAIDIAN_QUESTION, api_name="/chat")
    assert isinstance(result, str)
    answer, sources = result.split('<div class="newsbot-sources">', 1)
    assert "张良" in answer and "王合生" in answer and "[1]" in answer
    cited = re.findall(r"\[(\d)\]", answer)  # every quote of the answer is from the one article
    assert len(cited) >= 2 and f"<b>{''.join(f'[{n}]' for n in cited)} {HAIDIAN_TITLE}</b>" in sources
    assert sources.count("<details>") == 1 and sources.count("— 记者 赵思远") == 1  # listed once
    assert f'<mark title="[1]">{HAIDIAN_QUOTE}</mark>' in sources  # the quote, highlighted in its paragraph
    assert sources.count("<mark") == len(cited) and "本报讯" in sources


@pytest.mark.slow
def test_follow_up_uses_the_conversation(url: str) -> None:
    client = new_client(url)
    client.predict(HAIDIAN_QUESTION, api_name="/chat")
    follow_up = client.predict(FOLLOW_UP, api_name="/chat")
    assert "北京市总工会党组书记" in follow_up and "区委书记" in follow_up
    alone = new_client(url).predict(FOLLOW_UP, api_name="/chat")  # a new conversation
    assert "北京市总工会党组书记" not in alone


@pytest.mark.slow
def test_answers_stream_in(url: str) -> None:
    job = new_client(url).submit(HAIDIAN_QUESTION, api_name="/chat")
    final = job.result()
    outputs = [o for o in job.outputs() if isinstance(o, str)]
    assert outputs[0] == SEARCHING
    partial = outputs[1:-1]
    assert len(partial) >= 3
    assert all(final.startswith(p) for p in partial)
    assert [len(p) for p in partial] == sorted(len(p) for p in partial)


@pytest.mark.slow
def test_a_refusal_says_the_archive_does_not_hold_it(url: str) -> None:
    result = new_client(url).predict("今天天气怎么样？", api_name="/chat")
    assert "资料库中没有找到能回答这个问题的内容" in result
    assert "Nothing in the archive answers this" in result
    assert "<details" not in result


def test_bad_input_is_a_message_not_a_traceback(url: str) -> None:
    result = new_client(url).predict("x" * 2500, api_name="/chat")
    assert result.startswith(ERROR_MARK) and "longer than 2000 characters" in result
    assert "Traceback" not in result


def test_an_internal_failure_is_a_message(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the index is on fire")

    monkeypatch.setattr(api, "ask_stream", broken)
    result = new_client(url).predict(HAIDIAN_QUESTION, api_name="/chat")
    assert result.startswith(ERROR_MARK) and "RuntimeError" in result
    assert "on fire" not in result and "Traceback" not in result


@pytest.mark.slow
def test_concurrent_questions_each_get_their_own_answer(url: str) -> None:
    questions = [HAIDIAN_QUESTION, "今天天气怎么样？", HAIDIAN_QUESTION, "东城职工在哪里赛龙舟？"]
    with ThreadPoolExecutor(len(questions)) as pool:
        results = list(pool.map(lambda q: new_client(url).predict(q, api_name="/chat"), questions))
    assert "王合生" in results[0] and "王合生" in results[2]
    assert "资料库中没有" in results[1]
    assert "龙潭湖" in results[3] and "王合生" not in results[3]


def test_questions_run_concurrently_and_writes_one_at_a_time(server: tuple[gr.Blocks, str]) -> None:
    fns = {fn.api_name: fn for fn in server[0].fns.values() if fn.api_name}
    assert fns["chat"].concurrency_limit == CHAT_CONCURRENCY > 1
    for name in ("upload", "delete_article", "delete_file"):
        assert fns[name].concurrency_id == WRITE_QUEUE and fns[name].concurrency_limit == 1


def test_launch_options_never_share_and_take_auth_from_settings() -> None:
    settings = Settings(host="127.0.0.1", port=7999, auth="reader:s3cret:x")
    options = launch_options(settings)
    assert options["share"] is False
    assert (options["server_name"], options["server_port"]) == ("127.0.0.1", 7999)
    assert options["auth"] == ("reader", "s3cret:x")
    assert launch_options(Settings())["auth"] is None
    for bad in ("reader", ":pw", "reader:"):
        with pytest.raises(ValueError, match="user:password"):
            parse_auth(bad)


def test_model_deltas_stream_then_the_checked_answer_replaces_them(
    seed_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = api.open_archive(seed_settings).catalog
    article_id = next(a.id for a, _ in catalog.list_articles() if a.title == HAIDIAN_TITLE)
    final = Answer(
        question=HAIDIAN_QUESTION, text="张良、王合生出席大会并讲话。[1]", found=True,
        citations=[Citation(n=1, article_id=article_id, title=HAIDIAN_TITLE, author="赵思远", date="",
                            source="data/x.txt", quote=HAIDIAN_QUOTE, score=1.0, quote_start=-1)],
    )  # fmt: skip
    seen: list[object] = []

    def fake_stream(question: str, history: object, **kwargs: object) -> Iterator[str | Answer]:
        seen.append(history)
        yield from ["张良", "、王合生", "出席", final]

    monkeypatch.setattr(api, "ask_stream", fake_stream)
    history = [{"role": "user", "content": "问题"}, {"role": "assistant", "content": "答案"}]
    replies = list(chat_responder(seed_settings)("他们呢？", history))
    assert replies[1:4] == ["张良", "张良、王合生", "张良、王合生出席"]
    assert replies[-1].startswith(final.text) and f'<mark title="[1]">{HAIDIAN_QUOTE}</mark>' in replies[-1]
    assert seen == [[("问题", "答案")]]

    def unavailable(*args: object, **kwargs: object) -> None:
        raise LLMUnavailableError("cannot reach http://127.0.0.1:8080/v1: is the server running?")

    monkeypatch.setattr(api, "ask_stream", unavailable)
    [_, reply] = chat_responder(seed_settings)(HAIDIAN_QUESTION, [])
    assert (
        reply
        == f"{ERROR_MARK} The language model is unavailable: cannot reach http://127.0.0.1:8080/v1: is the server running?"
    )


def test_history_pairs_skip_sources_and_errors() -> None:
    messages = [
        {"role": "user", "content": "问题一"},
        {
            "role": "assistant",
            "content": '答案一[1]\n\n<div class="newsbot-sources"><details>…</details></div>',
        },
        {"role": "user", "content": [{"type": "text", "text": "问题二"}]},
        {"role": "assistant", "content": [{"type": "text", "text": f"{ERROR_MARK} the question is empty"}]},
        {"role": "user", "content": "被停下的问题"},
        {"role": "assistant", "content": "_Searching the archive …_"},
        {"role": "user", "content": "问题三"},
        {"role": "assistant", "content": [{"type": "text", "text": "答案三"}]},
    ]
    assert to_history(messages) == [("问题一", "答案一[1]"), ("问题三", "答案三")]


@pytest.mark.slow
def test_auth_protects_the_page(seed_settings: Settings) -> None:
    app, url = launch(seed_settings.model_copy(update={"auth": "reader:s3cret"}))
    try:
        with pytest.raises(Exception):  # noqa: B017 - gradio_client raises a plain ValueError here
            new_client(url)
        result = new_client(url, auth=("reader", "s3cret")).predict(HAIDIAN_QUESTION, api_name="/chat")
        assert "王合生" in result
    finally:
        app.close()
