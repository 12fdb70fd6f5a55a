"""What pins a question to one occasion besides its year: an ordinal (第八届, 第三季度, 第二小学, the
8th), a month (9月份, 十月, September), a day (8月14日) and, when it asks when, the event
(什么时候竣工验收). An article about the 7th expo, a quote about July's PMI, a crash of 8月4日 or the
day a dam started filling does not answer a question about the 8th expo, September's PMI, a crash of
8月14日 or the day the dam was completed, however many words they share."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answer_types import Citation
from vectorstore.articles import date_parts
from vectorstore.tokens import jieba_tokenizer

_NUMERAL = "零〇一二两三四五六七八九十百"
_ORDINAL = re.compile(rf"第([{_NUMERAL}]+|\d+)\s*(\w)")
_PARTY_CONGRESS = re.compile(r"(?:党的|中共)(十[一二三四五六七八九]?|二十[一二]?)大")  # 党的十八大: the 18th
_DAY = re.compile(r"(?<!\d)(1[0-2]|[1-9])月([12]\d|3[01]|[1-9])[日号]")
_DATED_DAY = re.compile(r"((?:19|20)\d\d)年(1[0-2]|[1-9])月([12]\d|3[01]|[1-9])[日号]")
_DAY_BEFORE = re.compile(r"前一天|前一日|昨天|昨日|前日")
# a count: a number and what it counts (not 第三名, an ordinal, nor 哪两个, asked, nor 50层 and 9月)
_COUNT = re.compile(
    rf"(?<![\d.第哪{_NUMERAL}])(\d+|[{_NUMERAL}]+)(周年|[个名位家只架艘辆人岁届次项座所件台枚颗棵套张本条年楼])"
)
_LISTING = re.compile(r"、|(?<=[\w》”])[和与及](?=[\w《“])")  # 西科控股、中科创星 … 两家企业
_PEOPLE = {"名": "人", "位": "人"}
# a name numbered in numerals: 二医院 of 湘雅二医院, 十九局, 二九团, 三中; 一 only in 一号 and 一院 (一处 is
# "a place"); not 第二医院 (an ordinal), 五一 (May Day), 三小时, nor a count (三所学校)
_NUMBERED_NAME = re.compile(
    rf"(?<![{_NUMERAL}第])([二三四五六七八九十][{_NUMERAL}]*|一(?=[号院]))"
    r"(医院|分局|支队|大队|监狱|中(?![心期旬])|小(?![时组])|[院局师团军厂号])"
)
_JOINING = set("的并和与及而是在了也又就都")  # after an ordinal: no measure word of it
_MONTH = re.compile(rf"(?<![\d{_NUMERAL}.])(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月")
# the 60th birthday is 60岁生日 and the 45th anniversary 45周年: no 第; the second half (of a
# year) is 下半年, the second quarter 二季度 (see :func:`quarters`); the first time often 首次; a
# capital is a name's (Fifth Engineering Division: 五局)
_SPELLED_ORDINALS = "second third fourth fifth sixth seventh eighth ninth tenth".split()
# not a fraction: one third, a third of
_ENGLISH_ORDINAL = re.compile(
    rf"(?<!one[\s-])\b(\d+(?:st|nd|rd|th)|(?-i:{'|'.join(_SPELLED_ORDINALS)}))\b"
    r"(?![\s-]+(?:birthday|anniversary|half|quarter|of\b))",
    re.I,
)
ENGLISH_MONTHS = (
    "January February March April May June July August September October November December".split()
)
_VERB_MONTHS = ("May", "March")
_NOUN_MONTHS = [m for m in ENGLISH_MONTHS if m not in _VERB_MONTHS]
# in any case, but May and March (also verbs) only capitalised and not as the first word ("May I …")
_ENGLISH_MONTH = re.compile(rf"(?<!^)\b({'|'.join(_VERB_MONTHS)})\b|\b((?i:{'|'.join(_NOUN_MONTHS)}))\b")
# a day in English: 5 August, 5th of August, August 5 (not August 2023)
_MONTH_NAME = rf"({'|'.join(ENGLISH_MONTHS)})"
_ENGLISH_DAY = re.compile(
    rf"(?<!\d)([12]\d|3[01]|[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAME}\b"
    rf"|\b{_MONTH_NAME}\s+([12]\d|3[01]|[1-9])(?:st|nd|rd|th)?\b(?![,.]?\d)"
)
# a period counted from January to a month: 1至7月, 1-7月, 前7个月 (7)
_MONTH_NUMBER = r"(1[0-2]|[2-9]|十[一二]?|[二三四五六七八九])"
_PERIOD = re.compile(
    rf"(?<![\d{_NUMERAL}])[1一]\s*[至到\-—－~]\s*{_MONTH_NUMBER}\s*月|前\s*{_MONTH_NUMBER}\s*个?月"
)
_ENGLISH_QUARTERS = ("first", *_SPELLED_ORDINALS[:3])
_QUARTER = re.compile(
    rf"([一二三四1-4])季(?:度|报)|(?<![A-Za-z])Q([1-4])(?!\d)|\b({'|'.join(_ENGLISH_QUARTERS)})[\s-]+quarter",
    re.I,
)
_THIS_MONTH = re.compile(r"本月|当月")
# a question for the day something starts: 从哪天起执行 is told by 从10月1日开始 (any event)
_ASKS_START = re.compile(r"从?(?:什么时候|何时|哪天|哪一天|哪日)起")
_STARTS_ON = re.compile(r"[日号月]\s*开始")  # 从10月1日开始; not 开始影响
_SINCE = re.compile(r"[日号月年]\s*(?:以来|起(?![诉草飞火义航来]))")  # 8月8日以来, 自8月8日起; not 8日起诉
_LAST_MONTH = re.compile(r"上月|上个月")
# they say when something else happens (开始施行, 计划投产, 实现贯通), unless nothing else follows
# (哪一天开始)
_PHASE_VERBS = set("开始 进行 计划 预计 准备 打算 决定 继续 将要 能够 可以 需要 应该 实现 完成".split())


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
    is (8, "") — any 第8 holds it; so is 小组第一并…, whose 并 only joins it to what follows."""
    found = {
        (number, "" if after in _JOINING else after)
        for n, after in _ORDINAL.findall(text)
        if (number := _number(n)) is not None
    }
    congresses = {(n, "大") for m in _PARTY_CONGRESS.findall(text) if (n := _number(m)) is not None}
    return found | congresses | {(_english_ordinal(n), "") for n in _ENGLISH_ORDINAL.findall(text)}


