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
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import PromptTemplate
from langchain_core.runnables import Runnable, RunnableBranch, RunnableLambda, RunnablePassthrough

from bot.answer_types import Answer
from bot.condense import History, condense
from bot.crosslingual import english_names
from bot.extractive import REPORTER_QUESTION
from bot.pinned import event_stated, months_stated
from bot.prompts import PromptError, load_prompt, render
from bot.question import question_kind
from bot.verify import (
    Passage,
    Policy,
    Verified,
    answer_numbers,
    chinese_names,
    format_passages,
    glossed_names,
    in_language,
    make_passages,
    pinyin_names,
    spelled,
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
# prompt processing dominates on a CPU: ~1,050 prompt tokens with two passages, ~1,300 with three;
# ~400 of them are the rules and worked examples, which llama.cpp keeps cached from one question to
# the next in the same language. Two passages answered the seed questions as well as three (16 of
# 19 with the 1.5B test model, none wrong), with a first token ~35 % sooner.
MAX_PASSAGES = 2
_TURN = re.compile(r"^<\|(system|user|assistant)\|>[ \t]*\n", re.MULTILINE)
_ROLES: dict[str, type[BaseMessage]] = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}


def is_chinese(text: str) -> bool:
    """Chinese when Chinese characters are at least a third of its letters (``Who is 张良?`` is English)."""
    letters = re.sub(r"[\W\d_]", "", text)
    return bool(letters) and sum("\u4e00" <= ch <= "\u9fff" for ch in letters) * 3 >= len(letters)


def _lang(text: str) -> str:
    return "zh" if is_chinese(text) else "en"


def prompt_messages(name: str, lang: str, **values: str) -> list[BaseMessage]:
    """The prompt ``prompts/NAME.LANG.txt`` as chat messages. A file may hold several turns, each
    opened by a line ``<|system|>``, ``<|user|>`` or ``<|assistant|>`` (worked examples go in as
    earlier turns of the conversation: small models follow a shown answer better than a described
    one); a file without such lines is one user message. The file is cut into turns before the
    values are filled in, so no passage or question can open a turn of its own."""
    template = load_prompt(name, lang, frozenset(values)).template
    pieces = _TURN.split(template)
    if len(pieces) == 1:
        return [HumanMessage(render(name, lang, **values))]
    if pieces[0].strip():
        raise PromptError(f"{name}.{lang}: text before the first <|role|> line")
    messages = []
    for role, text in zip(pieces[1::2], pieces[2::2], strict=True):
        part = PromptTemplate.from_template(text.strip("\n"))
        messages.append(_ROLES[role](part.format(**{k: values[k] for k in part.input_variables})))
    return messages


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

    def _answer_messages(self, state: dict[str, Any]) -> list[BaseMessage]:
        return prompt_messages(
            "answer",
            _lang(state["question"]),
            passages=format_passages(state["passages"]),
            question=state["query"],
        )

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
            or not states_the_asked_fact(question, checked.text, _reporters(state["passages"]))
            or not months_stated(question, checked.citations)
            or not event_stated(question, checked.citations)
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


def states_the_asked_fact(question: str, answer: str, reporters: Collection[str] = ()) -> bool:
    """Whether the answer holds the kind of fact the question asks for: a name the question does not
    already hold for who, a number for how many and when. A reply that only restates the question
    (``The Haidian congress was held by the Haidian union``) is no answer, nor one that names the
    passages' ``reporters`` when the question does not ask who reported."""
    kind = question_kind(question)
    text = strip_markers(answer)
    if kind == "who":
        asked = set(english_names(question)) | set(pinyin_names(question))
        if not REPORTER_QUESTION.search(question):
            asked |= {spelled(r) for r in reporters}
        named = chinese_names(text) + glossed_names(text) + pinyin_names(text)
        return any(name not in question and spelled(name) not in asked for name in named)
    if kind in ("how_many", "when"):
        return bool(answer_numbers(text))
    return True


def _reporters(passages: list[Passage]) -> set[str]:
    """The bylines' names (赵思远 of 本报讯 (记者 赵思远)): the article's author, not its subject."""
    return {
        name
        for p in passages
        for name in re.split(r"[、,，\s]+", p.document.metadata.get("author") or "")
        if name
    }


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
