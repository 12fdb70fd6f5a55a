"""Follow-up questions without a language model: a light rule-based rewrite with the conversation."""

from __future__ import annotations

import re

History = list[tuple[str, str]]  # (question, answer) pairs, oldest first

_FOLLOW_UP = re.compile(
    r"他们|她们|它们|他|她|它|其|该|这|那|上述|分别|此|\b(?:they|them|their|he|she|his|her|it|its|those|that)\b",
    re.IGNORECASE,
)
SHORT_QUESTION = 8  # characters; "那平谷呢？" is a follow-up even without a pronoun


def is_follow_up(question: str) -> bool:
    return bool(_FOLLOW_UP.search(question)) or len(question.strip()) <= SHORT_QUESTION


def condense(question: str, history: History | None) -> str:
    """The question as it would be asked on its own: a follow-up gets the previous question and the
    facts its answer led with (``张良、王合生 —— …``) put in front."""
    if not history or not is_follow_up(question):
        return question
    previous_question, previous_answer = history[-1]
    lead = previous_answer.split(" —— ", 1)[0] if " —— " in previous_answer else ""
    return " ".join(part for part in (previous_question, lead, question) if part)
