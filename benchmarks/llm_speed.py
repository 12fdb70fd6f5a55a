"""First-token latency and generation speed of the local GGUF model on this CPU, with newsbot's real
answer prompt (the seed page's articles as numbered passages):

    bash scripts/get_test_llm.sh          # once: llama-cpp-python and the test GGUF
    .venv/bin/python benchmarks/llm_speed.py [--gguf PATH] [--threads 1 2] [--passages 3] [--runs 2] [--torch]

Prints one line per run: prompt tokens, model load, first-token latency (prompt processing), tokens
generated and tokens/s after the first token; then the median per setting. Runs go through
``bot.llm.LlamaCppChatModel`` (the ``llamacpp`` answerer), so LangChain's overhead is included.
``--torch`` imports torch first, as ``newsbot`` does when it loads the embedding model.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.messages import HumanMessage

from bot.llm import LlamaCppChatModel, _load_llama
from bot.prompts import render
from bot.verify import format_passages, make_passages
from vectorstore.newspaper_page import parse_page

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = ROOT / "data" / "laodong-wubao-2023-06-haidian-page.txt"
DEFAULT_GGUF = Path.home() / ".cache" / "newsbot" / "llm" / "qwen2.5-0.5b-instruct.gguf"
LONG_PROMPT = "用中文写一段约三百字的文字，介绍北京的工会组织。"
LONG_TOKENS = 128
QUESTIONS = {
    "zh": "谁在海淀区工会第十七次代表大会上讲话？",
    "en": "Who spoke at the Haidian trade union congress?",
}


def answer_prompt(lang: str, passages: int) -> str:
    articles = parse_page(SEED_PAGE.read_text(encoding="utf-8"))[:passages]
    texts = {str(i): a.text for i, a in enumerate(articles)}
    documents = [
        Document(
            page_content=a.text,
            metadata={"article_id": str(i), "title": a.title, "date": "", "spans": [(0, len(a.text))]},
        )
        for i, a in enumerate(articles)
    ]
    rendered = format_passages(make_passages(documents, texts))
    return render("answer", lang, passages=rendered, question=QUESTIONS[lang])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gguf", type=Path, default=DEFAULT_GGUF)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--passages", type=int, nargs="+", default=[3])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--torch", action="store_true", help="import torch first, as newsbot does")
    args = parser.parse_args()
    if args.torch:
        import torch  # noqa: F401

    for threads in args.threads:
        run(args.gguf, threads, args.passages, args.runs)


def run(gguf: Path, threads: int, passage_counts: list[int], runs: int) -> None:
    started = time.perf_counter()
    llama, _ = _load_llama(str(gguf), threads, 4096)
    print(f"model {gguf.name}: loaded in {time.perf_counter() - started:.1f} s, {threads} threads")
    model = LlamaCppChatModel(model_path=str(gguf), n_threads=threads)

    for passages in passage_counts:
        firsts, speeds = [], []
        for attempt in range(runs):
            lang = "zh" if attempt % 2 == 0 else "en"
            prompt = answer_prompt(lang, passages)
            prompt_tokens = len(llama.tokenize(prompt.encode("utf-8")))
            llama.reset()  # no prompt cache between runs: each one processes its whole prompt
            started = time.perf_counter()
            first = 0.0
            text = ""
            for chunk in model.stream([HumanMessage(prompt)]):
                if not first:
                    first = time.perf_counter() - started
                text += str(chunk.content)
            total = time.perf_counter() - started
            generated = len(llama.tokenize(text.encode("utf-8"), add_bos=False))
            speed = (generated - 1) / (total - first) if generated > 1 and total > first else 0.0
            firsts.append(first)
            speeds.append(speed)
            print(
                f"threads={threads} passages={passages} {lang}: prompt {prompt_tokens} tokens, first token {first:.2f} s, "
                f"{generated} tokens in {total:.2f} s ({speed:.1f} tokens/s) | {text.strip()[:120]!r}"
            )
        print(
            f"threads={threads} passages={passages}: median first token {statistics.median(firsts):.2f} s, "
            f"median {statistics.median(speeds):.1f} tokens/s"
        )

    # answers are short: measure steady generation on a longer one too
    llama.reset()
    started = time.perf_counter()
    first = 0.0
    text = ""
    for chunk in model.stream([HumanMessage(LONG_PROMPT)], max_tokens=LONG_TOKENS):
        if not first:
            first = time.perf_counter() - started
        text += str(chunk.content)
    total = time.perf_counter() - started
    generated = len(llama.tokenize(text.encode("utf-8"), add_bos=False))
    print(
        f"threads={threads} long answer: first token {first:.2f} s, {generated} tokens, "
        f"{(generated - 1) / (total - first):.1f} tokens/s"
    )


if __name__ == "__main__":
    main()
