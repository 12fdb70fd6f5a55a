"""A language model's reply, checked in code before anyone sees it: every marker [n] must point to a
passage the model was given, every name and number must be in the passages the answer cites, and
each citation's quote is the sentence of its passage that best supports what cites it (verbatim)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from langchain_core.documents import Document

from bot.answer_types import Citation
from bot.citations import make_citation
from bot.crosslingual import MAX_NAME_CHARS, pinyin_matches, romanise, spells_pinyin
from bot.question import ENGLISH_STOPWORDS, PERSON_FLAGS, PLACE_FLAGS
from bot.retriever import has_cjk
from vectorstore.splitter import sentence_spans
from vectorstore.tokens import jieba_tokenizer

Policy = Literal["drop", "fallback", "keep"]

PASSAGE_CHARS = 600  # of article text per passage: the small local models have short contexts
LEAD_CHARS = 250
MAX_QUOTE_CHARS = 300
SEPARATOR = " … "

_MARKERS = re.compile(r"[\[【［]\s*(\d+(?:\s*[,，、;；]\s*\d+)*)\s*[\]】］]")
_REPLY_SENTENCE = re.compile(
    r"[^\n。！？!?]*?(?:[。！？!?]+|\.(?=\s|$)|\n|$)[”’」』\"')）]*(?:\s*[\[【［][\d\s,，、;；]+[\]】］])*"
)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[A-Za-z]+")
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_SCALED = re.compile(r"(\d+(?:\.\d+)?)\s*([万亿])")
# capitalised English words that happen to spell pinyin
NOT_NAMES = ENGLISH_STOPWORDS | set(
    "a an china june he she me we ye yes no on ban can fan man pan ran tan wan hang long sun gun nun "
    "ping pong lie die tie pie pin bin tin zen ma pa".split()
)
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝"
)
# a name and its spelling side by side: ``张良 (Zhang Liang)`` or ``Zhang Liang (张良)``
_HANZI_THEN_PINYIN = re.compile(
    r"([\u4e00-\u9fff]+)(\s*[(（]\s*)([A-Z][a-z]*(?:[ '’-][A-Za-z][a-z]*){0,3})(\s*[)）])"
)
_HANZI_IN_PARENTHESES = re.compile(r"[(（]\s*([\u4e00-\u9fff]{2,4})\s*[)）]")
_SPELLING_BEFORE = re.compile(r"(?:[A-Z][a-z]*[ '’-]){0,2}[A-Z][a-z]*\s*$")


@dataclass(frozen=True)
class Passage:
    """What the model was shown as ``[n]``: excerpts (the retrieved chunks) of one article."""

    n: int
    document: Document
    article_text: str
    sentences: tuple[tuple[int, int], ...]  # offsets in ``article_text`` of the quotable sentences

    @property
    def body(self) -> str:
        return SEPARATOR.join(self.article_text[s:e] for s, e in _runs(self.sentences))

    @property
    def text(self) -> str:
        meta = self.document.metadata
        header = " | ".join(str(v) for v in (meta.get("title"), meta.get("date")) if v)
        return f"{header}\n{self.body}"


@dataclass
class Verified:
    text: str
    citations: list[Citation] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # sentences removed for unsupported claims
    invalid_markers: list[int] = field(default_factory=list)  # [n] with no passage n

    @property
    def found(self) -> bool:
        return bool(self.citations)


def make_passages(documents: list[Document], texts: dict[str, str]) -> list[Passage]:
    """Passages [1]…[k] from retrieved articles: the lead of each article (news puts its key facts
    there), then the sentences of its best chunks, in article order, up to ``PASSAGE_CHARS``."""
    passages = []
    for n, document in enumerate(documents, start=1):
        article_text = texts[document.metadata["article_id"]]
        candidates = _lead(article_text)
        for start, end in document.metadata.get("spans") or []:
            candidates.extend(
                (start + x.start, start + x.end) for x in sentence_spans(article_text[start:end])
            )
        chosen: list[tuple[int, int]] = []
        used = 0
        for s, e in candidates:
            if any(s < ce and cs < e for cs, ce in chosen) or used + e - s > PASSAGE_CHARS:
                continue
            chosen.append((s, e))
            used += e - s
        passages.append(Passage(n, document, article_text, tuple(sorted(chosen))))
    return passages


def _lead(text: str) -> list[tuple[int, int]]:
    """The first sentences of an article, ``LEAD_CHARS`` characters or one sentence."""
    lead: list[tuple[int, int]] = []
    for span in sentence_spans(text[: LEAD_CHARS * 4]):
        if lead and span.end > LEAD_CHARS:
            break
        lead.append((span.start, span.end))
    return lead


def format_passages(passages: Iterable[Passage]) -> str:
    """The numbered passages for the prompt. Angle brackets become full-width ones, so that no
    passage can close the ``<passages>`` block it is quoted in."""
    return "\n\n".join(f"[{p.n}] {p.text.replace('<', '＜').replace('>', '＞')}" for p in passages)


def _runs(sentences: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """Neighbouring sentences joined into runs of article text."""
    runs: list[tuple[int, int]] = []
    for s, e in sentences:
        if runs and s - runs[-1][1] <= 2:
            runs[-1] = (runs[-1][0], e)
        else:
            runs.append((s, e))
    return runs


def markers(sentence: str) -> list[int]:
    found: list[int] = []
    for match in _MARKERS.finditer(sentence):
        found.extend(int(n) for n in re.split(r"[^\d]+", match.group(1)) if n)
    return list(dict.fromkeys(found))


def strip_markers(text: str) -> str:
    return _MARKERS.sub("", text)


def reply_sentences(reply: str) -> list[str]:
    return [m.group() for m in _REPLY_SENTENCE.finditer(reply) if m.group().strip()]


def cjk_share(text: str) -> float:
    """Share of Chinese characters among the letters of ``text`` (markers and digits aside)."""
    letters = re.sub(r"[\W\d_]", "", strip_markers(text))
    return sum(has_cjk(ch) for ch in letters) / len(letters) if letters else 0.0


def in_language(reply: str, chinese: bool) -> bool:
    """A Chinese answer to a Chinese question; an English one (names in hanzi allowed) otherwise."""
    share = cjk_share(reply)
    return share >= 0.5 if chinese else share <= 0.5


# -- claims: the names and numbers a sentence states ---------------------------------------------


def chinese_names(sentence: str) -> list[str]:
    """People (with a common surname) and places jieba finds in the Chinese parts of a sentence."""
    jieba_tokenizer()
    import jieba.posseg as pseg

    names = []
    for pair in pseg.cut(strip_markers(sentence)):
        word, flag = pair.word, pair.flag
        if len(word) < 2 or not has_cjk(word):
            continue
        if (flag in PERSON_FLAGS and word[0] in SURNAMES) or flag in PLACE_FLAGS:
            names.append(word)
    return list(dict.fromkeys(names))


def spelled(hanzi: str) -> str:
    """``张良`` → ``zhangliang``; pinyin stays as it is."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(hanzi))


