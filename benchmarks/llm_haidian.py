"""The Haidian questions through the real answer chain with a real model: the raw model output, the
checked answer, whether the extractive answer replaced it (and why), first-token latency and
tokens/s. The seed page is indexed once into ``--index`` (default a folder under /tmp).

    .venv/bin/python benchmarks/llm_haidian.py [--gguf PATH …] [--threads 1]
    .venv/bin/python benchmarks/llm_haidian.py --backend openai   # llama_cpp.server on 127.0.0.1
    .venv/bin/python benchmarks/llm_haidian.py --seed   # the 19 answerable seed questions, scored

``--gguf`` defaults to the 1.5B test model of scripts/get_test_llm.sh; ``--passages N`` overrides
``bot.chain.MAX_PASSAGES``.

``--runs N`` repeats every question N times (the model runs at temperature 0, so the text should
not change); ``--show-prompt`` prints the prompt the model was sent.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from vectorstore.offline import use_offline_environment

use_offline_environment()

from bot import Answer, ingest
from bot.api import answer_chain
from bot.chain import is_chinese, states_the_asked_fact
from bot.llm import chat_model
from bot.settings import Settings
from bot.verify import in_language, verify

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = ROOT / "data" / "laodong-wubao-2023-06-haidian-page.txt"
LLM_DIR = Path.home() / ".cache" / "newsbot" / "llm"
QUESTIONS = [
    "海淀区总工会第十七次代表大会上谁讲了话？",
    "谁在海淀区工会第十七次代表大会上讲话？",
    "Who spoke at the 17th congress of the Haidian District Federation of Trade Unions?",
    "Who spoke at the Haidian trade union congress?",
]


def seed_settings(index: Path) -> Settings:
    settings = Settings(index_dir=index / "index", data_dir=index / "data", cache_dir=LLM_DIR.parent)
    if not (index / "ready").exists():
        shutil.rmtree(index, ignore_errors=True)
        (index / "data").mkdir(parents=True)
        shutil.copy(SEED_PAGE, index / "data" / SEED_PAGE.name)
        ingest([index / "data"], settings=settings)
        (index / "ready").touch()
    return settings


def start_server(gguf: Path, threads: int, port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", "test-model",
        "--host", "127.0.0.1", "--port", str(port), "--n_threads", str(threads), "--n_ctx", "4096",
    ]  # fmt: skip
    with log.open("wb") as sink:
        server = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while True:
        if server.poll() is not None:
            raise SystemExit(f"llama_cpp.server exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2):
                return server
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                raise SystemExit("llama_cpp.server did not start in 180 s") from None
            time.sleep(0.5)


def run_question(settings: Settings, question: str, show_prompt: bool) -> dict[str, Any]:
    chain = answer_chain(settings, "hybrid", chat_model(settings))
    fell_back: list[bool] = []
    fallback = chain.fallback

    def recording_fallback(got: Any) -> Answer:
        fell_back.append(True)
        return fallback(got)

    chain.fallback = recording_fallback
    state = chain.prepare.invoke({"question": question, "history": []})
    if show_prompt:
        print(chain._answer_messages(state)[0].text)
    started = time.perf_counter()
    first = 0.0
    deltas: list[str] = []
    for delta in chain.generate.stream(state):
        if not first:
            first = time.perf_counter() - started
        deltas.append(delta)
    total = time.perf_counter() - started
    raw = "".join(deltas)
    answer = chain._finish({**state, "reply": raw})
    checked = verify(raw, state["passages"], chain.policy)
    grounded = set(chain.grounded(state["retrieved"])) if chain.grounded else None
    why = []
    if not in_language(raw, is_chinese(question)):
        why.append("wrong language")
    if not checked.found:
        why.append("no valid citation")
    elif grounded is not None and not {c.article_id for c in checked.citations} & grounded:
        why.append("cites no grounded article")
    if not states_the_asked_fact(question, checked.text):
        why.append("no asked-for fact")
    return {
        "question": question,
        "raw": raw,
        "final": answer.text,
        "fallback": bool(fell_back),
        "why": why,
        "unsupported": checked.unsupported,
        "dropped": checked.dropped,
        "invalid": checked.invalid_markers,
        "passages": [p.document.metadata.get("title") for p in state["passages"]],
        "citations": [(c.n, c.title, c.quote) for c in answer.citations],
        "first": first,
        "tokens": len(deltas),
        "speed": (len(deltas) - 1) / (total - first) if len(deltas) > 1 and total > first else 0.0,
        "total": total,
    }


def report(label: str, r: dict[str, Any]) -> None:
    print(f"\n[{label}] {r['question']}")
    print(f"  passages: {r['passages']}")
    print(f"  raw:      {r['raw']!r}")
    print(f"  final:    {r['final']!r}")
    print(f"  fallback: {'YES (' + ', '.join(r['why']) + ')' if r['fallback'] else 'no'}")
    if r["unsupported"] or r["dropped"] or r["invalid"]:
        print(f"  unsupported {r['unsupported']} dropped {r['dropped']} invalid markers {r['invalid']}")
    for n, title, quote in r["citations"]:
        print(f"  [{n}] {title}: {quote}")
    print(
        f"  first token {r['first']:.2f} s, {r['tokens']} deltas in {r['total']:.2f} s "
        f"({r['speed']:.1f} tokens/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--gguf", type=Path, nargs="+", default=[LLM_DIR / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"]
    )
    parser.add_argument("--backend", choices=["llamacpp", "openai"], default="llamacpp")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--question", action="append", help="instead of the four Haidian questions")
    parser.add_argument(
        "--seed",
        action="store_true",
        help="the answerable questions of tests/bot/test_seed_questions.py, scored",
    )
    parser.add_argument("--index", type=Path, default=Path(tempfile.gettempdir()) / "newsbot-llm-seed")
    parser.add_argument("--show-prompt", action="store_true")
    parser.add_argument("--passages", type=int, help="instead of bot.chain.MAX_PASSAGES")
    args = parser.parse_args()
    if args.passages:
        import bot.chain

        bot.chain.MAX_PASSAGES = args.passages
    base = seed_settings(args.index)
    expected: dict[str, list[str]] = {}
    if args.seed:
        sys.path.insert(0, str(ROOT))
        from tests.bot.test_seed_questions import ANSWERABLE

        expected = {q: wanted for q, _title, wanted in ANSWERABLE}
    questions = args.question or list(expected) or QUESTIONS
    fallbacks = 0
    scores = {"model answer with the expected facts": 0, "model answer without them": 0}
    for gguf in args.gguf:
        server = None
        if args.backend == "openai":
            port = 18080
            server = start_server(gguf, args.threads, port, Path(tempfile.gettempdir()) / "llm-server.log")
            settings = base.model_copy(
                update={"answerer": "openai", "llm_base_url": f"http://127.0.0.1:{port}/v1",
                        "llm_model": "test-model", "llm_timeout": 300}
            )  # fmt: skip
        else:
            settings = base.model_copy(
                update={"answerer": "llamacpp", "llm_model": str(gguf), "llm_threads": args.threads}
            )
        try:
            for _ in range(args.runs):
                for question in questions:
                    result = run_question(settings, question, args.show_prompt)
                    fallbacks += result["fallback"]
                    report(f"{gguf.name} {args.backend}", result)
                    if question in expected and not result["fallback"]:
                        hit = any(w in result["final"] for w in expected[question])
                        scores[
                            "model answer with the expected facts" if hit else "model answer without them"
                        ] += 1
                        print(f"  expected {expected[question]}: {'found' if hit else 'MISSING'}")
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
    print(f"\n{fallbacks} fallbacks of {len(args.gguf) * args.runs * len(questions)} answers")
    if expected:
        print(", ".join(f"{k}: {v}" for k, v in scores.items()))


if __name__ == "__main__":
    main()
