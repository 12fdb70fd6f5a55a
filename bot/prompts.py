"""Prompts are files in ``prompts/``: ``NAME.LANG.txt``, loaded by name with their variables checked."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from langchain_core.prompts import PromptTemplate

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


class PromptError(ValueError):
    pass


@cache
def load_prompt(name: str, lang: str, variables: frozenset[str] = frozenset()) -> PromptTemplate:
    """The template ``prompts/NAME.LANG.txt`` (``NAME.txt`` when the wording is shared); its
    ``{variables}`` must be exactly ``variables``."""
    candidates = [PROMPTS_DIR / f"{name}.{lang}.txt", PROMPTS_DIR / f"{name}.txt"]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise PromptError(f"no prompt named {name!r} for language {lang!r} in {PROMPTS_DIR}")
    template = PromptTemplate.from_template(path.read_text(encoding="utf-8"))
    found = set(template.input_variables)
    if found != variables:
        missing, unknown = sorted(variables - found), sorted(found - variables)
        raise PromptError(f"{path.name}: missing variables {missing}, unknown variables {unknown}")
    return template


def render(name: str, lang: str, **values: str) -> str:
    return load_prompt(name, lang, frozenset(values)).format(**values)
