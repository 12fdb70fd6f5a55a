"""The chat page in a real browser: Debian's chromium driven by Playwright.

Set ``NEWSBOT_UPDATE_SCREENSHOTS=1`` to refresh the README's pictures in ``docs/screenshots/``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import gradio as gr
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot.app import build_app, launch_options, prepare
from bot.settings import Settings
from tests.conftest import HAIDIAN_QUESTION, HAIDIAN_TITLE, ROOT, SEED_PAGE, free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ANSWER_TIMEOUT = 90_000  # ms; the first question loads the model on a shared 2-core machine
# every other expectation waits up to 20 s, not Playwright's 5: a page update took longer on a busy
# machine (an upload's file name, seen in a CI run); a passing check returns as soon as it holds
expect.set_options(timeout=20_000)
GBK_TITLE = "石景山区举办职工篮球赛"
GBK_TEXT = f"{GBK_TITLE}\n\n7月2日,石景山区第五届职工篮球赛在首钢园开幕,共有二十四支队伍参赛。\n"
GBK_QUESTION = "石景山区职工篮球赛在哪里开幕？"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over a private index of the seed page (the tests upload and delete)."""
    base = tmp_path_factory.mktemp("browser")
    (base / "data").mkdir()
    shutil.copy(SEED_PAGE, base / "data" / SEED_PAGE.name)
    settings = Settings(index_dir=base / "index", data_dir=base / "data", port=free_port())
    prepare(settings)
    app: gr.Blocks = build_app(settings)
    app.launch(**launch_options(settings), prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{settings.port}/"
    app.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is missing: run scripts/install_browser.sh")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(headless=True, executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, url: str) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(url)
    expect(page.get_by_text("The archive holds")).to_be_visible(timeout=30_000)
    yield page
    page.close()


def screenshot(page: Page, name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 10_000
    if os.environ.get("NEWSBOT_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SCREENSHOTS / name)


def ask(page: Page, question: str) -> None:
    page.get_by_role("tab", name="Chat").click()
    box = page.get_by_test_id("textbox")  # its placeholder is gone after the first question
    box.fill(question)
    box.press("Enter")


def test_chat_answers_with_sources_follow_up_and_new_conversation(page: Page, tmp_path: Path) -> None:
    expect(page.get_by_text("The archive holds 6 articles")).to_be_visible()
    expect(page.get_by_text("Who spoke at the 17th congress")).to_be_visible()  # an English example

    ask(page, HAIDIAN_QUESTION)
    first = page.get_by_test_id("bot").nth(0)
    expect(first.locator(".newsbot-sources")).to_be_attached(timeout=ANSWER_TIMEOUT)
    expect(first).to_contain_text("张良")
    expect(first).to_contain_text("王合生")
    expect(first.locator("details")).to_have_count(1)  # three quotes of one article: listed once
    source = first.locator("details").first
    expect(source.locator("summary")).to_contain_text(f"[1][2][3] {HAIDIAN_TITLE}")
    expect(source.locator("summary")).to_contain_text("记者 赵思远")
    expect(source.locator("mark").first).not_to_be_visible()  # collapsed until asked for
    source.locator("summary").click()
    expect(source.locator('mark[title="[1]"]')).to_have_text(
        "北京市总工会党组书记、副主席张良,海淀区委书记王合生出席大会并讲话。"
    )
    expect(source.locator("mark")).to_have_count(3)
    expect(source.locator("blockquote")).to_contain_text("本报讯")
    expect(source.locator("small")).to_have_text(f"data/{SEED_PAGE.name}")
    screenshot(page, "chat.png", tmp_path)

    ask(page, "他们分别是什么职务？")
    second = page.get_by_test_id("bot").nth(1)
    expect(second.locator(".newsbot-sources")).to_be_attached(timeout=ANSWER_TIMEOUT)
    expect(second).to_contain_text("北京市总工会党组书记")

    page.get_by_role("button", name="New conversation").click()
    expect(page.get_by_test_id("bot")).to_have_count(0)
    ask(page, "他们分别是什么职务？")  # with no conversation behind it, there is nothing to resolve
    fresh = page.get_by_test_id("bot").nth(0)
    expect(fresh.locator(".newsbot-sources")).to_be_attached(timeout=ANSWER_TIMEOUT)
    expect(fresh).not_to_contain_text("北京市总工会党组书记")


def test_upload_a_gbk_file_ask_about_it_then_delete_it(page: Page, tmp_path: Path) -> None:
    upload = tmp_path / "石景山 篮球.txt"
    upload.write_bytes(GBK_TEXT.encode("gbk"))

    page.get_by_role("tab", name="Library").click()
    page.locator("input[type=file][accept*='.txt']").set_input_files(upload)
    # the upload goes through the server, as slow as an answer when the machine is busy
    expect(page.get_by_text("石景山 篮球.txt")).to_be_visible(timeout=ANSWER_TIMEOUT)
    page.get_by_role("button", name="Add to the archive").click()
    expect(page.get_by_text("Added 石景山_篮球.txt: 1 article(s)")).to_be_visible(timeout=ANSWER_TIMEOUT)
    expect(page.get_by_role("gridcell", name=GBK_TITLE)).to_be_visible()
    expect(page.get_by_text("The archive holds 7 articles")).to_be_visible()
    screenshot(page, "library.png", tmp_path)

    ask(page, GBK_QUESTION)
    answer = page.get_by_test_id("bot").nth(0)
    expect(answer.locator(".newsbot-sources")).to_be_attached(timeout=ANSWER_TIMEOUT)
    expect(answer).to_contain_text("首钢园")
    expect(answer.locator("summary").first).to_contain_text(GBK_TITLE)

    page.get_by_role("tab", name="Library").click()
    page.get_by_label("File (all its articles)").click()
    page.get_by_role("option", name="石景山_篮球.txt").click()
    page.get_by_role("button", name="Delete file").click()
    expect(page.get_by_text("Deleted 1 article(s)")).to_be_visible(timeout=ANSWER_TIMEOUT)
    expect(page.get_by_role("gridcell", name=GBK_TITLE)).to_have_count(0)
    expect(page.get_by_text("The archive holds 6 articles")).to_be_visible()

    page.get_by_role("tab", name="Chat").click()
    page.get_by_role("button", name="New conversation").click()
    ask(page, GBK_QUESTION)
    gone = page.get_by_test_id("bot").nth(0)
    expect(gone.locator(".newsbot-sources")).to_be_attached(timeout=ANSWER_TIMEOUT)
    expect(gone).not_to_contain_text("首钢园")
    expect(gone).not_to_contain_text(GBK_TITLE)


def test_the_stop_button_cancels_an_answer(page: Page, monkeypatch: pytest.MonkeyPatch) -> None:
    # the extractive answer takes ~50 ms and is typed out in ~0.4 s: slowed down (the server runs in
    # this process), the stop button is sure to be clicked while the answer is being typed
    monkeypatch.setattr("bot.app.STREAM_DELAY", 2.0)
    ask(page, HAIDIAN_QUESTION)
    # the stop button shows at once; on a busy machine a click before the reply's first piece
    # ("searching …") arrives would leave no reply to look at
    expect(page.get_by_test_id("bot")).to_have_count(1, timeout=ANSWER_TIMEOUT)
    page.get_by_test_id("stop-button").click(timeout=ANSWER_TIMEOUT)  # shown while it is answering
    expect(page.get_by_test_id("stop-button")).to_have_count(0)
    expect(page.get_by_test_id("bot")).to_have_count(1)
    monkeypatch.undo()

    ask(page, "东城职工在哪里赛龙舟？")  # the page still answers, and the stopped turn stays stopped
    answer = page.get_by_test_id("bot").nth(1)
    expect(answer.locator(".newsbot-sources")).to_be_attached(timeout=ANSWER_TIMEOUT)
    expect(answer).to_contain_text("龙潭湖")
    stopped = page.get_by_test_id("bot").nth(0)  # cut off while searching or typing: no sources
    expect(stopped.locator(".newsbot-sources")).to_have_count(0)
