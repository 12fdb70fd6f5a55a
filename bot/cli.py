"""``newsbot`` / ``python -m bot``: ingest, ask, stats (and the chat page with ``serve``).

Exit codes: 0 success, 2 bad input (one line on stderr), 1 internal error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from vectorstore.offline import use_offline_environment


def _cmd_ingest(args: argparse.Namespace) -> int:
    from bot.api import ingest

    report = ingest(args.paths or None, prune=args.prune)
    for error in report.errors:
        print(f"newsbot: {error}", file=sys.stderr)
    print(report.summary())
    return 2 if report.errors else 0


def _cmd_ask(args: argparse.Namespace) -> int:
    from bot.api import ask

    answer = ask(args.question)
    if args.json:
        print(json.dumps(answer.model_dump(), ensure_ascii=False, indent=2))
        return 0
    print(answer.text)
    for c in answer.citations:
        byline = f"记者 {c.author}" if c.author else c.source
        print(
            f"\n[{c.n}] {c.title} ({byline}{', ' + c.date if c.date else ''}) — {c.source}\n    “{c.quote}”"
        )
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from bot.api import stats

    info = stats()
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
    else:
        for key, value in info.items():
            print(f"{key:>15}: {value}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from bot.app import serve
    from bot.settings import Settings

    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    serve(Settings(**overrides))
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from bot.evaluate import evaluate, format_table

    retrievers = [m for value in args.retriever or ["hybrid"] for m in value.split(",") if m]
    result = evaluate(
        args.docs, args.questions, retrievers=retrievers, unanswerable=args.unanswerable,
        limit=args.limit, details=args.details, index_root=args.cache, threads=args.threads,
    )  # fmt: skip
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(format_table(result))
    settings = {k: v for k, v in result["settings"].items() if k != "retriever"}
    print("\nsettings: " + ", ".join(f"{k}={v}" for k, v in settings.items()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsbot", description="Ask a Chinese news archive; answers cite articles."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="index files and folders (default: the data directory)")
    p.add_argument("paths", nargs="*", help="files or folders (txt, md, jsonl)")
    p.add_argument("--prune", action="store_true", help="remove articles whose files are gone")
    p.set_defaults(run=_cmd_ingest)

    p = sub.add_parser("ask", help="answer a question from the archive")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.set_defaults(run=_cmd_ask)

    p = sub.add_parser("stats", help="what the index holds")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_cmd_stats)

    p = sub.add_parser("eval", help="score retrieval and answers on a question set")
    p.add_argument("--docs", required=True, help="documents (JSON Lines with doc_id, title, text)")
    p.add_argument("--questions", required=True, help="questions (JSON Lines, see ../shared/eval)")
    p.add_argument(
        "--retriever", action="append", metavar="MODE",
        help="bm25, dense or hybrid (default); repeat or comma-separate to compare on the same questions",
    )  # fmt: skip
    p.add_argument("--unanswerable", default=None, metavar="FILE",
                   help="questions the documents cannot answer, scored as a group of their own")  # fmt: skip
    p.add_argument("--limit", type=int, default=None, help="only the first N questions")
    p.add_argument("--cache", default=None, metavar="DIR",
                   help="where the eval indexes are kept (default: <cache_dir>/eval)")  # fmt: skip
    p.add_argument("--threads", type=int, default=None,
                   help="torch CPU threads (1 keeps latencies honest on a machine shared with busy processes)")  # fmt: skip
    p.add_argument("--details", action="store_true", help="with --json: every question's ranking and answer")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(run=_cmd_eval)

    p = sub.add_parser("serve", help="open the chat page")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.set_defaults(run=_cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    use_offline_environment()
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except ValueError as exc:  # InputError, LoadError, settings validation: the user's to fix
        print(f"newsbot: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsbot: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        from bot.llm import LLMUnavailableError

        if isinstance(exc, LLMUnavailableError):  # down, missing or too slow: say which, no traceback
            print(f"newsbot: {exc}", file=sys.stderr)
            return 1
        print(f"newsbot: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
