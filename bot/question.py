"""What a question asks for: its kind (who, when, where, how many, what) and its key terms."""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from typing import Literal

from bot.retriever import has_cjk
from vectorstore.tokens import jieba_tokenizer, word_frequency

Kind = Literal["who", "organisation", "when", "where", "how_many", "what"]

WHEN_QUESTION = re.compile(
    r"什么时候|何时|哪天|哪一天|哪年|哪一年|哪一?个月|几月|几号|几点|什么日期|什么时间|\bwhen\b|what (?:date|time|year|month|day)",
    re.I,
)
# a time asked for by a noun at the question's end: "…首次会议的时间", "发售日期是什么"
ASKED_TIME = re.compile(r"(?:时间|日期)(?:是)?(?:什么)?[？?]?$")
_KIND_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = [
    ("when", WHEN_QUESTION),
    ("how_many", re.compile(
        r"多少|(?<!哪)几[个名支家位项次人天年万亿架辆艘座所条种款件台只倍岁]|什么比分|多大|多长|多高|多重|多久|比例|百分之|\bhow (?:many|much|long|old|large|big|far|high|tall|deep|heavy)\b", re.I
    )),
    ("organisation", re.compile(r"(?:哪个|哪家|哪些|什么)(?:机构|部门|单位|企业|公司|组织|集团|银行|机关|协会|平台)")),
    ("who", re.compile(r"谁|哪位|哪些人|什么人|哪个人|\bwho(?:m|se)?\b", re.I)),
    # 在哪些方面 / 在哪个环节 ask what, not where
    ("where", re.compile(
        r"哪里|哪儿|何地|何处|什么地方|在哪(?![些个一方])|哪一?[个些座](?:城市|国家|地区|省)|\bwhere\b", re.I
    )),
]  # fmt: skip
# "Which …" or "what …" at a clause's start asks for the kind of its noun, the last one within a few
# words, before the phrase ends: "Which Shanghai district market regulator opened …" asks for an
# organisation, "Which Taiwan Affairs Office spokesperson attended …" for a person, "What total
# tourism revenue …" for a number; not "… the parcel in which customs found …"
_ASKING = re.compile(
    # at the start of the question or of a clause, or after the words it opens with when no question
    # word does ("Doctors from which hospital taught …"; not the parcel "in which" customs found drugs)
    r"(?:^|[,;:.]\s*|^(?!(?:what|which|who|whom|whose|when|where|why|how)\b)[^,;:?]*?\s(?=\w+\s+which\b))"
    r"(?:(at|in|near|on|from|into|to|between|of|for|by)\s+)?(which|what)\b"
    r"(?:\s+(?:is|was|are|were)\s+the\b)?([^,;:?()“”\"]*)",
    re.I,
)  # fmt: skip
_NAME_OF = re.compile(r"^\s*(?:full\s+)?names?\s+of\s+(?:the\s+|a\s+|an\s+)?")
_WHICH_NOUN_KINDS: dict[str, Kind] = {
    **dict.fromkeys(
        "officer official executive spokesperson spokesman spokeswoman head chief chair chairman "
        "chairwoman president vice-president director minister secretary governor mayor economist "
        "analyst expert scientist researcher professor scholar teacher student doctor nurse player "
        "athlete coach goalkeeper striker actor actress singer artist writer author journalist "
        "reporter member inheritor founder leader manager judge lawyer prosecutor driver worker "
        "volunteer villager resident man woman boy girl person champion winner deputy envoy "
        "ambassador commander soldier ceo representative blogger engineer designer entrepreneur "
        "candidate politician diplomat astronaut pilot farmer employee captain martyr veteran victim "
        "suspect survivor passenger tourist investor owner principal controller firefighter brewer "
        "craftsman chef miner fisherman rescuer hero host anchor comedian producer dancer photographer "
        "painter poet defendant accomplice premier senator lawmaker legislator delegate".split(),
        "who",
    ),
    **dict.fromkeys(
        "company firm brokerage bank university college hospital regulator court agency authority "
        "bureau department ministry institute institution organisation organization association "
        "federation union group fund club airline carrier automaker carmaker manufacturer maker "
        "insurer operator developer publisher studio newspaper broadcaster government council "
        "committee commission".split(),
        "organisation",
    ),
    **dict.fromkeys(
        "city county district province country town township village region state place site venue "
        "intersection checkpoint port airport station spot street road community park river lake "
        "mountain island square stadium school farm zone theatre theater subdistrict lane alley fair "
        "hall building hotel restaurant shop store mall temple museum library bridge tunnel beach "
        "reservoir campus neighbourhood neighborhood pier wharf terminal".split(),
        "where",
    ),
    **dict.fromkeys("date year month day time week deadline".split(), "when"),
    **dict.fromkeys(
        "price revenue amount interval percentage sum cost fee salary income profit turnover rate "
        "number temperature speed distance height length weight population investment value budget "
        "output volume capacity area funding loss debt compensation subsidy spending expenditure sales "
        "deficit surplus growth earnings wage gdp".split(),
        "how_many",
    ),
}
_PHRASE_END = set(
    "of for in at on from with to by that whose who whom did does do was were is are has had have will "
    "would could can and or as after before when since said says kind".split()
)  # fmt: skip
# "at which bank" asks where; "for which company", "by what amount" ask what their noun is
_WHERE_PREPOSITIONS = set("at in near on from into to between of".split())
_ASKING_AFTER = set("of to by for with from about at in on and or but".split())  # to whom, and when
_RELATIVE_WHICH = re.compile(r"\s+(?:a|an|the|his|her|its|their|he|she|it|they)\b", re.I)
MAX_WHICH_NOUN_WORDS = 4  # Which Nantong Zhiyun first-choice goalkeeper