def _english_ordinal(word: str) -> int:
    """``7th`` is 7, ``third`` 3."""
    lowered = word.lower()
    return int(lowered[:-2]) if lowered[0].isdigit() else _SPELLED_ORDINALS.index(lowered) + 2


def days_held(question: str, text: str) -> bool:
    """Every day the question dates (8月14日, 14 August) is the article's ``text``'s: written so, or as
    the day alone (14日, counted from the article's month), or as the day before one it names
    (俄无人机8月1日夜袭 for 8月2日说…前一天夜里), or it is the day of its date line (2023-08-14: reported
    on 14 August). Lines stay apart: a date line's 2023-08-01 does not run into 7月31日.
    A day the question gives with its year is not one the article gives with another only (张吉怀高铁
    于2021年12月6日开通 does not answer for 2022年12月6日)."""
    joined = re.sub(r"[^\S\n]+", "", text)
    spaceless = re.sub(r"\s+", "", question)
    return all(
        re.search(rf"(?<!\d){month}月{day}[日号]|(?<![\d月]){day}[日号]", joined)
        or (_DAY_BEFORE.search(joined) and re.search(rf"(?<!\d){month}月{int(day) + 1}[日号]", joined))
        or re.search(rf"\d-0?{month}-0?{day}(?!\d)", joined)
        for month, day in _DAY.findall(spaceless) + _english_days(question)
    ) and not any(
        _of_other_years(year, month, day, joined) for year, month, day in _DATED_DAY.findall(spaceless)
    )


