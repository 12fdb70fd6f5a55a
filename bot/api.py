"""The public functions: ``ingest`` files into the index, ``ask`` it a question."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.answer_types import Answer
from bot.condense import History, condense
from bot.errors import InputError
from bot.extractive import answer as extractive_answer
from bot.extractive import supporting_documents
from bot.question import analyse, question_kind
from bot.retriever import HybridRetriever, Mode
from bot.settings import Settings
from vectorstore.archive import Archive, claim_index
from vectorstore.chroma_store import open_client
from vectorstore.embeddings import load_embeddings
from vectorstore.ingest import IngestReport, ingest_paths

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from bot.chain import AnswerChain

MAX_QUESTION_CHARS = 2000

_archives: dict[tuple[Any, ...], Archive] = {}
_archives_lock = threading.Lock()


def open_archive(settings: Settings) -> Archive:
    """One ``Archive`` per index and model, shared by every call in this process."""
    key = (
        str(settings.index_dir.resolve()), settings.chroma_host, settings.chroma_port,
        settings.collection, settings.embedding_model, settings.embedding_backend, settings.chunk_size,
        settings.chunk_overlap,
    )  # fmt: skip
    with _archives_lock:
        if key not in _archives:
            claim_index(settings.index_dir, settings.embedding_model)
            embeddings = load_embeddings(
                settings.embedding_model, str(settings.cache_dir), settings.embedding_backend
            )
            client = open_client(settings.index_dir, settings.chroma_host, settings.chroma_port)
            _archives[key] = Archive(
                settings.index_dir, client, settings.collection, embeddings, settings.chunk_size,
                settings.chunk_overlap,
            )  # fmt: skip
        return _archives[key]


def ingest(
    paths: list[str | Path] | None = None,
    prune: bool = False,
    *,
    settings: Settings | None = None,
    progress: bool | None = None,
) -> IngestReport:
    """Index files and folders (default: the data directory). Re-running adds nothing new."""
    settings = settings or Settings()
    targets = [Path(p) for p in paths] if paths else [settings.data_dir]
    missing = [str(p) for p in targets if not p.exists()]
    if missing:
        raise InputError(f"{missing[0]}: no such file or directory")
    return ingest_paths(open_archive(settings), targets, prune=prune, progress=progress)


def retriever(settings: Settings, mode: Mode = "hybrid") -> HybridRetriever:
    return HybridRetriever(
        archive=open_archive(settings),
        k=settings.top_k,
        dense_candidates=settings.dense_candidates,
        dense_weight=settings.dense_weight,
        english_dense_weight=settings.english_dense_weight,
        mode=mode,
        query_tokens=settings.query_tokens,
        split_questions=settings.split_questions,
        split_dense_weight=settings.split_dense_weight,
        split_articles=settings.split_articles,
        coverage_weight=settings.coverage_weight,
    )


def _ensure_ingested(settings: Settings, archive: Archive) -> None:
    if archive.catalog.counts()["articles"] == 0 and settings.data_dir.is_dir():
        print(f"newsbot: the index is empty; ingesting {settings.data_dir}/ first …", file=sys.stderr)
        report = ingest_paths(archive, [settings.data_dir])
        print(f"newsbot: {report.summary()}", file=sys.stderr)


def check_question(question: str) -> str:
    if not isinstance(question, str) or not question.strip():
        raise InputError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise InputError(f"the question is longer than {MAX_QUESTION_CHARS} characters")
    return question.strip()


@dataclass
class Retrieved:
    question: str
    query: str
    documents: list[Any]
    texts: dict[str, str]


def retrieve(question: str, history: History | None, settings: Settings, mode: Mode = "hybrid") -> Retrieved:
    question = check_question(question)
    archive = open_archive(settings)
    _ensure_ingested(settings, archive)
    query = condense(question, history)
    documents = retriever(settings, mode).invoke(query)
    stored = archive.catalog.get_articles(d.metadata["article_id"] for d in documents)
    return Retrieved(question, query, documents, {a: s.text for a, s in stored.items()})


def ask(
    question: str,
    history: History | None = None,
    *,
    settings: Settings | None = None,
    retriever_mode: Mode = "hybrid",
    chat_model: BaseChatModel | None = None,
) -> Answer:
    """Answer from the archive, citing verbatim quotes; ``found`` is False when it holds no answer.
    With ``settings.answerer`` ``openai``/``llamacpp`` (or a ``chat_model`` passed in) a language
    model writes the answer, checked the same way."""
    settings = settings or Settings()
    if settings.answerer != "extractive" or chat_model is not None:
        from bot.llm import model_errors

        chain = answer_chain(settings, retriever_mode, chat_model)
        with model_errors(settings):
            return chain.invoke(check_question(question), history)
    return answer_retrieved(retrieve(question, history, settings, retriever_mode), settings)


def ask_stream(
    question: str,
    history: History | None = None,
    *,
    settings: Settings | None = None,
    chat_model: BaseChatModel | None = None,
) -> Iterator[str | Answer]:
    """Like ``ask``, for a chat page: text deltas as the model writes them, then the final, checked
    ``Answer`` (whose text replaces the deltas). Raises ``bot.llm.LLMUnavailableError`` when the
    model is not installed, not reachable or too slow."""
    settings = settings or Settings()
    question = check_question(question)
    if settings.answerer == "extractive" and chat_model is None:
        answer = ask(question, history, settings=settings)
        return iter([answer.text, answer])
    from bot.llm import model_errors

    chain = answer_chain(settings, "hybrid", chat_model)

    def deltas() -> Iterator[str | Answer]:
        with model_errors(settings):
            yield from chain.stream(question, history)

    return deltas()


def answer_chain(
    settings: Settings, mode: Mode = "hybrid", model: BaseChatModel | None = None
) -> AnswerChain:
    """The LCEL chain of the generative answerer, wired to this archive and the chat model from
    settings (or ``model``)."""
    from bot.chain import AnswerChain
    from bot.llm import chat_model as chat_model_from

    model = model or chat_model_from(settings)
    if model is None:
        raise ValueError("the extractive answerer has no language model")

    def retrieve_for(question: str, query: str) -> Retrieved:
        got = retrieve(query, None, settings, mode)
        return Retrieved(question, query, got.documents, got.texts)

    def grounded(got: Retrieved) -> list[str]:
        found = supporting_documents(analyse(got.query), got.documents[: settings.top_k], got.texts,
                                     settings.min_support, settings.min_dense_similarity)  # fmt: skip
        return [d.metadata["article_id"] for d in found]

    def extractive(got: Retrieved) -> Answer:
        return answer_retrieved(got, settings)

    return AnswerChain(model, retrieve_for, extractive, grounded=grounded, top_k=settings.top_k)


WARM_UP_QUESTIONS = ("谁在预热时讲话？", "Who spoke for the opposition at the warm-up in Haidian?")


def warm_up(settings: Settings, mode: Mode = "hybrid") -> None:
    """Answer a Chinese and an English question once: what loads on first use (the model, BM25,
    jieba's tagger and idf table, CC-CEDICT, pinyin; ~3 s) then loads before a reader's first
    question, and outside the timings of ``newsbot eval``."""
    for question in WARM_UP_QUESTIONS:
        answer_retrieved(retrieve(question, None, settings, mode), settings)


def answer_retrieved(got: Retrieved, settings: Settings) -> Answer:
    """The answer from what ``retrieve`` found (its first ``settings.top_k`` articles); ``ask`` and
    ``newsbot eval`` share it, so the eval scores the ranking the answer was built from."""
    got = Retrieved(got.question, got.query, got.documents[: settings.top_k], got.texts)
    analysed = analyse(got.query)
    if got.query != got.question:  # a follow-up asks for what its own words ask for
        analysed = type(analysed)(got.question, question_kind(got.question), analysed.terms,
                                  analysed.entities, analysed.chinese)  # fmt: skip
    return extractive_answer(
        analysed, got.documents, got.texts, open_archive(settings).embeddings,
        settings.min_support, settings.min_dense_similarity, settings.split_questions,
    )  # fmt: skip


def stats(settings: Settings | None = None) -> dict[str, Any]:
    settings = settings or Settings()
    archive = open_archive(settings)
    counts = archive.catalog.counts()
    first, last = archive.catalog.date_range()
    return {
        **counts,
        "chroma_vectors": archive.vector_count(),
        "date_range": [first, last],
        "embedding_model": archive.catalog.embedding_model(),
        "chunking": archive.catalog.chunking(),  # size/overlap, recorded by the first ingest
        "index_dir": str(settings.index_dir),
        "index_bytes": archive.size_on_disk(),
    }
