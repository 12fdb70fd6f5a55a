"""First-token latency and generation speed of the local GGUF model on this CPU, with newsbot's real
answer prompt (its worked examples, then the seed page's articles as numbered passages):

    bash scripts/get_test_llm.sh          # once: llama-cpp-python and the test GGUF
    .venv/bin/python benchmarks/llm_speed.py [--gguf PATH] [--threads 1 2] [--passages 2] [--runs 2] [--torch]

Prints one line per run: prompt tokens, first-token latency (prompt processing), tokens generated and
tokens/s after the first token; then the median per setting. Each run is measured twice: ``cold``
(nothing cached: the first question a process answers) and ``warm`` (other passages after a question
in the same language: llama.cpp reuses the cached system message and worked examples, as it does for
a user's second question). Runs go through ``bot.llm.LlamaCppChatModel`` (the ``llamacpp``
answerer), so LangChain's overhead is included. ``--torch`` imports torch first, as ``newsbot`` does
when it loads the embedding model.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

from langchain_core.documents import Document
from langchain_core.messages import BaseMessage, HumanMessage

from bot.chain import MAX_PASSAGES, prompt_messages
from bot.llm import LlamaCppChatModel, _load_llama
from bot.verify import format_passages, make_passages
from vectorstore.newspaper_page import parse_page

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = ROOT / "data" / "laodong-wubao-2023-06-haidian-page.txt"
DEFAULT_GGUF = Path.home() / ".cache" / "newsbot" / "llm" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
LONG_PROMPT = "用中文写一段约三百字的文字，介绍北京的工会组织。"
LONG_TOKENS = 128
QUESTIONS = {
    "zh": "谁在海淀区工会第十七次代表大会上讲话？",
    "en": "Who spoke at the Haidian trade union congress?",
}
_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def answer_messages(lang: str, passages: int, skip: int = 0) -> list[BaseMessage]:
    """The answer prompt with the seed page's articles ``skip`` … ``skip + passages`` as passages."""
    articles = parse_page(SEED_PAGE.read_text(encoding="utf-8"))[skip : skip + passages]
    texts = {str(i): a.text for i, a in enumerate(articles)}
    documents = [
        Document(
            page_content=a.text,
            metadata={"article_id": str(i), "title": a.title, "date": "", "spans": [(0, len(a.text))]},
        )
        for i, a in enumerate(articles)
    ]
    rendered = format_passages(make_passages(documents, texts))
    return prompt_messages("answer", lang, passages=rendered, question=QUESTIONS[lang])


def prompt_tokens(llama: Any, messages: list[BaseMessage]) -> int:
    """Tokens of the prompt as the model's chat template lays it out."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    formatter = Jinja2ChatFormatter(
        template=llama.metadata["tokenizer.chat_template"], eos_token="<|im_end|>", bos_token=""
    )
    prompt = formatter(messages=[{"role": _ROLES[m.type], "content": m.text} for m in messages]).prompt
    return len(llama.tokenize(prompt.encode("utf-8"), add_bos=False, special=True))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gguf", type=Path, default=DEFAULT_GGUF)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--passages", type=int, nargs="+", default=[MAX_PASSAGES])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--torch", action="store_true", help="import torch first, as newsbot does")
    args = parser.parse_args()
    if args.torch:
        import torch  # noqa: F401

    for threads in args.threads:
        run(args.gguf, threads, args.passages, args.runs)


def generate(
    llama: Any, model: LlamaCppChatModel, messages: list[BaseMessage], **kwargs: Any
) -> tuple[float, float, int, str]:
    """First-token latency, tokens/s after it, tokens generated and the text."""
    started = time.perf_counter()
    first = 0.0
    text = ""
    for chunk in model.stream(messages, **kwargs):
        if not first:
            first = time.perf_counter() - started
        text += str(chunk.content)
    total = time.perf_counter() - started
    generated = len(llama.tokenize(text.encode("utf-8"), add_bos=False))
    speed = (generated - 1) / (total - first) if generated > 1 and total > first else 0.0
    return first, speed, generated, text


def run(gguf: Path, threads: int, passage_counts: list[int], runs: int) -> None:
    started = time.perf_counter()
    llama, _ = _load_llama(str(gguf), threads, 4096)
    print(f"model {gguf.name}: loaded in {time.perf_counter() - started:.1f} s, {threads} threads")
    model = LlamaCppChatModel(model_path=str(gguf), n_threads=threads)

    for passages in passage_counts:
        firsts: dict[str, list[float]] = {"cold": [], "warm": []}
        speeds = []
        for attempt in range(runs):
            lang = "zh" if attempt % 2 == 0 else "en"
            llama.reset()  # nothing cached: the whole prompt is processed
            for state, skip in (("cold", 0), ("warm", passages)):
                messages = answer_messages(lang, passages, skip)
                first, speed, generated, text = generate(llama, model, messages)
                firsts[state].append(first)
                speeds.append(speed)
                print(
                    f"threads={threads} passages={passages} {lang} {state}: prompt {prompt_tokens(llama, messages)} "
                    f"tokens, first token {first:.2f} s, {generated} tokens ({speed:.1f} tokens/s) | {text.strip()[:100]!r}"
                )
        print(
            f"threads={threads} passages={passages}: median first token {statistics.median(firsts['cold']):.2f} s cold, "
            f"{statistics.median(firsts['warm']):.2f} s warm; median {statistics.median(speeds):.1f} tokens/s"
        )

    # answers are short: measure steady generation on a longer one too
    llama.reset()
    first, speed, generated, _ = generate(llama, model, [HumanMessage(LONG_PROMPT)], max_tokens=LONG_TOKENS)
    print(
        f"threads={threads} long answer: first token {first:.2f} s, {generated} tokens, {speed:.1f} tokens/s"
    )


if __name__ == "__main__":
    main()
