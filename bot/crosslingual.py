"""English questions over Chinese text: Chinese names written in pinyin (``Haidian``, ``Zhang Liang``)
are matched against the pinyin of the article text."""

from __future__ import annotations

import re
from functools import cache

from bot.question import ENGLISH_STOPWORDS

_WORD = re.compile(r"[A-Za-z]+")
MAX_NAME_CHARS = 4  # hanzi per name: 海淀, 张良, 王合生, 龙潭湖


@cache
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (``zhang``, ``hai``, ``dian`` …)."""
    from pypinyin import lazy_pinyin

    return frozenset(lazy_pinyin([chr(c) for c in range(0x4E00, 0xA000)]))


@cache
def spells_pinyin(word: str) -> bool:
    """``Haidian`` (hai-dian) could be a Chinese name; ``District`` or ``Federation`` cannot."""
    word = word.lower()
    syllables = _syllables()
    reachable = [True] + [False] * len(word)  # reachable[i]: word[:i] splits into syllables
    for end in range(1, len(word) + 1):
        reachable[end] = any(
            reachable[start] and word[start:end] in syllables for start in range(max(0, end - 6), end)
        )
    return reachable[-1]


def english_names(question: str) -> list[str]:
    """Capitalised words that could be pinyin and are not question or function words: the Chinese
    names the question mentions (``the Haidian District Federation of Trade Unions`` names Haidian
    only). Two such words in a row are one name too (``Zhang Liang`` → ``zhangliang``)."""
    words = _WORD.findall(question)
    names: list[str] = []
    previous_capital = False
    for word in words:
        capital = word[0].isupper() and word.lower() not in ENGLISH_STOPWORDS and spells_pinyin(word)
        if capital:
            names.append(word.lower())
            if previous_capital:
                names.append(names[-2] + names[-1])
        previous_capital = capital
    return names


def pinyin_matches(names: list[str], text: str) -> dict[str, str]:
    """name → the hanzi in ``text`` whose toneless pinyin spells it."""
    if not names:
        return {}
    from pypinyin import lazy_pinyin

    chars = list(text)
    syllables = lazy_pinyin(chars)
    wanted = set(names)
    found: dict[str, str] = {}
    for start in range(len(chars)):
        spelled = ""
        for end in range(start, min(start + MAX_NAME_CHARS, len(chars))):
            if not "\u4e00" <= chars[end] <= "\u9fff":
                break
            spelled += syllables[end]
            if spelled in wanted and spelled not in found:
                found[spelled] = "".join(chars[start : end + 1])
    return found


def romanise(hanzi: str) -> str:
    """``张良`` → ``Zhang Liang``: surname, then the given name as one word."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(hanzi)
    if len(syllables) < 2:
        return "".join(syllables).capitalize()
    return f"{syllables[0].capitalize()} {''.join(syllables[1:]).capitalize()}"
