"""``newsbot eval``: retrieval and answer quality on a question set, through the code ``ask()`` runs.

The documents go into their own cached index (``<cache_dir>/eval/<docs hash>-<model>-<backend>-c<size>-o<overlap>``),
so the user's index is never touched and a second run embeds nothing. Every question is retrieved once
with a ranking ten articles deep; recall and MRR are scored on that ranking and the answer is built
from its first ``top_k`` articles by the same function ``ask()`` uses. With a language model
(``settings.answerer`` ``openai``/``llamacpp``, or a ``chat_model``) each question is asked through
``ask()`` itself, which retrieves the same first ``top_k`` articles again and lets the model write.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast, get_args

from bot.errors import InputError
from bot.retriever import Mode
from bot.scoring import KS, MRR_DEPTH, Outcome, recall_curve, summarise
from bot.settings import Settings
from vectorstore.ingest import file_sha256
from vectorstore.loaders import jsonl_records

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

RANK_DEPTH = 10
GROUPS = ("single_doc", "multi_doc")
MODES: tuple[str, ...] = get_args(Mode)
REPORTED_SETTINGS = (
    "embedding_model", "embedding_backend", "chunk_size", "chunk_overlap", "top_k", "dense_candidates",
    "dense_weight", "english_dense_weight", "query_tokens", "split_questions", "split_dense_weight", "split_articles",
    "coverage_weight", "min_support", "min_dense_similarity", "answerer",
)  # fmt: skip
COLUMNS = (
    ("n", "n", "{:d}"),
    *((f"recall@{k}", f"R@{k}", "{:.3f}") for k in KS),
    (f"mrr@{MRR_DEPTH}", f"MRR@{MRR_DEPTH}", "{:.3f}"),
    ("accuracy", "acc", "{:.3f}"),
    ("citation_precision", "cite prec", "{:.3f}"),
    ("mean_answer_chars", "chars", "{:.0f}"),
    ("refused", "refused", "{:.3f}"),
    ("p50_ms", "p50 ms", "{:.0f}"),
    ("p95_ms", "p95 ms", "{:.0f}"),
)


def eval_index_dir(docs: Path, settings: Settings, root: Path | None = None) -> Path:
    """A separate index per documents file and per setting that changes what is indexed."""
    model = re.sub(r"[^A-Za-z0-9._-]+", "_", settings.embedding_model).strip("_")[-40:]
    key = (
        f"{file_sha256(docs)[:16]}-{model}-{settings.embedding_backend}"
        f"-c{settings.chunk_size}-o{settings.chunk_overlap}"
    )
    return (root or settings.cache_dir / "eval") / key


def load_questions(path: Path) -> list[dict[str, Any]]:
    """JSON Lines of questions; ``type`` defaults to ``unanswerable`` when there is no gold at all."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    questions = []
    for number, item in jsonl_records(path):
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise InputError(f"{path}:{number}: a question needs a 'question' string")
        if not item.get("doc_ids") and not item.get("answer"):
            item.setdefault("type", "unanswerable")
        item.setdefault("type", "single_doc")
        questions.append(item)
    return questions


def _settings_report(
    settings: Settings, docs: Path, mode: str, chat_model: BaseChatModel | None
) -> dict[str, Any]:
    values = settings.model_dump()
    report = {name: values[name] for name in REPORTED_SETTINGS if name in values}
    if chat_model is not None:
        report["answerer"] = type(chat_model).__name__
    elif settings.answerer != "extractive":
        report["llm_model"] = settings.llm_model
    report.update(
        retriever=mode, docs=str(docs), docs_sha256=file_sha256(docs)[:16], index_dir=str(settings.index_dir)
    )
    return report


def _run(
    questions: list[dict[str, Any]],
    settings: Settings,
    mode: Mode,
    show: bool,
    label: str,
    chat_model: BaseChatModel | None,
) -> list[Outcome]:
    from tqdm import tqdm

    from bot.api import WARM_UP_QUESTIONS, answer_retrieved, ask, retrieve, warm_up

    deep = settings.model_copy(update={"top_k": max(RANK_DEPTH, settings.top_k)})
    warm_up(deep, mode)
    generative = settings.answerer != "extractive" or chat_model is not None
    if generative:  # the model loads (a GGUF file) or connects before the timings
        ask(WARM_UP_QUESTIONS[0], settings=settings, retriever_mode=mode, chat_model=chat_model)
    outcomes = []
    for item in tqdm(questions, desc=f"eval {label}", unit="q", disable=not show, file=sys.stderr):
        started = time.perf_counter()
        got = retrieve(item["question"], None, deep, mode)
        if generative:  # ask() retrieves again: it is timed alone
            started = time.perf_counter()
            answer = ask(item["question"], settings=settings, retriever_mode=mode, chat_model=chat_model)
        else:
            answer = answer_retrieved(got, settings)
        elapsed = (time.perf_counter() - started) * 1000
        outcomes.append(
            Outcome(
                question=item,
                ranking=[d.metadata["article_id"] for d in got.documents],
                text=answer.text,
                found=answer.found,
                cited=[c.article_id for c in answer.citations],
                latency_ms=elapsed,
            )
        )
    return outcomes