def _is_pinyin(words: str) -> bool:
    parts = [w.lower() for w in re.split(r"[ '’-]+", words) if w]
    return bool(parts) and all(spells_pinyin(w) and w not in NOT_NAMES for w in parts)


def _glossed_name(run: str, spelling: str) -> str | None:
    """The name at the end of a run of hanzi that a pinyin spelling in parentheses follows: the
    part the spelling spells, else the person jieba finds there; ``None`` when there is none."""
    wanted = re.sub(r"[^a-z]", "", spelling.lower())
    for size in range(2, min(MAX_NAME_CHARS, len(run)) + 1):
        if spelled(run[-size:]) == wanted:
            return run[-size:]
    jieba_tokenizer()
    import jieba.posseg as pseg

    *_, last = pseg.cut(run)
    if last.flag in PERSON_FLAGS and last.word[0] in SURNAMES and 2 <= len(last.word) <= MAX_NAME_CHARS:
        return str(last.word)
    if 2 <= len(run) <= 3 and run[0] in SURNAMES:
        return run
    return None


def glossed_names(sentence: str) -> list[str]:
    """The hanzi of names written with their spelling in parentheses, in either order."""
    names = []
    for m in _HANZI_THEN_PINYIN.finditer(sentence):
        if _is_pinyin(m.group(3)) and (name := _glossed_name(m.group(1), m.group(3))):
            names.append(name)
    names.extend(m.group(1) for m in _HANZI_IN_PARENTHESES.finditer(sentence))
    return list(dict.fromkeys(names))


