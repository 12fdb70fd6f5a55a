"""The generative answerer as a LangChain (LCEL) chain:

    condense the follow-up with the history → retrieve → prompt with numbered passages → model
    (streamed) → verify the citations in code → Answer

The chat model, the retrieval and the extractive fallback are passed in; nothing here builds them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from typing import TYPE_CHECKING, Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable, RunnableBranch, RunnableLambda, RunnablePassthrough

from bot.answer_types import Answer
from bot.condense import History, condense
from bot.prompts import render
from bot.question import question_kind
from bot.verify import (
    Policy,
    Verified,
    answer_numbers,
    chinese_names,
    format_passages,
    in_language,
    make_passages,
    pinyin_names,
    strip_markers,
    verify,
)

if TYPE_CHECKING:
    from bot.api import Retrieved

Retrieve = Callable[[str, str], "Retrieved"]  # (question, standalone query) → what the archive holds
Fallback = Callable[["Retrieved"], Answer]  # the extractive answer from the same retrieval
Grounded = Callable[["Retrieved"], Collection[str]]  # ids of the retrieved articles about the question

HISTORY_TURNS = 3
HISTORY_ANSWER_CHARS = 300
MAX_CONDENSED_CHARS = 300
MAX_PASSAGES = 3  # prompt processing dominates on a CPU: ~1,300 prompt tokens for three passages


def is_chinese(text: str) -> bool:
    """Chinese when Chinese characters are at least a third of its letters (``Who is 张良?`` is English)."""
    letters = re.sub(r"[\W\d_]", "", text)
    return bool(letters) and sum("\u4e00" <= ch <= "\u9fff" for ch in letters) * 3 >= len(letters)


def _lang(text: str) -> str:
    return "zh" if is_chinese(text) else "en"


class AnswerChain:
    """``invoke`` returns the checked Answer; ``stream`` yields the model's text deltas as they come,
    then the checked Answer (whose text may differ: sentences with unsupported claims are dropped)."""

    def __init__(
        self,
        model: BaseChatModel,
        retrieve: Retrieve,
        fallback: Fallback,
        *,
        grounded: Grounded | None = None,
        top_k: int = 5,
        policy: Policy = "drop",
    ) -> None:
        """``grounded``: when given, an answer must cite at least one of the articles it names (those
        the archive's own support check finds about the question), or the fallback answers."""
        passages = min(top_k, MAX_PASSAGES)
        self.fallback = fallback
        self.grounded = grounded
        self.policy = policy
        condense_with_model = (
            RunnableLambda(self._condense_messages) | model | StrOutputParser() | RunnableLambda(_clean_query)
        )
        proposed = RunnableBranch(
            (lambda s: bool(s["history"]), condense_with_model),
            RunnableLambda(lambda s: s["question"]),
        )
        self.prepare: Runnable[dict[str, Any], dict[str, Any]] = (
            RunnablePassthrough.assign(proposed=proposed)
            | RunnablePassthrough.assign(query=RunnableLambda(_standalone_query))
            | RunnablePassthrough.assign(
                retrieved=RunnableLambda(lambda s: retrieve(s["question"], s["query"]))
            )
            | RunnablePassthrough.assign(
                passages=RunnableLambda(
                    lambda s: make_passages(s["retrieved"].documents[:passages], s["retrieved"].texts)
                )
            )
        )
        self.generate: Runnable[dict[str, Any], str] = RunnableBranch(
            (lambda s: not s["passages"], RunnableLambda(lambda s: "")),  # nothing to answer from
            RunnableLambda(self._answer_messages) | model | StrOutputParser(),
        )
        self.chain: Runnable[dict[str, Any], Answer] = (
            self.prepare | RunnablePassthrough.assign(reply=self.generate) | RunnableLambda(self._finish)
        )

    def invoke(self, question: str, history: History | None = None) -> Answer:
        return self.chain.invoke({"question": question, "history": history or []})

    def stream(self, question: str, history: History | None = None) -> Iterator[str | Answer]:
        state = self.prepare.invoke({"question": question, "history": history or []})
        reply = []
        for delta in self.generate.stream(state):
            reply.append(delta)
            yield delta
        yield self._finish({**state, "reply": "".join(reply)})

    # -- steps ---------------------------------------------------------------------------------------

    def _condense_messages(self, state: dict[str, Any]) -> list[HumanMessage]:
        turns = state["history"][-HISTORY_TURNS:]
        zh = is_chinese(state["question"])
        asked, answered = ("用户", "助手") if zh else ("User", "Assistant")
        lines = []
        for q, a in turns:
            lines.append(f"{asked}: {q}")
            lines.append(f"{answered}: {strip_markers(a)[:HISTORY_ANSWER_CHARS]}")
        prompt = render(
            "condense", _lang(state["question"]), history="\n".join(lines), question=state["question"]
        )
        return [HumanMessage(prompt)]

    def _answer_messages(self, state: dict[str, Any]) -> list[HumanMessage]:
        prompt = render(
            "answer",
            _lang(state["question"]),
            passages=format_passages(state["passages"]),
            question=state["query"],
        )
        return [HumanMessage(prompt)]

    def _finish(self, state: dict[str, Any]) -> Answer:
        question: str = state["question"]
        chinese = is_chinese(question)
        reply: str = state["reply"]
        retrieved = state["retrieved"]
        if not state["passages"] or not in_language(reply, chinese):
            return self.fallback(retrieved)
        checked: Verified = verify(reply, state["passages"], self.policy)
        cited = {c.article_id for c in checked.citations}
        if (
            not checked.found
            or (self.grounded is not None and not cited & set(self.grounded(retrieved)))
            or not states_the_asked_fact(question, checked.text)
        ):
            fallback = self.fallback(retrieved)
            return fallback.model_copy(update={"unsupported": checked.unsupported})
        return Answer(
            question=question,
            text=checked.text,
            found=True,
            citations=checked.citations,
            unsupported=checked.unsupported,
        )


def states_the_asked_fact(question: str, answer: str) -> bool:
    """Whether the answer holds the kind of fact the question asks for: a name for who, a number for
    how many and when. A reply that only restates the question is no answer."""
    kind = question_kind(question)
    text = strip_markers(answer)
    if kind == "who":
        return bool(chinese_names(text) or pinyin_names(text))
    if kind in ("how_many", "when"):
        return bool(answer_numbers(text))
    return True


def _standalone_query(state: dict[str, Any]) -> str:
    """The model's rewrite of a follow-up, unless it is empty, rambling or in another language: then
    the rule-based rewrite."""
    question, history, proposed = state["question"], state["history"], state["proposed"]
    if not history:
        return question
    if proposed and len(proposed) <= MAX_CONDENSED_CHARS and is_chinese(proposed) == is_chinese(question):
        return proposed
    return condense(question, history)


def _clean_query(text: str) -> str:
    """The first non-empty line, without a label or quotes the model may add."""
    line = next((ln.strip() for ln in text.strip().splitlines() if ln.strip()), "")
    line = re.sub(
        r"^(?:改写后的问题|独立问题|问题|standalone question|question)\s*[:：]\s*", "", line, flags=re.I
    )
    return line.strip(" \"'“”‘’「」")