def _groups(outcomes: list[Outcome]) -> dict[str, Any]:
    result: dict[str, Any] = {"overall": summarise(outcomes)}
    for group in GROUPS:
        result[group] = summarise(o for o in outcomes if o.question.get("type") == group)
    others = sorted({str(o.question.get("type")) for o in outcomes} - set(GROUPS))
    for group in others:
        result[group] = summarise(o for o in outcomes if o.question.get("type") == group)
    result["recall_curve"] = recall_curve(outcomes, RANK_DEPTH)
    return result


def evaluate(
    docs: str | Path,
    questions: str | Path,
    *,
    settings: Settings | None = None,
    retrievers: Sequence[str] = ("hybrid",),
    unanswerable: str | Path | None = None,
    limit: int | None = None,
    progress: bool | None = None,
    details: bool = False,
    index_root: str | Path | None = None,
    threads: int | None = None,
    chat_model: BaseChatModel | None = None,
) -> dict[str, Any]:
    """Score ``questions`` (JSON Lines, the format of ``../shared/eval/dev.jsonl``) over ``docs``.

    Returns ``{"overall", "single_doc", "multi_doc", "settings"}`` for the first retriever (plus
    ``"unanswerable"`` when such questions were given), and every retriever's groups under
    ``"retrievers"``. Unanswerable questions (``unanswerable`` file, or questions without gold) are a
    group of their own; they count in ``overall`` only when they come in the ``questions`` file.
    The index is kept under ``index_root`` (default ``<cache_dir>/eval``). ``threads`` sets torch's
    CPU threads: on a machine shared with other busy processes, two threads wait on each other and a
    one-line query takes ~1 s to embed instead of ~25 ms (measured here), which swamps the latencies.
    ``chat_model`` (any LangChain chat model) scores its answers instead of ``settings.answerer``'s.
    """
    from bot.api import ingest

    docs, questions = Path(docs), Path(questions)
    if not docs.is_file():
        raise InputError(f"{docs}: no such file")
    unknown = [m for m in retrievers if m not in MODES]
    if unknown or not retrievers:
        raise InputError(f"unknown retriever {unknown[0] if unknown else ''!r}; use {', '.join(MODES)}")
    base = settings or Settings()
    index_dir = eval_index_dir(docs, base, Path(index_root) if index_root else None)
    settings = base.model_copy(update={"index_dir": index_dir, "data_dir": index_dir / "no-data"})
    items = load_questions(questions)[:limit] if limit else load_questions(questions)
    extra = load_questions(Path(unanswerable)) if unanswerable else []
    for item in extra:
        item["type"] = "unanswerable"
    show = sys.stderr.isatty() if progress is None else progress
    if threads:
        import torch

        torch.set_num_threads(threads)
    report = ingest([docs], settings=settings, progress=show)
    if report.errors:
        raise InputError(report.errors[0])

    per_mode: dict[str, Any] = {}
    for name in dict.fromkeys(retrievers):
        mode = cast(Mode, name)
        outcomes = _run(items, settings, mode, show, mode, chat_model)
        result = _groups(outcomes)
        if extra:
            answers = _run(extra, settings, mode, show, f"{mode} unanswerable", chat_model)
            result["unanswerable"] = summarise(answers)
        result["settings"] = _settings_report(settings, docs, mode, chat_model)
        if details:
            result["questions"] = [
                {"id": o.question.get("id"), "ranking": o.ranking, "answer": o.text, "found": o.found,
                 "cited": o.cited, "ms": round(o.latency_ms, 1)}
                for o in outcomes
            ]  # fmt: skip
        per_mode[mode] = result
    first = per_mode[next(iter(per_mode))]
    return {**first, "retrievers": per_mode}


def format_table(result: dict[str, Any]) -> str:
    """A Markdown table: one row per retriever and question group."""
    header = ["retriever", "questions", *(title for _, title, _ in COLUMNS)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for mode, groups in result["retrievers"].items():
        for group, row in groups.items():
            if not isinstance(row, dict) or "n" not in row or not row["n"]:
                continue
            cells = [mode, group, *("–" if row[k] is None else f.format(row[k]) for k, _, f in COLUMNS)]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