def _which_noun(text: str) -> tuple[int, Kind, str] | None:
    """Where an English question asks "which …" or "what …", the kind its noun asks for ("at which
    bank" and "in which school" ask where) and the noun; a "which" whose noun tells nothing asks
    what, and so does a "what" that starts the question."""
    for match in _ASKING.finditer(text):
        if match.group(2).lower() == "which" and _RELATIVE_WHICH.match(match.group(3)):
            continue  # "… in which a man surnamed Chen fled …, on what date …": a clause, no question
        kind: Kind | None = None
        noun = ""
        # "what is the name of the … officer" asks for the kind of what it names
        phrase = _NAME_OF.sub("", match.group(3).lower())
        for word in re.findall(r"[\w'’-]+", phrase)[:MAX_WHICH_NOUN_WORDS]:
            if word in _PHRASE_END:
                break
            singular = re.sub(r"ies$", "y", re.sub(r"['’]s$", "", word))
            singular = singular if singular in _WHICH_NOUN_KINDS else singular.removesuffix("s")
            # a secretary-general is a secretary (a vice-president is in the table)
            singular = singular if singular in _WHICH_NOUN_KINDS else singular.split("-")[0]
            if singular in _WHICH_NOUN_KINDS:
                kind, noun = _WHICH_NOUN_KINDS[singular], singular
        if kind == "organisation" and (match.group(1) or "").lower() in _WHERE_PREPOSITIONS:
            kind = "where"
        # "What is the total investment …, as reported when …": the first word asks
        if kind or match.group(2).lower() == "which" or match.start(2) == 0:
            return match.start(2), kind or "what", noun
    return None


def which_noun(text: str) -> str:
    """The noun an English question asks "which …" by (``village`` of "In which village …"), or ""."""
    asked = _which_noun(text)
    return asked[2] if asked else ""


# a question without a question word names what it asks for last: "第七届香港立法会首次会议的时间",
# "2022年四川和重庆的GDP增长率", "电视剧《不期而至》的主演"
_ASKED_NOUN: list[tuple[Kind, re.Pattern[str]]] = [
    ("when", ASKED_TIME),
    ("how_many", re.compile(
        r"(?:产量|销量|增长率|增速|价格|票价|人数|数量|金额|总额|规模|票房|GDP)(?:是)?(?:什么)?[？?]?$", re.I
    )),
    ("who", re.compile(r"(?:得主|主演|导演|获得者|创始人|负责人)(?:是)?[？?]?$")),
]  # fmt: skip