def respell_names(text: str) -> str:
    """The pinyin a small model writes beside a Chinese name is often wrong (``王合生 (Wang Hui
    Sheng)``, ``Zhang Li (张良)``): replace it with the name's own spelling (``Wang Hesheng``).
    Only the spelling changes; the hanzi name itself is checked against the passages as written."""

    def after(m: re.Match[str]) -> str:
        run, spelling = m.group(1), m.group(3)
        if not _is_pinyin(spelling):
            return m.group()
        name = _glossed_name(run, spelling)
        if name is None or spelled(name) == re.sub(r"[^a-z]", "", spelling.lower()):
            return m.group()
        return f"{run}{m.group(2)}{romanise(name)}{m.group(4)}"

    text = _HANZI_THEN_PINYIN.sub(after, text)
    parts: list[str] = []
    done = 0
    for m in _HANZI_IN_PARENTHESES.finditer(text):
        name = m.group(1)
        written = _SPELLING_BEFORE.search(text, done, m.start())
        if written is None or name[0] not in SURNAMES:
            continue
        words = written.group().rstrip()
        # only the pinyin words right before the parenthesis: ``Secretary Zhang Li (张良)``
        tokens = re.split(r"(?<=[ '’-])", words)
        while tokens and not _is_pinyin(tokens[0]):
            tokens.pop(0)
        spelling = "".join(tokens)
        if not spelling or spelled(name) == re.sub(r"[^a-z]", "", spelling.lower()):
            continue
        start = written.start() + len(words) - len(spelling)
        parts.append(text[done:start] + romanise(name))
        done = written.start() + len(words)
    return "".join(parts) + text[done:]


def pinyin_names(sentence: str) -> list[str]:
    """Chinese names written in pinyin (``Wang Hesheng`` → ``wanghesheng``): runs of capitalised
    words made of pinyin syllables, two words per name at most."""
    names: list[str] = []
    run: list[str] = []
    for match in [*_WORD.finditer(strip_markers(sentence)), None]:
        word = match.group() if match else ""
        lowered = word.lower()
        if word[:1].isupper() and lowered not in NOT_NAMES and spells_pinyin(lowered):
            run.append(lowered)
            continue
        names.extend("".join(run[i : i + 2]) for i in range(0, len(run), 2))
        run = []
    return list(dict.fromkeys(names))


def numbers(text: str) -> set[str]:
    """The numbers ``text`` states, as plain digit strings: ``1,000`` → ``1000``; in Chinese text
    also ``十七`` → ``17`` and ``1万`` → ``10000``."""
    plain = _fullwidth(text)
    found = {m.group().replace(",", "") for m in _DIGITS.finditer(plain)}
    for m in _SCALED.finditer(plain):
        found.add(_format(float(m.group(1)) * (10_000 if m.group(2) == "万" else 100_000_000)))
    for m in _CN_NUMBER.finditer(plain):
        value = chinese_number(m.group())
        if value is not None:
            found.add(str(value))
    return found


def answer_numbers(sentence: str) -> set[str]:
    """Numbers stated in digits (the ones a reader checks): marker numbers and list bullets aside."""
    plain = _fullwidth(strip_markers(sentence))
    plain = re.sub(r"^\s*\d+[.、)]\s", "", plain)
    return {m.group().replace(",", "") for m in _DIGITS.finditer(plain)}


def chinese_number(text: str) -> int | None:
    digits = {
        "零": 0,
        "〇": 0,
        "一": 1,
        "二": 2,
        "两": 2,
        "三": 3,
        "四": 4,
        "五": 5,
        "六": 6,
        "七": 7,
        "八": 8,
        "九": 9,
    }
    units = {"十": 10, "百": 100, "千": 1000}
    total, section, current = 0, 0, None
    for ch in text:
        if ch in digits:
            current = digits[ch]
        elif ch in units:
            section += (1 if current is None else current) * units[ch]
            current = None
        elif ch in "万亿":
            section += current or 0
            total += max(section, 1) * (10_000 if ch == "万" else 100_000_000)
            section, current = 0, None
    value = total + section + (current or 0)
    return value if value > 0 or text in ("零", "〇") else None


def _fullwidth(text: str) -> str:
    return text.translate({0xFF10 + i: ord("0") + i for i in range(10)} | {0xFF0C: ord(",")})


