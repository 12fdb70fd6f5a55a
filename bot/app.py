"""The chat page (``newsbot serve``): a Gradio layer over ``bot.api`` and ``bot.library``.

The chat endpoint is ``/chat`` (``gradio_client.Client(url).predict(question, api_name="/chat")``);
it returns the answer followed by its sources. Questions run concurrently (reads do not block each
other); uploads and deletions wait in one queue and run one at a time, besides taking the index
write lock (which also orders them with a `newsbot ingest` in another process).
"""

from __future__ import annotations

import html
import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from bot import api, library
from bot.answer_types import Answer, Citation
from bot.condense import History
from bot.llm import LLMUnavailableError
from bot.settings import Settings

log = logging.getLogger(__name__)

CHAT_CONCURRENCY = 4  # questions answered at once: they only read, and more would just share the CPUs
WRITE_QUEUE = "index-write"  # uploads and deletions: one at a time
SOURCES_MARK = '<div class="newsbot-sources">'  # where an answer's text ends and its sources begin
ERROR_MARK = "⚠"  # DejaVu has it; emoji fonts are not a given
SEARCHING = "_Searching the archive …_"  # shown until the answer starts; left behind by the stop button
STREAM_PIECES, STREAM_DELAY = 12, 0.03
WHOLE_TEXT = 40  # characters: a delta this long is a whole answer, shown in pieces
EXAMPLES = [
    "谁在海淀区工会第十七次代表大会上讲话？",
    "Who spoke at the 17th congress of the Haidian District trade union?",
    "东城职工在哪里赛龙舟？",
]
CSS = """
.newsbot-sources { margin-top: .75em; border-top: 1px solid var(--border-color-primary); }
.newsbot-sources details { margin: .35em 0; }
.newsbot-sources summary { cursor: pointer; }
.newsbot-sources mark { background: #ffe58a; color: inherit; padding: 0 .1em; }
.newsbot-sources blockquote sup { color: #8a6d00; font-size: .7em; margin-right: .2em; }
.newsbot-sources blockquote { margin: .3em 0 .3em .8em; }
"""


# --- chat -----------------------------------------------------------------------------------------


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "")
    if isinstance(content, list):
        return "".join(_text_of(part) for part in content)
    return ""


def to_history(messages: list[dict[str, Any]]) -> History:
    """Gradio's messages → ``ask``'s (question, answer) pairs, without sources, errors or stopped turns."""
    pairs: History = []
    question: str | None = None
    for message in messages:
        text = _text_of(message.get("content"))
        if message.get("role") == "user":
            question = text
        elif message.get("role") == "assistant" and question is not None:
            answer = text.split(SOURCES_MARK, 1)[0].strip()
            if answer and answer != SEARCHING and not answer.startswith(ERROR_MARK):
                pairs.append((question, answer))
            question = None
    return pairs


def short_source(source: str, settings: Settings) -> str:
    """A source as the user knows it: ``data/...`` rather than a long absolute path."""
    home = str(settings.data_dir.resolve().parent) + "/"
    return source.removeprefix(home)


def _article_html(citations: list[Citation], settings: Settings) -> str:
    """One cited article: its numbers, title and byline; each quote highlighted in its paragraph
    (quotes of one paragraph in one)."""
    first = citations[0]
    paragraphs: dict[str, list[tuple[int, int, int]]] = {}  # paragraph → (start, end, n) of its quotes
    text = library.article_text(settings, first.article_id)
    for citation in citations:
        before, quote, after = library.quote_in_paragraph(text, citation.quote_start, citation.quote)
        paragraphs.setdefault(before + quote + after, []).append(
            (len(before), len(before) + len(quote), citation.n)
        )
    byline = " · ".join(part for part in (f"记者 {first.author}" if first.author else "", first.date) if part)
    esc = html.escape
    numbers = "".join(f"[{c.n}]" for c in citations)
    quotes = "".join(f"<blockquote>{_marked(p, spans)}</blockquote>" for p, spans in paragraphs.items())
    return (
        f"<details><summary><b>{numbers} {esc(first.title)}</b>"
        f"{' — ' + esc(byline) if byline else ''}</summary>"
        f"{quotes}<small>{esc(short_source(first.source, settings))}</small></details>"
    )


def _marked(paragraph: str, spans: list[tuple[int, int, int]]) -> str:
    """The paragraph with each quote in a ``<mark>``, followed by its number (an overlapping quote
    is shown by the mark before it)."""
    pieces, at = [], 0
    for start, end, n in sorted(spans):
        if start < at:
            continue
        pieces += [
            html.escape(paragraph[at:start]),
            f'<mark title="[{n}]">',
            html.escape(paragraph[start:end]),
            f"</mark><sup>[{n}]</sup>",
        ]
        at = end
    return "".join(pieces) + html.escape(paragraph[at:])