QUESTION_WORDS = set(
    "谁 什么 哪些 哪个 哪位 哪里 哪儿 哪 几 多少 何时 什么时候 如何 怎么 怎样 为什么 为何 是否 吗 呢 "
    "是 的 了 在 有 和 与 及 为 被 把 将 对 向 从 由 上 中 下 等 都 也 还 又 该 其 这 那 这个 那个 这些 "
    "他 她 它 他们 她们 它们 我们 你们 分别 主要 哪一 一个 进行 什么样 通过 关于 人 个 "
    "请问 请 告诉 我 一下 多大 多长 哪天 哪年 第几 这次 几点 是从 段时间 时间段".split()
)  # fmt: skip
# a question word jieba joins to its measure word or unit: 哪家, 哪一年, 几个, 多少度
_QUESTION_TOKEN = re.compile(r"(?:哪|几|多少)\w{0,2}")
ENGLISH_STOPWORDS = set(
    "who whom whose what when where which why how many much is are was were the a an of in on at to "
    "for and or did do does by with from about that this these those there their they he she it".split()
)  # fmt: skip
ENTITY_FLAGS = {"ns", "nr", "nrt", "nt", "nz", "nrfg"}
_CLASSIFIERS = set("颗个位名家座条只辆架艘项部台本种件张所支批起场届次份款")
_COUNTING = re.compile(r"[这那每该几]|多少|[\d一二两三四五六七八九十百千万]+")
PERSON_FLAGS = {"nr", "nrfg", "nrt"}
PLACE_FLAGS = {"ns"}
# people, places and other proper nouns: jieba tags some common words so (辟谣/nr, 头奖/nz, 上市/ns)
_UNSURE_NAME_FLAGS = {"nr", "nrt", "nrfg", "nz", "ns"}
# tagged as place names but name no particular place: an article rarely repeats "中国" or "城市"
GENERIC_ENTITIES = set(
    "中国 我国 全国 国内 国外 国际 世界 全球 城市 地区 国家 各地 当地 本地 海外 境外 地方 中文 英文".split()
)
YEAR = re.compile(r"^(?:19|20)\d\d$")  # "2024年巴黎奥运会": an article of 2021 does not answer
MIN_SHORTENED = 3  # characters of a name looked for as the short form of a longer one
SHORTENED_GAP = 2  # characters of the full name between two of the short form's
ADMINISTRATIVE_SUFFIX = re.compile(r"(?:自治区|特别行政区|省|市|县|区)$")


@dataclass(frozen=True)
class Question:
    text: str
    kind: Kind
    terms: dict[str, float]  # key term → weight (idf)
    entities: frozenset[str]  # names of places, people, organisations the question mentions
    chinese: bool


@cache
def _idf() -> tuple[dict[str, float], float]:
    jieba_tokenizer()
    import jieba.analyse

    tfidf = jieba.analyse.default_tfidf
    return tfidf.idf_freq, tfidf.median_idf


def idf(term: str) -> float:
    table, median = _idf()
    return min(table.get(term, median), median)


def question_kind(text: str) -> Kind:
    if not has_cjk(text):  # English asks first: "How many …, as reported when …" asks how many
        found = [
            (m.start(), kind)
            for kind, pattern in _KIND_PATTERNS
            if (m := next((m for m in pattern.finditer(text) if not _relative(text, m)), None))
        ]
        if asked := _which_noun(text):
            found.append(asked[:2])
        if found:
            return min(found)[1]
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    for kind, pattern in _ASKED_NOUN:
        if pattern.search(text.strip()):
            return kind
    return "what"


def _relative(text: str, match: re.Match[str]) -> bool:
    """The "who", "when" or "where" matched opens a relative clause: a word comes before it (a woman
    in Guangdong who nearly went into shock), not a clause's start or a preposition (to whom)."""
    before = text[: match.start()].split()
    return (
        match.group().lower().startswith(("who", "when", "where"))
        and bool(before)
        and before[-1][-1].isalnum()
        and before[-1].lower() not in _ASKING_AFTER
    )