def _english_days(question: str) -> list[tuple[str, str]]:
    """(month, day) of each day an English question dates: on 5 August is ("8", "5")."""
    return [
        (str(ENGLISH_MONTHS.index(month_before or month_after) + 1), day_before or day_after)
        for day_before, month_before, month_after, day_after in _ENGLISH_DAY.findall(question)
    ]


def counts(text: str) -> set[tuple[int, str]]:
    """(number, unit) of each count a text gives: 3架 and 三架 are (3, 架); 六十周年 (60, 周年); 人, 名
    and 位 count people alike."""
    return {
        (number, _PEOPLE.get(unit, unit))
        for n, unit in _COUNT.findall(re.sub(r"\s+", "", text))
        if (number := _number(n)) is not None
    }


def counts_held(question: str, text: str) -> bool:
    """Every count the question gives in one digit or in numerals (5架, 六十周年; more digits are
    checked as written) is the article's: 3架无人机 does not answer for 5架. One (一名: "a") is no count,
    nor years (两年前 may be told by the year), nor a count of what the question has listed before
    it (西科控股、中科创星…两家企业: the article need not say 两家)."""
    spaceless = re.sub(r"\s+", "", question)
    asked = {
        (n, _PEOPLE.get(unit, unit))
        for match in _COUNT.finditer(spaceless)
        if (n := _number(match.group(1))) is not None
        and n > 1
        and (unit := match.group(2)) != "年"
        and (n < 10 or not re.search(rf"(?<![\d.]){n}", spaceless))
        and len(_LISTING.findall(spaceless[: match.start()])) + 1 != n
    }
    if not asked:
        return True
    held = counts(text)  # 十周年 is told as 十年前的今天 too
    return asked <= held | {(n, "周年") for n, unit in held if unit == "年"}


def _of_other_years(year: str, month: str, day: str, text: str) -> bool:
    written = set(re.findall(rf"((?:19|20)\d\d)年{month}月{day}[日号]", text))
    return bool(written) and year not in written


def months(text: str) -> set[int]:
    """The months a text names: 9月份, 九月 and September are 9; 4个月 (four months) is none."""
    named = {number for m in _MONTH.findall(text) if (number := _number(m)) is not None}
    said = (verb or other.capitalize() for verb, other in _ENGLISH_MONTH.findall(text.strip()))
    return named | {ENGLISH_MONTHS.index(m) + 1 for m in said}


def ordinals_held(question: str, text: str) -> bool:
    """Every ordinal of the question is in the article's ``text`` (title included); but the first
    time (第一次), which an article tells as 首次, 初次 or not at all."""
    asked = ordinals(question) - {(1, "次")}
    held = ordinals(text) if asked else set()
    return all(any(n == number and after in ("", word) for number, word in held) for n, after in asked)


def numbered_names_held(question: str, text: str) -> bool:
    """Every name the question numbers with numerals (湘雅二医院, 中铁十九局, 二九团, 三号线; 一号 and
    一院, not 一处, "a place") is in the article's ``text`` with the same number, in numerals or digits
    (3号线), not 湘雅附一医院, nor 十九局 for 九局."""
    spaceless = re.sub(r"\s+", "", text)
    return all(
        re.search(rf"(?<![{_NUMERAL}]){numeral}{kind}", spaceless)
        or ((n := _number(numeral)) is not None and re.search(rf"(?<!\d){n}{kind}", spaceless))
        for numeral, kind in _NUMBERED_NAME.findall(re.sub(r"\s+", "", question))
    )


def quarters(text: str) -> set[int]:
    """The quarters of the year a text names: 三季度, 第三季度, 三季报, Q3 and the third quarter are 3."""
    found = set()
    for match in _QUARTER.finditer(text):
        spelled = match.group(3)
        number = (
            _ENGLISH_QUARTERS.index(spelled.lower()) + 1
            if spelled
            else _number(match.group(1) or match.group(2))
        )
        if number is not None:
            found.add(number)
    return found


def quarters_held(question: str, text: str) -> bool:
    """Every quarter the question names is one the article's ``text`` names (二季度 is not 三季度)."""
    asked = quarters(question)
    return not asked or asked <= quarters(text)


def periods(text: str) -> set[int]:
    """The months that periods from January end with: 1至7月, 1-7月 and 前7个月 are 7."""
    return {number for pair in _PERIOD.findall(text) if (number := _number("".join(pair))) is not None}