def _format(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


@dataclass
class Claim:
    sentence: str
    cited: list[int]
    names: list[str]  # hanzi, or pinyin for names written in pinyin
    numbers: set[str]


def _claims(sentence: str, given: set[int]) -> tuple[Claim, list[int]]:
    cited = markers(sentence)
    claim = Claim(
        sentence=sentence,
        cited=[n for n in cited if n in given],
        names=list(dict.fromkeys(chinese_names(sentence) + glossed_names(sentence))) + pinyin_names(sentence),
        numbers=answer_numbers(sentence),
    )
    return claim, [n for n in cited if n not in given]


def _supported(name: str, text: str) -> bool:
    if has_cjk(name):
        return name in text
    return bool(pinyin_matches([name], text))


def _unsupported(claim: Claim, text: str, stated: set[str]) -> list[str]:
    missing = [name for name in claim.names if not _supported(name, text)]
    missing.extend(sorted(n for n in claim.numbers if n not in stated))
    return missing


# -- verification ----------------------------------------------------------------------------------


def verify(reply: str, passages: list[Passage], policy: Policy = "drop") -> Verified:
    """Check ``reply`` against the ``passages`` it was written from. ``policy`` for sentences with
    names or numbers no cited passage contains: drop them (default), ``fallback`` (cite nothing, so
    the caller falls back), or ``keep`` them (only listed in ``unsupported``)."""
    by_n = {p.n: p for p in passages}
    claims: list[Claim] = []
    invalid: list[int] = []
    for sentence in reply_sentences(respell_names(reply.strip())):
        claim, bad = _claims(sentence, set(by_n))
        claims.append(claim)
        invalid.extend(n for n in bad if n not in invalid)
    # what the answer cites; a reply citing nothing is checked against every passage, so that
    # ``unsupported`` tells invented names from uncited ones (it is replaced all the same)
    cited = {n for c in claims for n in c.cited} or set(by_n)
    evidence = "\n".join(by_n[n].text for n in sorted(cited))
    stated = numbers(evidence)

    kept: list[Claim] = []
    unsupported: list[str] = []
    dropped: list[str] = []
    for claim in claims:
        missing = _unsupported(claim, evidence, stated)
        unsupported.extend(m for m in missing if m not in unsupported)
        if missing and policy != "keep":
            dropped.append(claim.sentence.strip())
        elif strip_markers(claim.sentence).strip(" \n。.，,；;：:"):
            kept.append(claim)
    if dropped and policy == "fallback":
        kept = []

    numbering: dict[int, int] = {}
    for claim in kept:
        for n in claim.cited:
            numbering.setdefault(n, len(numbering) + 1)
    citations = [
        _citation(new, by_n[old], [c for c in kept if old in c.cited]) for old, new in numbering.items()
    ]
    text = "".join(_renumber(c.sentence, numbering) for c in kept).strip()
    return Verified(text, citations, unsupported, dropped, invalid)


def _renumber(sentence: str, numbering: dict[int, int]) -> str:
    def replace(match: re.Match[str]) -> str:
        kept = [numbering[int(n)] for n in re.split(r"[^\d]+", match.group(1)) if n and int(n) in numbering]
        return "".join(f"[{n}]" for n in dict.fromkeys(kept))

    return _MARKERS.sub(replace, sentence)


def _citation(n: int, passage: Passage, claims: list[Claim]) -> Citation:
    start, end = best_quote(passage, claims)
    quote = passage.article_text[start:end]
    return make_citation(n, passage.document, passage.article_text, quote, start)


def best_quote(passage: Passage, claims: list[Claim]) -> tuple[int, int]:
    """The sentence of ``passage`` that best supports ``claims`` (offsets in the article), joined
    with its neighbour when that one holds names or numbers the first lacks."""
    wanted_names = _hanzi_names(claims, passage)
    wanted_numbers = set().union(*(c.numbers for c in claims))
    claim_grams = _grams(" ".join(strip_markers(c.sentence) for c in claims))

    def support(span: tuple[int, int]) -> tuple[set[str], float]:
        sentence = passage.article_text[span[0] : span[1]]
        hits = {n for n in wanted_names if n in sentence} | (wanted_numbers & numbers(sentence))
        overlap = len(claim_grams & _grams(sentence)) / len(claim_grams) if claim_grams else 0.0
        return hits, len(hits) + overlap

    scored = sorted(((support(span), span) for span in passage.sentences), key=lambda x: -x[0][1])
    (best_hits, _), best = scored[0]
    for (hits, score), span in scored[1:]:
        if score <= 0 or not hits - best_hits:
            continue
        joined = (min(best[0], span[0]), max(best[1], span[1]))
        between = [s for s in passage.sentences if joined[0] <= s[0] and s[1] <= joined[1]]
        if joined[1] - joined[0] <= MAX_QUOTE_CHARS and len(between) == 2:
            return joined
    return best


def _hanzi_names(claims: list[Claim], passage: Passage) -> set[str]:
    names: set[str] = set()
    for claim in claims:
        for name in claim.names:
            if has_cjk(name):
                names.add(name)
            else:
                names.update(pinyin_matches([name], passage.body).values())
    return names


def _grams(text: str) -> set[str]:
    """Chinese character bigrams and lower-cased words: what a quote and a claim share."""
    lowered = text.lower()
    cjk = re.sub(r"[^\u4e00-\u9fff]", " ", lowered)
    grams = {cjk[i : i + 2] for i in range(len(cjk) - 1) if " " not in cjk[i : i + 2]}
    return grams | {w for w in _WORD.findall(lowered) if w not in ENGLISH_STOPWORDS and len(w) > 2}