def analyse(text: str) -> Question:
    jieba_tokenizer()
    import jieba.posseg as pseg

    terms: dict[str, float] = {}
    entities = set()
    tagged = _unglued_counts([(pair.word, pair.flag) for pair in pseg.cut(text)])
    for raw, flag in tagged:
        word = raw.strip()
        lowered = word.lower()
        if (
            not word
            or not re.search(r"\w", word)
            or is_question_word(lowered)
            or lowered in ENGLISH_STOPWORDS
        ):
            continue
        if len(word) == 1 and has_cjk(word) and flag not in ENTITY_FLAGS:
            continue
        terms[lowered] = idf(lowered)
        if (is_name(lowered, flag) and has_cjk(word) and lowered not in GENERIC_ENTITIES) or YEAR.match(word):
            entities.add(lowered)
    entities |= {p for p in _cut_places(text) + _cut_towns(tagged) if not any(p in e for e in entities)}
    return Question(text, question_kind(text), terms, frozenset(entities), has_cjk(text))


def _unglued_counts(tagged: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The noun a classifier is glued to after a demonstrative or a number (这/r 颗卫星/nz, 多少/m
    台旧/nz): jieba made a proper noun of the two, which no article writes."""
    import jieba.posseg as pseg

    unglued: list[tuple[str, str]] = []
    for (before, _), (word, flag) in itertools.pairwise([("", ""), *tagged]):
        if (
            len(word) >= 2
            and word[0] in _CLASSIFIERS
            and flag in ENTITY_FLAGS
            and _COUNTING.fullmatch(before)
        ):
            unglued.extend((pair.word, pair.flag) for pair in pseg.cut(word[1:]))
        else:
            unglued.append((word, flag))
    return unglued


def _cut_places(text: str) -> list[str]:
    """The places of a district or county that jieba cuts apart (辽/j 中区/ns for 辽中区): CC-CEDICT
    knows 辽中 as a place, and 区 says it is named as one."""
    from bot.crosslingual import places

    return [
        text[m.start() - size : m.end()]
        for m in re.finditer("[区县]", text)
        for size in (2, 3)
        if m.start() >= size and text[m.start() - size : m.start()] in places()
    ]


def _cut_towns(tagged: list[tuple[str, str]]) -> list[str]:
    """The towns and townships jieba cuts apart (哲觉/n 镇营/vn 洞村/n for 哲觉镇营洞村): a word of two
    characters CC-CEDICT does not know, which 镇 or 乡 follows, names one."""
    from bot.crosslingual import common_words

    return [
        word + following[0]
        for (word, _), (following, _) in itertools.pairwise(tagged)
        if len(word) == 2
        and has_cjk(word)
        and following[0] in "镇乡"
        and not is_question_word(word)
        and word not in common_words()
    ]


def is_question_word(word: str) -> bool:
    """A word that asks (谁, 哪一年, 几个) or only joins the question's words (是, 的): no key term."""
    lowered = word.lower()
    return lowered in QUESTION_WORDS or bool(_QUESTION_TOKEN.fullmatch(lowered))


def is_name(word: str, flag: str, flags: Collection[str] = ENTITY_FLAGS) -> bool:
    """Whether a word jieba tagged ``flag`` names someone or somewhere (``flags``: the tags that
    name): not when CC-CEDICT knows it only as a common word (辟谣/nr, 深度/ns); always when CC-CEDICT
    lists it as a place, whatever jieba's tag (恩施/n, 吉达/nr)."""
    from bot.crosslingual import common_words, places

    return word in places() or (flag in flags and not (flag in _UNSURE_NAME_FLAGS and word in common_words()))


def term_presence(term: str, text: str) -> float:
    """1 when the term occurs; for a compound, the share of its parts that occur (at most 0.7)."""
    if term in text:
        return 1.0
    if len(term) < 3:
        return 0.0
    parts = [p for p in jieba_tokenizer().lcut_for_search(term) if len(p) >= 2 and p != term]
    if not parts:
        return 0.0
    return 0.7 * sum(p in text for p in parts) / len(parts)


def entity_present(entity: str, text: str) -> bool:
    """``湖南省`` is found as ``湖南``, ``中国香港`` as ``香港``: articles drop what the reader knows;
    a short form (``中科院``) as its full name (``中国科学院``); two names jieba joined (``上海浦东``)
    each on its own."""
    shorter = {ADMINISTRATIVE_SUFFIX.sub("", entity), entity.removeprefix("中国")}
    if entity in text or any(v in text for v in shorter if len(v) >= 2):
        return True
    if len(entity) >= MIN_SHORTENED and shortened(entity).search(text):
        return True
    parts = _joined_names(entity)  # 上海浦东 as 上海市浦东新区
    return bool(parts) and all(entity_present(p, text) for p in parts)


@cache
def shortened(entity: str) -> re.Pattern[str]:
    """The full name a short form is made of, its characters in order in one run of words: 中科院 in
    中国科学院, 经信委 in 经济和信息化委员会."""
    gap = rf"[^\W\d]{{0,{SHORTENED_GAP}}}?"
    return re.compile(gap.join(re.escape(ch) for ch in entity))


@cache
def _joined_names(entity: str) -> tuple[str, ...]:
    """The names jieba joined into one (上海浦东 → 上海, 浦东); empty for one name (人民检察院)."""
    parts = tuple(p for p in jieba_tokenizer().lcut_for_search(entity) if p != entity)
    return parts if len(parts) >= 2 and "".join(parts) == entity else ()


def coverage(question: Question, text: str) -> float:
    """Idf-weighted share of the question's key terms found in ``text`` (0…1)."""
    total = sum(question.terms.values())
    if total == 0:
        return 0.0
    lowered = text.lower()
    return sum(w * _held(question, t, lowered) for t, w in question.terms.items()) / total


def _held(question: Question, term: str, text: str) -> float:
    if term in question.entities and entity_present(term, text):
        return 1.0
    found = term_presence(term, text)
    if found < 1.0 and question.chinese and term not in question.entities:
        from bot.crosslingual import is_verb, synonyms

        # an action is often reworded (辟谣 as 否认); a thing asked about is the question's content
        if is_verb(term) and any(len(s) > 1 and s in text for s in synonyms(term, narrow=True) - {term}):
            return max(found, SYNONYM_CREDIT)
    return found


_CONJUNCTIONS = {"和", "及", "以及"}
# 与 and 、 also join two things that are compared when the question asks for each (分别); without
# it, 中国与东盟的贸易额 is one thing between two
_RESPECTIVE_CONJUNCTIONS = {"与", "、"}
RARE_CHARACTER_FREQ = 100  # in jieba's dictionary: 昺 is rare, 的 or 省 are not
_YEAR_PIECE = re.compile(r"^\d{2,4}$")
_YEAR_WORD = re.compile(r"^\d{2,4}年?$")
MAX_PHRASE_WORDS = 3
SYNONYM_CREDIT = 0.7  # an action the text tells in other words (辟谣 as 否认): CC-CEDICT glosses both alike


def _merge_years(words: list[str]) -> list[str]:
    """``2022``, ``年`` → ``2022年``: a year is one item of a comparison."""
    merged: list[str] = []
    for word in words:
        if word == "年" and merged and _YEAR_PIECE.match(merged[-1]):
            merged[-1] += word
        else:
            merged.append(word)
    return merged


def _is_item(word: str) -> bool:
    return len(word) >= 2 and bool(re.search(r"\w", word)) and not is_question_word(word)


def _merge_rare_characters(words: list[str]) -> list[str]:
    """``吴易``, ``昺`` → ``吴易昺``: jieba cuts a name off before a character it hardly knows."""
    merged: list[str] = []
    for word in words:
        if (
            merged
            and has_cjk(word)
            and len(word) == 1
            and has_cjk(merged[-1])
            and word_frequency(word) < RARE_CHARACTER_FREQ
        ):
            merged[-1] += word
        else:
            merged.append(word)
    return merged


def _comparison(text: str) -> tuple[list[str], int, int, int] | None:
    """The question's words, and where the two compared items are: ``words[start:i]`` and
    ``words[i + 1:end]`` around the ``和``/``及`` at ``i``."""
    words = _merge_rare_characters(_merge_years(jieba_tokenizer().lcut(text)))
    joins = _CONJUNCTIONS | _RESPECTIVE_CONJUNCTIONS if "分别" in words else _CONJUNCTIONS
    for i in range(1, len(words) - 1):
        before, after = words[i - 1], words[i + 1]
        if (
            words[i] in joins
            and _is_item(before)
            and _is_item(after)
            and not (_is_verb(before) and _is_verb(after))
            and words[i + 2 : i + 3] != ["之间"]  # 俄罗斯和非洲之间: one relation between the two
        ):
            whole = _whole_phrases(words, i)
            if whole:
                return words, i, *whole
            width = _item_width(words, i)
            return words, i, i - width, i + 1 + width
    return None


def _whole_phrases(words: list[str], i: int) -> tuple[int, int] | None:
    """Where the items start and end when the question asks for two things of one (``艾尔登法环的
    发售日期和标准版国区价格是什么``): each is the whole phrase between the ``的`` and the ``和``, and
    between the ``和`` and the question's end, however many words each has."""
    start = i
    while start > 0 and words[start - 1] != "的":
        start -= 1
    end = i + 1
    while end < len(words) and _phrase_word(words[end]):
        end += 1
    phrases = words[start:i] + words[i + 1 : end]
    if (
        start == 0
        or i - start > MAX_PHRASE_WORDS
        or end - i - 1 > MAX_PHRASE_WORDS
        or not all(_phrase_word(w) for w in phrases)
        or any(_phrase_word(w) for w in words[end:])
        or not (_is_noun(words[i - 1]) and _is_noun(words[end - 1]))  # 豪华版价格相差: no thing
    ):
        return None
    return start, end


def _phrase_word(word: str) -> bool:
    """A word of a compared phrase (垫 of 瑜伽垫 too); not a question word, ``的`` or a year."""
    return bool(re.search(r"\w", word)) and not is_question_word(word) and not _YEAR_WORD.match(word)


def _item_width(words: list[str], i: int) -> int:
    """How many words each compared item has: two when the second repeats the last word of the
    first (``澳网男单和温单男单冠军``), up to three when the second runs to a ``的`` and the first
    has as many item words (``宣誓仪式及首次会议的时间``); else one (``西藏和新疆经济``)."""
    if words[i + 2 : i + 3] == [words[i - 1]] and i >= 2 and _is_item(words[i - 2]):
        return 2
    for width in range(2, min(3, i) + 1):
        phrases = words[i - width : i] + words[i + 1 : i + 1 + width]
        if words[i + 1 + width : i + 2 + width] == ["的"] and all(_phrase_word(w) for w in phrases):
            return width
    return 1


def _is_noun(word: str) -> bool:
    import jieba.posseg as pseg

    return [pair.flag for pair in pseg.cut(word)][-1][:1] == "n"


def _is_verb(word: str) -> bool:
    """``开发和打造``, ``磋商和协调``: two actions of one thing, not two things to compare."""
    import jieba.posseg as pseg

    return all(pair.flag.startswith("v") for pair in pseg.cut(word))


def compared_items(text: str) -> tuple[str, str] | None:
    """``西藏和新疆经济增长了多少`` → (西藏, 新疆)."""
    found = _comparison(text)
    if found is None:
        return None
    words, i, start, end = found
    return "".join(words[start:i]), "".join(words[i + 1 : end])


def sub_questions(text: str) -> list[str]:
    """A question that compares two things (``2022年和2023年春节档首日票房冠军``, ``西藏和新疆经济增长了
    多少``) as one question per thing; ``[]`` when it compares nothing. Two-part questions are usually
    answered by two different articles, and the whole question's ranking tends to be filled by one."""
    found = _comparison(text)
    if found is None:
        return []
    words, i, start, end = found
    before, after = "".join(words[:start]), "".join(words[end:])
    return [before + "".join(words[start:i]) + after, before + "".join(words[i + 1 : end]) + after]