def months_stated(question: str, citations: Sequence[Citation]) -> bool:
    """Every month of the question is stated by one of the ``citations``: named in its quote or its
    article's title, or the month of the article's date that a quote naming no month counts from
    (``16日``; also 本月, 上月) or one naming another month the question asks. Each part of a
    two-part question may state its own month. A period (1至8月) is stated only as that period:
    1至7月 and 8月17日 do not state it."""
    asked = months(question)
    quoted = [c.quote + c.title for c in citations]
    return (
        not asked
        or asked <= set().union(*(_stated(q, c.date, asked) for q, c in zip(quoted, citations, strict=True)))
    ) and (periods(question) <= set().union(*(periods(q) for q in quoted)))


def _stated(quote: str, date: str, asked: set[int]) -> set[int]:
    stated = months(quote)
    _, month, _ = date_parts(date)
    if month:
        # a quote of an asked month is of its article's month too: June's spending that figures
        # released on August 8 show, in an article of August
        if not stated or _THIS_MONTH.search(quote) or stated & asked:
            stated.add(month)
        if _LAST_MONTH.search(quote):
            stated.add(12 if month == 1 else month - 1)
    return stated


def event(question: str) -> str | None:
    """What happened on the day a Chinese when-question asks about: the first verb after its question
    word (什么时候竣工验收 → 竣工; an English question has none), passing over a verb of phase or plan
    when another follows (何时开始施行 → 施行; 哪一天开始 → 开始; 哪天决定不予批捕 → 不予) and single
    characters (试, 是). None when no verb follows and none names the time asked for (…审议的日期是
    什么时候; but 发售日期是什么时候 → 发售, see :func:`_timed`)."""
    from bot.question import WHEN_QUESTION  # the event asked about follows it (何时废止, 哪一天结束)

    match = WHEN_QUESTION.search(question)
    if not match:
        return _timed(question)
    jieba_tokenizer()
    import jieba.posseg as pseg

    after = pseg.cut(question[match.end() :])
    verbs = [p.word for p in after if p.flag.startswith("v") and len(p.word) > 1]
    if not verbs:  # 发售日期是什么时候: the time is asked for by a noun before the question word
        return _timed(question[: match.start()])
    return next((v for v in verbs if v not in _PHASE_VERBS), verbs[0])


def _timed(question: str) -> str | None:
    """The action of a question that asks for its time by a noun (发售日期是什么 → 发售, 开幕时间): the
    two characters before 日期 or 时间, if CC-CEDICT defines them as an action (not 会议的时间)."""
    from bot.crosslingual import is_verb
    from bot.question import ASKED_TIME

    match = re.search(rf"([\u4e00-\u9fff]{{2}}){ASKED_TIME.pattern}", question.strip())
    return match.group(1) if match and is_verb(match.group(1)) else None


def event_stated(question: str, citations: Sequence[Citation]) -> bool:
    """The question's event (:func:`event`), if it names one, is told by one of the ``citations``'
    quotes (:func:`tells`), or its start, when the question asks from which day (从哪天起执行:
    从10月1日开始). An event CC-CEDICT does not define (运抵) has no synonyms to look for (the quote
    says 抵达): any quote may tell it."""
    from bot.crosslingual import in_dictionary

    asked = event(question)
    quotes = "".join(c.quote for c in citations)
    return (
        asked is None
        or not in_dictionary(asked)
        or tells(asked, quotes)
        or (bool(_ASKS_START.search(question)) and bool(_SINCE.search(quotes) or _STARTS_ON.search(quotes)))
    )


def tells(asked: str, text: str) -> bool:
    """``text`` names the ``asked`` event, or says it with a word CC-CEDICT glosses the same (举办 for
    举行, 完工 for 竣工; a start by 8月8日以来 or 8月8日起). A sentence that a trial starts on a day
    does not say when it ends, nor the opening of a route when it is stopped."""
    from bot.crosslingual import synonyms

    said = synonyms(asked)
    return any(word in text for word in said) or ("开始" in said and bool(_SINCE.search(text)))