def render_sources(answer: Answer, settings: Settings) -> str:
    if not answer.found:
        note = "Nothing in the archive answers this. Try other words, or add articles in the Library tab."
        return f"{SOURCES_MARK}<p><small>{note}</small></p></div>"
    articles: dict[str, list[Citation]] = {}  # in the order of their first citation
    for citation in answer.citations:
        articles.setdefault(citation.article_id, []).append(citation)
    items = "".join(_article_html(cited, settings) for cited in articles.values())
    return (
        f"{SOURCES_MARK}<p><b>Sources</b> (click one to see the quotes in their paragraphs)</p>{items}</div>"
    )


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValueError):  # InputError and friends: the message is for the user
        return f"{ERROR_MARK} {str(exc).splitlines()[0]}"
    if isinstance(exc, LLMUnavailableError):
        return f"{ERROR_MARK} The language model is unavailable: {exc}"
    log.exception("answering failed")
    return f"{ERROR_MARK} Sorry, answering failed ({type(exc).__name__}). Please try again or rephrase."


def _pieces(text: str) -> Iterator[str]:
    """Longer and longer prefixes of ``text``, so an answer that arrives whole still reads as typed."""
    step = max(1, len(text) // STREAM_PIECES)
    for end in range(step, len(text), step):
        yield text[:end]
        time.sleep(STREAM_DELAY)


def stream_reply(question: str, history: History, settings: Settings) -> Iterator[str]:
    """The reply as it grows: the model's text deltas, then the checked answer with its sources."""
    shown = ""
    for item in api.ask_stream(question, history, settings=settings):
        if isinstance(item, Answer):  # final: its text replaces the deltas
            yield item.text + "\n\n" + render_sources(item, settings)
            return
        if len(item) > WHOLE_TEXT:  # the extractive answerer sends its text in one piece
            yield from (shown + prefix for prefix in _pieces(item))
        shown += item
        yield shown


def chat_responder(settings: Settings) -> Any:
    def chat(message: str, history: list[dict[str, Any]]) -> Iterator[str]:
        """Answer a question from the news archive; the answer is followed by its numbered sources."""
        yield SEARCHING
        try:
            yield from stream_reply(message, to_history(history), settings)
        except Exception as exc:
            yield _error_text(exc)

    return chat


# --- library --------------------------------------------------------------------------------------


def archive_summary(settings: Settings) -> str:
    info = api.stats(settings)
    if not info["articles"]:
        return "The archive is empty: add articles in the **Library** tab."
    first, last = info["date_range"]
    dates = f"dated {first} to {last}" if first else "dates not recorded"
    return (
        f"The archive holds **{info['articles']} articles** ({info['chunks']} passages) from "
        f"{info['files']} file(s), {dates}. Every answer quotes the articles it comes from."
    )


def library_view(settings: Settings) -> tuple[Any, ...]:
    rows = library.list_articles(settings)
    table = [[r.title, r.author, r.date, short_source(r.source, settings), r.chunks] for r in rows]
    article_choices = [(f"{r.title} — {Path(r.file).name}", r.id) for r in rows]
    file_choices = [
        (f"{short_source(f, settings)} ({n} article{'' if n == 1 else 's'})", f)
        for f, n in library.list_files(settings)
    ]
    return (
        table,
        gr.Dropdown(choices=article_choices, value=None),
        gr.Dropdown(choices=file_choices, value=None),
        archive_summary(settings),
    )


def add_files(settings: Settings, paths: list[str] | None, progress: gr.Progress) -> str:
    if not paths:
        return "Choose one or more files first."
    lines: list[str] = []
    for i, path in enumerate(paths):
        name = Path(path).name
        progress((i, len(paths)), desc=f"Indexing {name}", unit="files")
        try:
            saved = library.save_upload(settings, Path(path), name)
            report = api.ingest([saved], settings=settings, progress=True)  # its tqdm bar shows here
        except ValueError as exc:
            lines.append(f"{ERROR_MARK} {exc}")
            continue
        if report.errors:
            lines += [f"{ERROR_MARK} {e}" for e in report.errors]
        else:
            lines.append(
                f"Added **{saved.name}**: {report.articles} article(s), {report.chunks_added} new passage(s)"
            )
    progress((len(paths), len(paths)), desc="Done", unit="files")
    return "\n\n".join(lines)


def _deletion(
    delete: Callable[[Settings, str, bool], library.Deleted],
    settings: Settings,
    target: str | None,
    what: str,
) -> str:
    if not target:
        return f"Choose {what} first."
    try:  # a rebuild of Chroma after many deletions shows its bar (Gradio tracks tqdm)
        return f"{delete(settings, target, True).summary().capitalize()}."
    except ValueError as exc:
        return f"{ERROR_MARK} {exc}"


def _library_tab(settings: Settings, summary: gr.Markdown) -> list[Any]:
    """The Library tab's components; returns those that ``library_view`` fills."""
    suffixes = library.supported_suffixes()
    limit_mb = library.MAX_UPLOAD_BYTES // (1024 * 1024)
    gr.Markdown(
        f"Add your own articles: {', '.join(suffixes)} files, up to {limit_mb} MB each "
        "(UTF-8 or GBK/GB18030 text). A text file's first line is its title; a JSON Lines file "
        "holds one article per line (`title`, `text`, `author`, `date`). Files are kept in "
        f"`{short_source(str(library.uploads_dir(settings).resolve()), settings)}/`."
    )
    with gr.Row():
        upload = gr.File(label="Files to add", file_count="multiple", file_types=suffixes, scale=3)
        add = gr.Button("Add to the archive", variant="primary", scale=1)
    status = gr.Markdown()
    table = gr.Dataframe(
        headers=["Title", "Reporter", "Date", "Source", "Passages"],
        datatype=["str", "str", "str", "str", "number"],
        interactive=False,
        label="Articles in the archive",
        wrap=True,
        column_widths=["36%", "10%", "10%", "34%", "10%"],
    )
    with gr.Row():
        article = gr.Dropdown(label="Article", choices=[], scale=3)
        delete_article = gr.Button("Delete article", variant="stop", scale=1)
    with gr.Row():
        file = gr.Dropdown(label="File (all its articles)", choices=[], scale=3)
        delete_file = gr.Button("Delete file", variant="stop", scale=1)
    refresh = gr.Button("Refresh list", size="sm")

    view = [table, article, file, summary]

    def upload_files(
        paths: list[str] | None,
        progress: gr.Progress = gr.Progress(track_tqdm=True),  # noqa: B008 - how Gradio injects it
    ) -> tuple[str, None]:
        return add_files(settings, paths, progress), None  # None: empty the upload box for the next

    def delete_one_article(
        article_id: str | None,
        progress: gr.Progress = gr.Progress(track_tqdm=True),  # noqa: B008 - how Gradio injects it
    ) -> str:
        return _deletion(library.delete_article, settings, article_id, "an article")

    def delete_one_file(
        path: str | None,
        progress: gr.Progress = gr.Progress(track_tqdm=True),  # noqa: B008 - how Gradio injects it
    ) -> str:
        return _deletion(library.delete_file, settings, path, "a file")

    def refreshed() -> tuple[Any, ...]:
        return library_view(settings)

    writes: dict[str, Any] = {"concurrency_id": WRITE_QUEUE, "concurrency_limit": 1}
    # the upload box is an output too, so the progress bar shows over it
    add.click(upload_files, upload, [status, upload], api_name="upload", **writes).then(
        refreshed, None, view, api_visibility="undocumented"
    )
    delete_article.click(delete_one_article, article, status, api_name="delete_article", **writes).then(
        refreshed, None, view, api_visibility="undocumented"
    )
    delete_file.click(delete_one_file, file, status, api_name="delete_file", **writes).then(
        refreshed, None, view, api_visibility="undocumented"
    )
    refresh.click(refreshed, None, view, api_visibility="undocumented")
    return view


# --- page -----------------------------------------------------------------------------------------


def build_app(settings: Settings) -> gr.Blocks:
    with gr.Blocks(title="newsbot", fill_height=True) as app:
        gr.Markdown("# newsbot · ask the news archive")
        summary = gr.Markdown("Loading what the archive holds …")
        with gr.Tabs():
            with gr.Tab("Chat"):
                chat = gr.ChatInterface(
                    chat_responder(settings),
                    chatbot=gr.Chatbot(
                        label="newsbot",
                        height=520,
                        latex_delimiters=[],
                        buttons=["copy"],
                        placeholder="Ask about the archive in Chinese or English, or try an example:",
                    ),
                    textbox=gr.Textbox(placeholder="Ask a question …", submit_btn=True, stop_btn=True),
                    examples=EXAMPLES,
                    api_name="chat",
                    concurrency_limit=CHAT_CONCURRENCY,
                    fill_height=False,
                )
                new = gr.Button("New conversation", size="sm")
                # chatbot_state is what ChatInterface passes to `chat` as the history
                new.click(
                    lambda: ([], []), None, [chat.chatbot, chat.chatbot_state], api_visibility="undocumented"
                )
            with gr.Tab("Library"):
                view = _library_tab(settings, summary)
        app.load(lambda: library_view(settings), None, view, api_visibility="undocumented")
    app.queue(default_concurrency_limit=CHAT_CONCURRENCY)
    return app


def parse_auth(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise ValueError("NEWSBOT_AUTH must look like user:password")
    return user, password


def launch_options(settings: Settings) -> dict[str, Any]:
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "auth": parse_auth(settings.auth),
        "share": False,
        "max_file_size": library.MAX_UPLOAD_BYTES,
        "css": CSS,
        "show_error": False,
    }


def prepare(settings: Settings) -> None:
    """Load the model and, like ``ask`` would, index the data folder when the index is empty; then,
    while the page starts, answer a question of each language once (:func:`bot.api.warm_up`), so
    that the first reader does not wait for the dictionaries (~3 s)."""
    if api.stats(settings)["articles"] == 0 and settings.data_dir.is_dir():
        print(f"newsbot: the index is empty; ingesting {settings.data_dir}/ first …")
        print(f"newsbot: {api.ingest(settings=settings).summary()}")
    threading.Thread(target=api.warm_up, args=(settings,), daemon=True).start()


def serve(settings: Settings) -> None:
    """Open the chat page on ``settings.host:settings.port`` (blocks until interrupted)."""
    options = launch_options(settings)  # a malformed NEWSBOT_AUTH fails before the model loads
    prepare(settings)
    build_app(settings).launch(**options)
