"""What pins a question to one occasion besides its year: an ordinal (第八届, 第三季度, 第二小学, the
8th), a month (9月份, 十月, September) and, when it asks when, the event (什么时候竣工验收). An article
about the 7th expo, a quote about July's PMI or the day a dam started filling does not answer a
question about the 8th expo, September's PMI or the day the dam was completed, however many words
they share."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answer_types import Citation

_NUMERAL = "零〇一二两三四五六七八九十百"
_ORDINAL = re.compile(rf"第([{_NUMERAL}]+|\d+)\s*(\w)")
_MONTH = re.compile(rf"(?<![\d{_NUMERAL}.])(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月")
_ENGLISH_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b", re.I)
_ENGLISH_MONTHS = (
    "January February March April May June July August September October November December".split()
)
_VERB_MONTHS = ("May", "March")
_NOUN_MONTHS = [m for m in _ENGLISH_MONTHS if m not in _VERB_MONTHS]
# in any case, but May and March (also verbs) only capitalised and not as the first word ("May I …")
_ENGLISH_MONTH = re.compile(rf"(?<!^)\b({'|'.join(_VERB_MONTHS)})\b|\b((?i:{'|'.join(_NOUN_MONTHS)}))\b")
_THIS_MONTH = re.compile(r"本月|当月")
_LAST_MONTH = re.compile(r"上月|上个月")
_ISO_MONTH = re.compile(r"^\d{4}-(\d{1,2})")
# a Chinese when-question's word; the event asked about follows it (何时废止, 哪一天结束)
_WHEN_WORD = re.compile(r"什么时候|何时|哪一?天|哪一?年|几月几[日号]|几号|什么日期|什么时间")


def _number(numeral: str) -> int | None:
    """``八`` and ``8`` are 8; a run of numerals that is no number (十百) is None."""
    if numeral.isdigit():
        return int(numeral)
    import cn2an

    try:
        return int(cn2an.cn2an(numeral, "smart"))
    except ValueError:
        return None


def ordinals(text: str) -> set[tuple[int, str]]:
    """(number, the character after it): 第八届 and 第8届 are (8, 届); 第二小学 is (2, 小); the 8th
    is (8, "") — any 第8 holds it."""
    found = {(number, after) for n, after in _ORDINAL.findall(text) if (number := _number(n)) is not None}
    return found | {(int(n), "") for n in _ENGLISH_ORDINAL.findall(text)}


def months(text: str) -> set[int]:
    """The months a text names: 9月份, 九月 and September are 9; 4个月 (four months) is none."""
    named = {number for m in _MONTH.findall(text) if (number := _number(m)) is not None}
    said = (verb or other.capitalize() for verb, other in _ENGLISH_MONTH.findall(text.strip()))
    return named | {_ENGLISH_MONTHS.index(m) + 1 for m in said}


def ordinals_held(question: str, text: str) -> bool:
    """Every ordinal of the question is in the article's ``text`` (title included)."""
    asked = ordinals(question)
    held = ordinals(text) if asked else set()
    return all(any(n == number and after in ("", word) for number, word in held) for n, after in asked)


def months_stated(question: str, citations: Sequence[Citation]) -> bool:
    """Every month of the question is stated by one of the ``citations``: named in its quote or its
    article's title, or the month of the article's date that a quote naming no month counts from
    (``16日``; also 本月, 上月). Each part of a two-part question may state its own month."""
    asked = months(question)
    return not asked or asked <= set().union(*(_stated(c.quote + c.title, c.date) for c in citations))


def _stated(quote: str, date: str) -> set[int]:
    stated = months(quote)
    published = _ISO_MONTH.match(date)
    if published:
        month = int(published.group(1))
        if not stated or _THIS_MONTH.search(quote):
            stated.add(month)
        if _LAST_MONTH.search(quote):
            stated.add(12 if month == 1 else month - 1)
    return stated


def events(question: str) -> list[str]:
    """The verbs after a Chinese when-question's question word: what happened on the day asked
    (什么时候竣工验收 → 竣工, 验收; 何时开始施行 → 开始, 施行). None when nothing follows the question
    word (…的日期是什么时候) or the verbs are single characters (试, 是)."""
    match = _WHEN_WORD.search(question)
    if not match:
        return []
    from vectorstore.tokens import jieba_tokenizer

    jieba_tokenizer()
    import jieba.posseg as pseg

    return [p.word for p in pseg.cut(question[match.end() :]) if p.flag.startswith("v") and len(p.word) > 1]


def events_stated(question: str, citations: Sequence[Citation]) -> bool:
    """One of the question's events (:func:`events`), or a word CC-CEDICT glosses the same (举办 for
    举行), is in one of the ``citations``' quotes: a quote that a trial starts on a day does not say
    when it ends, nor a dam's filling when it is completed."""
    asked = events(question)
    if not asked:
        return True
    from bot.crosslingual import synonyms

    quotes = "".join(c.quote for c in citations)
    return any(word in quotes for verb in asked for word in synonyms(verb))
