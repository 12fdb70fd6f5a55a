"""The default answerer: picks the sentences of the retrieved passages that answer the question,
leads with the asked-for fact (names, a date, a number, a place) and cites each sentence."""

from __future__ import annotations

import datetime
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from bot.answer_types import Answer, Citation
from bot.citations import make_citation
from bot.crosslingual import (
    MAX_NAME_CHARS,
    MIN_NAME_SHARE,
    asked_names,
    chinese_terms,
    common_words,
    english_names,
    enough_names,
    in_letters,
    is_verb,
    pinyin_matches,
    places,
    proper_names,
    proper_share,
    proper_terms,
    romanise,
    surnames,
    term_coverage,
    within,
)
from bot.pinned import (
    counts_held,
    days_held,
    event,
    event_stated,
    months_stated,
    numbered_names_held,
    ordinals_held,
    quarters_held,
    tells,
)
from bot.prompts import render
from bot.question import (
    ADMINISTRATIVE_SUFFIX,
    GENERIC_ENTITIES,
    PERSON_FLAGS,
    PLACE_FLAGS,
    YEAR,
    Kind,
    Question,
    analyse,
    compared_items,
    coverage,
    entity_present,
    is_name,
    is_question_word,
    shortened,
    sub_questions,
    term_presence,
    which_noun,
)
from bot.retriever import has_cjk
from vectorstore.articles import date_parts
from vectorstore.newspaper_page import BYLINE
from vectorstore.splitter import Span, cut_long, sentence_spans
from vectorstore.tokens import jieba_tokenizer, word_frequency

CANDIDATE_ARTICLES = 3
MAX_SENTENCES = 3
PART_SENTENCES = 2  # each part of a two-part question: its best sentence and a runner-up
FACT_BONUS = 0.25
NAME_BONUS = 0.2
ITEM_PENALTY = 0.25  # a two-part question: the sentence names the other part's item, not this one's
RANK_PRIOR = 1.0  # trust the retriever: its first article holds the answer ~95% of the time
TITLE_TERM_WEIGHT = 0.3  # terms of the article's title pick the article, not the sentence
SECOND_SENTENCE_RATIO = 0.4
# an English question naming no one: the share of its words whose Chinese an article must hold
ENGLISH_MIN_COVERAGE = 0.4
# an English name a place noun follows: Fanshi county, Hongkou District
_PLACED_NAME = re.compile(r"\b([A-Z][a-z]+)\s+(?i:county|district|city|town|township|village|province)\b")
# a who-question's year tells whom it means (2021年调任…的官员是谁): any quote may state it; a
# number's or a date's year tells which one, so its leading quote must
ANY_QUOTE_DATES = ("who", "organisation")
PLACE_WINDOW = 10  # characters before a thing in which the article may place it (东湖清江“江湖游”皮划艇)
# names found in pinyin tell the story more surely than words CC-CEDICT translates: two or more
# count twice (one alone may be a district of many stories: Chaoyang)
NAME_WEIGHT = 2.0
TERM_BONUS = 0.5  # per share of an English question's words a sentence holds in Chinese
LOCAL_IDF_POWER = 2.0
MAX_UNIT_CHARS = 150  # a longer sentence is quoted by its clauses
MAX_ANSWER_CHARS = 200  # of quoted sentences; the first one is always given whole
MAX_LEAD_FACTS = 3
TYPICAL_SENTENCE = 80  # characters; longer sentences hold more of the question's words by chance
LENGTH_POWER = 0.3
# asked for a place or a date, a quote that names none (but the question's own) does not answer
PLACE_OR_DATE = ("where", "when")
_MEASURE_WORDS = set("个座家所条支部款片处间项种类")
_WHICH_WORD = re.compile(rf"哪[{''.join(_MEASURE_WORDS)}]?")
_TIME_NOUNS = set("天 年 月 日 时候 时间 一天 一年 季度 年份 日期".split())
_NAME_NOUNS = {"名字", "名称"}
# the characters a place's or a building's name ends with: 车站 is asked, 潍坊北站 answers
_NAME_ENDS = set("站湖河江山岛港镇村县市省馆园库店厂桥路街")
MAX_ASKED_NAME_CHARS = 12
# how the names an English "which" noun asks for end in Chinese (the dictionary glosses village as
# 农村 and county as 县域, words no name ends with)
_NAME_ENDINGS = {
    "village": ("村",), "town": ("镇",), "township": ("乡",), "county": ("县",), "district": ("区",),
    "city": ("市",), "province": ("省",), "station": ("站",), "checkpoint": ("口岸", "检查站"),
    "port": ("港", "口岸"), "airport": ("机场",), "bank": ("银行",), "school": ("学校", "小学", "中学"),
    "university": ("大学",), "college": ("学院",), "hospital": ("医院",), "court": ("法院",),
    "community": ("社区", "小区", "花园"), "park": ("公园",), "lake": ("湖",), "river": ("河", "江"),
    "mountain": ("山",), "island": ("岛",), "reservoir": ("水库",), "farm": ("农场", "林场"),
    "street": ("街",), "road": ("路",), "intersection": ("路口",), "company": ("公司",),
    "brokerage": ("证券",), "stadium": ("体育场", "体育馆"), "venue": ("馆", "中心", "厅", "剧院", "剧场"),
    "theatre": ("剧院", "剧场"), "theater": ("剧院", "剧场"),
}  # fmt: skip
# a question whose best sentence restates it is led by the fact of the next one that has one
LED_BY_A_LATER_FACT = (*PLACE_OR_DATE, "how_many")

_DATE = re.compile(
    r"\d{4}年(?:\d{1,2}月(?:\d{1,2}[日号])?(?:至\d{1,2}[日号])?)?|\d{1,2}月\d{1,2}[日号](?:至\d{1,2}[日号])?"
    r"|\d{1,2}月(?:上|中|下)旬|\d{4}-\d{1,2}-\d{1,2}|本月\d{1,2}日|\d{1,2}[日号]"
)
# IT之家 writes 8 月 12 日 and 2022 年: the spaces go before dates are read
_DATE_SPACE = re.compile(r"(?<=\d)\s+(?=[年月日号])|(?<=[年月])\s+(?=\d{1,2}\s*[月日号])")
# the day of a report (北京8月1日电, 7月25日消息), not of what it reports
_DATELINE = re.compile(r"电|讯|消息")
# the month a question asks for (哪个月, which month): 8月份, 8月底, not the month of 8月18日
_MONTH_QUESTION = re.compile(r"哪一?个月|几月(?!几)|\b(?:which|what) month\b", re.I)
_MONTH_NUMBER = r"(?<![\d.])(?:1[0-2]|0?[1-9])月"
_MONTH = re.compile(rf"{_MONTH_NUMBER}(?:份|上旬|中旬|下旬|初|底)?(?!\d)")
# the hour a question asks for (几点, what time): 凌晨两点, 上午10时30分, 14:30
_HOUR_QUESTION = re.compile(r"几点|\bwhat time\b", re.I)
_HOUR = re.compile(
    r"(?:凌晨|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜间|深夜|午夜|当晚|当天)?"
    r"(?:\d{1,2}|[一二三四五六七八九十两]{1,3})[时点](?:\d{1,2}分|[一二三四五六七八九十]{1,3}分|半)?"
    r"|\d{1,2}:\d{2}"
)
# a match's score (什么比分): 44.5:35, 2比1
_SCORE_QUESTION = re.compile(r"比分")
# where someone is from, as an official's profile gives it: "曹煜，男，汉族，1963年10月生，山西朔州人，"
_NATIVE_PLACE_QUESTION = re.compile(r"(?:哪里|哪儿|何地|何处|哪个地方的?|什么地方的?)人|籍贯")
_NATIVE_PLACE = re.compile(
    r"(?:^|[，,；;：:、\s])([\u4e00-\u9fff]{2,10}?)人(?=[，,。；;、）)])|籍贯[：:为是]?([\u4e00-\u9fff]{2,10})"
)
_SCORE = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d)?\s*[:：比]\s*\d{1,3}(?:\.\d)?(?![\d.])")
_RELATIVE_DAY = re.compile(r"(本月)?(\d{1,2})[日号]")
# days and years the news counts from its own date: 今天 is the publishing day (当天 is not: it is
# the day the story told of last)
_RELATIVE_WORD = re.compile(r"今天|今日|昨天|昨日|今年|去年")
_YEAR_QUESTION = re.compile(r"哪一?年|什么年份|哪个年份|\b(?:which|what) year\b", re.I)
_HAS_YEAR = re.compile(r"\d{4}年|\d{4}-")
_UNIT = (
    r"(?:个百分点|美元|欧元|港元|日元|英镑|韩元|卢布|人次|千瓦时|千瓦|公里|公斤|公顷|平方公里|平方米|立方米|毫米|小时|分钟"
    r"|[个名支家位项次人元件座所条岁年天倍吨米斤份场队只台辆架艘款种例户亩点秒套张部枚本颗棵起宗]"
    r"|(?:mAh|mm|cm|km|kg|GB|TB|MB|kWh|kW|MW|GW|GHz|Hz|ml|mg)(?![A-Za-z]))"
)
# a rank asked for (排名第几位): the ordinal is the answer (第414位)
_RANK_QUESTION = re.compile(r"第几")
_RANK = re.compile(r"第\s*[\d一二三四五六七八九十百千]+\s*[位名个届次期批轮季]")
_NUMBER = re.compile(
    r"(?:[\d０-９]+(?:[.,．][\d０-９]+)*|[一二三四五六七八九十两百千万亿]+)\s*(?:多|余)?(?:%|％|[万亿千百]{1,2})?(?:多|余)?"
    rf"(?:\s?{_UNIT})?"
)
# a theme, slogan or motto is quoted in the news: “助力职场家庭促进母乳喂养”
_NAMING_QUESTION = re.compile(
    r"主题|口号|名称|理念|精神(?=是|为|\W|$)|称号|标语|宗旨|(?:称为|称作|叫做|誉为)(?:什么|啥)|叫什么(?!名字)|昵称|别称"
    r"|别名|绰号"
    r"|\b(?:theme|slogan|motto|name|called)\b"
    r"|\b(?:which|what) (?:\S+ ){0,2}(?:platform|app|website|brand|campaign|initiative|project|hashtag)s?\b",
    re.I,
)
_QUOTED = re.compile(r"“[^“”]{2,40}”")
# what a thing the question names is called: 品牌 of 自有品牌叫什么, 小程序, 措施, IP
_CALLED = re.compile(r"([\u4e00-\u9fff]{2}|[A-Za-z]+)叫什么(?!名字)")
CALLED_WINDOW = 8  # characters between the quoted name and that thing (“三叶草计划”的新安全措施)
# a journal, book, film, show or law is named in 《》: 发表在最新的《Science》上
_WORK_QUESTION = re.compile(
    r"(?:哪|什么)[本部份个种首篇]?(?:杂志|期刊|刊物|报纸|书|著作|电影|影片|电视剧|剧目|节目|作品|歌曲|法律|法规)"
    r"|\b(?:which|what) (?:\S+ ){0,2}(?:journal|magazine|newspaper|book|film|movie|show|law|drama|series|song|album|novel"
    r"|documentary|programme|program|play|opera|game)s?\b",
    re.I,
)
_TITLED = re.compile(r"《[^《》]{1,40}》")
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_YEARLESS_NEWS = re.compile(r"(?<![年\d])\d{1,2}月\d{1,2}[日号]|今天|今年")
_CLOCK = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
# a month or an hour alone (今年3月, 上午10时30分) counts nothing; 3个月 and 24小时 do
_MONTH_OR_HOUR = re.compile(rf"{_MONTH_NUMBER}份?|(?<![\d.])(?:[01]?\d|2[0-4])时(?:\d{{1,2}}分)?")
_CHINESE_DIGITS = "一二三四五六七八九十两百千"
_DIGITS_ONLY_UNITS = ("起", "宗")  # 9起 cases; 一起 is together, 一宗 a (single) one
# what the question asks for implies the unit of the answer: a growth most often in % (an amount
# when no share is given), else a price or revenue in 元 (only)
_EXPECTED_ENDINGS = [
    (
        re.compile(
            r"增长|增速|下降|上涨|涨幅|降幅|比例|比重|占比|率|百分"
            r"|\b(?:percent(?:age)?|proportion|growth|grew|rose|fell|declined)\b",
            re.I,
        ),
        "%",
        False,
    ),
    (
        re.compile(
            r"价格|票价|售价|多少钱|费用|收入|营收|利润|GDP|生产总值|总额|销售额|成交额|交易额|出口额|进口额|贸易额|金额"
            r"|损失|罚款|罚金|赔偿金"
            r"|\b(?:prices?|priced|fares?|costs?|revenues?|income|profits?|fined?|fines|compensation|worth)\b",
            re.I,
        ),
        "元",
        True,
    ),
]
_ASKED_UNIT = re.compile(rf"(?:多少|几)({_UNIT})")
# an English question that counts people asks for a count of them: 73000人, not 4424公顷 (how many
# local people; not how many hours patients …)
_PEOPLE_COUNTED = re.compile(
    r"\bhow many (?:[\w-]*[^\Ws]\s+)?(?:people|persons|person-times|residents|villagers|workers|employees"
    r"|students|teachers|athletes|volunteers|members|children|tourists|visitors|passengers|patients)\b",
    re.I,
)
_PEOPLE_UNITS = ("人", "名", "位", "人次")
REPORTER_QUESTION = re.compile(
    r"记者|通讯员|报道者|作者|撰稿|\breport(?:er|ed)\b|\bauthor|\bwr[oi]te\b", re.I
)
# a name right after a post and before a verb: "区总工会主席尚祖国出席活动" (jieba misses some names)
_POSTS = "主席|书记|主任|部长|局长|区长|市长|县长|院长|理事长|会长|董事长|总经理|秘书长|记者|通讯员|大使|总统|总理|首相|发言人"
_SAYING = r"(?=出席|参加|表示|指出|讲话|强调|要求|介绍|代表|说|[,，、。：])"
_NAME_AFTER_POST = re.compile(rf"(?:{_POSTS})\s?([\u4e00-\u9fff]{{2,3}}?){_SAYING}")
_GLUED_AFTER_NAME = set("在说和与等是将也就对向为")  # what jieba glues to a name's end: 张晓玫在/nr
_NOT_A_NAMES_END = _GLUED_AFTER_NAME | set("称讲问答笑道摄讯")
_LIST_MARKS = set("、，,和与及等")
# the post a who-question asks for the holder of: 该社区的书记是谁, 龙山镇妇联主席是谁
_ASKED_POST = re.compile(rf"({_POSTS})(?:是谁|是哪位|叫什么)")
# a name credited as a reporter's or a photographer's: 记者 李海媛, 通讯员 张政 刘怡灵, 王琦摄
_CREDITED = r"(?:记者|通讯员|实习生|摄影|编辑)[：:\s]*(?:[\u4e00-\u9fff]{{2,4}}\s+)*{name}|{name}\s*摄"
# where an event takes place: "将于8月16日至22日在北京经济技术开发区亦创国际会展中心举办", or
# where one met another: "王毅7月24日在约翰内斯堡会见伊朗…" (jieba tags 约翰内斯堡 a name)
_VENUE = re.compile(
    r"在([\u4e00-\u9fffA-Za-z0-9·（）]{2,30}?)(?:举办|举行|召开|开幕|开展|落户|成立|启动|会见|会晤|签署)"
)
# a transliterated name is written with a middle dot, around which jieba cuts it into pieces it
# tags as names, places or abbreviations: 阿/j 琳娜/nrt ·/x 扎吉/nrt 托娃/nr
_NAME_DOTS = set("·•‧・")
_NAME_PIECE_FLAGS = {"nr", "nrt", "nrfg", "ns", "nz", "j"}
# the characters of foreign names in Chinese (新华社's transcription tables): 德约科维奇, 古特雷斯
TRANSLITERATION = set(
    "阿埃艾爱安昂奥澳巴拜班邦保鲍贝本比彼毕边宾波伯博布查达戴丹道德登狄迪蒂丁杜顿多厄恩尔法凡范菲斐芬"
    "费夫弗福富盖甘冈戈格根古瓜圭哈海汉豪赫亨胡霍基吉加贾杰捷金卡凯坎康考柯科克肯库夸奎昆拉莱赖兰朗劳"
    "勒雷蕾里丽利莉连林琳卢鲁路伦罗洛马玛迈麦曼芒梅门蒙米明缪莫姆穆纳娜奈南内妮尼涅宁纽努诺欧帕潘庞佩"
    "彭皮珀普齐奇琪乔切钦琼丘萨赛塞桑瑟森沙莎什施舒斯松苏索塔泰坦汤特提廷图托瓦万旺威韦维温沃乌武西希"
    "锡夏谢辛休雅亚扬耶伊因英尤约扎泽詹兹佐茨"
)
# a name in Latin letters inside Chinese text: 彭博社记者Mark Gurman, 瑞士私营防务企业OIP Land Systems;
# not the spelling of a name just given in Chinese: 艾萨克·赫尔佐格（Isaac Herzog）
_LATIN_NAME = re.compile(r"(?<![A-Za-z（(])[A-Z][A-Za-z]*(?:[ \-][A-Z][A-Za-z]*)+(?![A-Za-z])")
_FUNCTION_FLAGS = set("pcudrmqxy")  # particles, pronouns, numbers: never a piece of a name
COMMON_WORD_FREQ = 300  # in jieba's dictionary; the names there are below 100 (纳达尔 34, 特朗普 14)
ORG_FLAGS = {"nt"}
_ORG_SUFFIX = re.compile(
    r"(?:集团|公司|总局|管理局|局|部|委员会|委|办公室|银行|协会|学会|研究院|研究所|法院|检察院|医院|大学"
    r"|中心|基金会|组织|联盟|机构|政府|议会|理事会|社)$"
)


# what a web page puts around the news, quoted as part of a sentence when an article was scraped:
# "图片来源：韩联社  据悉，…", "时间：2021-12-29 14:58:03 来源：海外网 分享到微信朋友圈 据…",
# "【原标题】… 来源 | 央视新闻客户端 编辑 | …"
_CHROME = (
    r"【?(?:责任编辑|编辑|责编|来源|图片来源|摄影|校对)\s*[：:|]\s*[^\s】]{0,20}】?"
    r"|(?:提问)?时间\s*[：:]\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"|更多资讯|关注我们|分享到(?:微信)?(?:朋友圈)?|返回搜狐，?查看更多|往期回顾|简\s?讯(?=\s)"
)
# a credit in brackets that starts a sentence: "（中国台湾网福建省台联通讯员 周雄铭）"; inside a sentence
# ("…7月24日电 (记者叶传增)记者从…") it is left
_CREDIT = r"[（(][^（）()]{0,30}(?:通讯员|记者|摄影|摄|编辑)[^（）()]{0,12}[)）]"
_LEADING_CHROME = re.compile(rf"\s*(?:{_CHROME}|{_CREDIT})")
_CHROME_AFTER_BLANK = re.compile(rf"\s+(?:{_CHROME})")  # the rest of the sentence is the page's
_WORD_CHARACTER = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
# another name of what the word before it names: 社他（赛塔）
_BRACKETED = re.compile(r"[（(]([^）)]{2,12})[）)]")
# a word in Latin letters in a Chinese question, with a small letter or a digit: the name of a
# product, an app or a firm, written as the article writes it (7640S, 2TB, Bluesky, HarmonyOS); not
# an acronym in capitals, which the article may put in Chinese (GDP: 地区生产总值)
_LATIN_WORD = re.compile(
    r"(?<![A-Za-z\d])(?=[A-Za-z\d]*[A-Za-z])(?=[A-Za-z\d]*[a-z\d])[A-Za-z\d]{2,}(?![A-Za-z\d])"
)
# a number that ends a name, with the quote, bracket or 版 after it: “豹7”, 《最终幻想16》, 2309版本, or
# the anniversary it names (实施20周年 is not 15周年), matched with what ends it; not a date or a name
# going on (2023年, 3D, 2023世界机器人大会)
_NAMING_NUMBER = re.compile(r"(?<![\d.第])\d+(?:\.\d+)?(?:[”\"’'》〉）)」』】]|版|周年)")
# any other number a question gives (60万吨/年 of a project, 36笔), but a year, a day, a month or a
# time of day: those are checked as such, and an ordinal (第16个) as one; nor a single digit, which
# an article may spell or sum (致3人受伤: 2名男子和1名女子)
_GIVEN_NUMBER = re.compile(r"(?<![\d.第])(?!(?:19|20)\d\d(?!\d))(?:\d{2,}(?:\.\d+)?|\d\.\d+)(?![\d.])")
_DATING_YEAR = re.compile(r"(?<![比较与同\d])((?:19|20)\d\d)年(?!以来|起|同期|相比|水平)")
_ASKING_WORD = re.compile(r"谁|什么|哪|几|多少|何时|如何|怎么|怎样")
_OPENING_DATE = re.compile(  # 截至2020年, 7月份, 今年1至8月, 前7个月
    r"\s*(?:截至|截止到?|在|于|到|自|从)?\s*(?:今年|去年|前年|明年)?\s*(?:(?:19|20)\d\d|"
    r"前?\s*[\d一二三四五六七八九十]{1,2}(?:\s*[至到\-—－~]\s*[\d一二三四五六七八九十]{1,2})?\s*个?月)"
)
_DAY_OR_TIME = re.compile(  # 46号车 is no day
    r"\d{1,2}月(?:\d{1,2}[日号])?|(?<!\d)(?:[12]\d|3[01]|0?[1-9])[日号]|\d{1,2}[:：时点](?:\d{1,2}分?)?"
)
# what a question quotes or titles: a name (“冰丝带”, 《金融时报》) or the words of a message
_QUOTED_NAME = re.compile(r"[“\"「『《]([^“”\"「」『』《》]{2,30})[”\"」』》]")
_NOT_WORD = re.compile(r"[\W_]+")
_PERSON_SUFFIX = re.compile(r"\s*(?:xiansheng|nvshi|moumou|mou)$", re.I)  # 陈先生 is Mr Chen
BESIDE_ASKING = 2  # key words on each side of a question's asking word that place its answer
SLOT_ANCHOR = 2  # characters on each side of a name that mark its place in a sentence
SLOT_FILLER = 6  # characters of another name in that place
_JOINING_FLAGS = set("dpcufrv")
_SLOT_QUESTION = re.compile(r"什么地方|什么地点|哪里|哪儿|何地|何处")
MAX_SLOT_ANSWER = 20  # characters of a place in the question's slot: 西部（重庆）科学城
_ASKING_CHARACTER = re.compile("[谁哪几何啥么]")  # a question word's, no anchor of a slot
_COMMON_NOUN_FLAGS = ("n", "j")  # the words a run of nouns names a thing by: 市场/n 监管局/n


@dataclass
class Candidate:
    document_index: int
    start: int
    end: int
    text: str
    score: float = 0.0
    has_fact: bool = False
    asked: Question | None = None  # the part of a two-part question it answers


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _numbers(sentence: str, question: Question) -> list[str]:
    """Amounts with digits, or Chinese numerals with a unit (``三段`` counts nothing, nor ``一起``,
    together, though ``9起`` counts cases); dates, months, clock times and numbers the question itself
    holds are not answers."""
    plain = _MONTH_OR_HOUR.sub(" ", _CLOCK.sub(" ", _DATE.sub(" ", sentence)))
    found = [m.group().strip() for m in _NUMBER.finditer(plain)]
    found = [
        f for f in found
        if (
            any(ch.isdigit() for ch in f)
            or (len(f) > 1 and f[-1] not in _CHINESE_DIGITS and not f.endswith(_DIGITS_ONLY_UNITS))
        )
        and f not in question.text
    ]  # fmt: skip
    unit = _ASKED_UNIT.search(question.text)
    if unit:
        found = [f for f in found if f.endswith(unit.group(1))]
    elif _PEOPLE_COUNTED.search(question.text):
        found = [f for f in found if f.endswith(_PEOPLE_UNITS)]
    for asked, ending, strict in _EXPECTED_ENDINGS:
        if asked.search(question.text) and (strict or any(f.endswith(ending) for f in found)):
            found = [f for f in found if f.endswith(ending)]
            break
    return _unique(found)


def _dotted_names(tagged: Sequence[tuple[str, str]]) -> list[str]:
    """阿琳娜·扎吉托娃, 诺瓦克·德约科维奇: the pieces tagged as names on both sides of each dot."""
    names = []
    for i, (word, _) in enumerate(tagged):
        if word not in _NAME_DOTS or not 0 < i < len(tagged) - 1:
            continue
        start, end = i, i + 1
        while start > max(i - 3, 0) and _dotted_piece(*tagged[start - 1]):
            start -= 1
        while end < min(i + 4, len(tagged)) and _dotted_piece(*tagged[end]):
            end += 1
        if start < i < end - 1:
            names.append("".join(w for w, _ in tagged[start:end]))
    return names


def _dotted_piece(word: str, flag: str) -> bool:
    """A piece of a name beside its dot: a name's piece, or one written in a foreign name's sounds
    (叶尔夏/nr 提/v · 吐尔逊拜/ns)."""
    return _name_piece(word, flag) or _sound_piece(word, flag)


def _name_piece(word: str, flag: str) -> bool:
    """普日/nz 达奇/nrt are pieces of 马尔钦·普日达奇, and so is a name CC-CEDICT knows (理查德/n, "Richard");
    顾问/nr is a word (顾问马尔钦 is no name)."""
    if word in proper_names():
        return True
    return flag in _NAME_PIECE_FLAGS and (len(word) == 1 or not _common_word(word))


def _joined_names(tagged: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """吴江/nr 浩/nr → 吴江浩, 莫哈末/nr 拉希/nr → 莫哈末拉希: jieba cuts a name it does not know
    into names it does (two people are never written without a 、 between them; 顾问/nr is a word).
    A foreign name goes on through pieces written in its sounds (德约/ns 科维奇/nr → 德约科维奇,
    古/a 特雷斯/nr → 古特雷斯) and stops at a word that is not (德约科维奇 大满贯/nr: no name)."""
    joined: list[tuple[str, str]] = []
    for word, flag in tagged:
        before, before_flag = joined[-1] if joined else ("", "")
        person, person_before = flag in PERSON_FLAGS, before_flag in PERSON_FLAGS
        if _transliterated(before) and (person or person_before):
            join = _sound_piece(word, flag) and _sound_piece(before, before_flag)
        else:
            join = (
                person
                and person_before
                and (min(len(before), len(word)) == 1 or not (_common_word(before) or _common_word(word)))
            )
        if join:
            joined[-1] = (before + word, flag if person else before_flag)
        elif person and person_before and _transliterated(before):
            joined.append((word, "n"))  # 大满贯/nr after 德约科维奇: no second name without a 、
        else:
            joined.append((word, flag))
    return joined


_PLACE_ENDS = set("村镇乡县区市省")


def _person_name(word: str) -> bool:
    """A word jieba's dictionary knows is a person's name only when it starts with a surname or is
    written in a foreign name's sounds: 马斯克, 纳达尔; not 市场秩序/nr, 大满贯/nr, nor an action
    CC-CEDICT defines (比重高达/nr 113%: "to reach up to"), nor one or two everyday words it defines
    (孙女/nr, 梅雨季节/nr: 梅雨 and 季节), nor a place (金锁村/nr)."""
    known = not word_frequency(word) or word[0] in surnames() or _transliterated(word)
    halves = (word,) if len(word) == 2 else (word[:2], word[2:]) if len(word) == 4 else ()
    everyday = bool(halves) and all(h in common_words() for h in halves)
    return known and not is_verb(word) and not everyday and not (len(word) > 2 and word[-1] in _PLACE_ENDS)


def _listed_names(tagged: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """张林/nr 开/v 、: a name in a list whose last character jieba cut off as a word of its own (a
    surname, one character, then one more before the 、) is the three-character name 张林开; not one
    that says or joins (张林说，)."""
    merged: list[tuple[str, str]] = []
    for i, (word, flag) in enumerate(tagged):
        before, before_flag = merged[-1] if merged else ("", "")
        if (
            len(word) == 1
            and "\u4e00" <= word <= "\u9fff"
            and word not in _NOT_A_NAMES_END
            and before_flag in PERSON_FLAGS
            and len(before) == 2
            and before[0] in surnames()
            and i + 1 < len(tagged)
            and tagged[i + 1][0] in _LIST_MARKS
        ):
            merged[-1] = (before + word, before_flag)
        else:
            merged.append((word, flag))
    return merged


def _unglued(name: str) -> str:
    """A name jieba glued to the word after it (张晓玫在/nr 接受采访): a surname, two characters, then
    a word of joining (在, 说, 和 …) is the three-character name."""
    if len(name) == 4 and name[0] in surnames() and name[-1] in _GLUED_AFTER_NAME:
        return name[:3]
    return name


def _transliterated(word: str) -> bool:
    return bool(word) and all(ch in TRANSLITERATION for ch in word)


def _sound_piece(word: str, flag: str) -> bool:
    """A piece of a foreign name: written in its sounds, and a rare word or one character that is
    no particle (比/p 特朗普 is "than Trump")."""
    if not _transliterated(word) or flag[:1] in _FUNCTION_FLAGS:
        return False
    return len(word) == 1 or flag in PERSON_FLAGS or not _common_word(word)


def _post_names(sentence: str) -> list[str]:
    """Names after a post (区总工会主席尚祖国出席); not the verb after one (发言人指出, 答记者问时表示)."""
    import jieba.posseg as pseg

    return [n for n in _NAME_AFTER_POST.findall(sentence) if not next(iter(pseg.cut(n))).flag.startswith("v")]


def _organisations(tagged: Sequence[tuple[str, str]]) -> list[str]:
    """``国家/n 能源/n 集团/n`` → 国家能源集团: up to three nouns before a word that ends like an
    organisation's name (jieba rarely tags these ``nt``)."""
    found = []
    for i, (word, flag) in enumerate(tagged):
        if flag not in ORG_FLAGS and not (flag.startswith("n") and _ORG_SUFFIX.search(word)):
            continue
        start = i
        while start > i - 3 and start > 0 and tagged[start - 1][1][:1] in ("n", "j"):
            start -= 1
        name = "".join(w for w, _ in tagged[start : i + 1])
        # "该公司说", "舆论的中心", "两国关系大局": a suffix alone, or a two-character word ending in
        # one (大局, 南部), names no organisation unless jieba knows it as one (外交部/nt)
        if not _ORG_SUFFIX.fullmatch(name) and (len(name) > 2 or flag in ORG_FLAGS):
            found.append(name)
    return [o for o in found if not any(o != other and o in other for other in found)]


def facts(sentence: str, question: Question) -> list[str]:
    """The asked-for facts a sentence holds, in order: names for who, dates for when, …"""
    sentence = _DATE_SPACE.sub("", sentence)
    if question.kind == "when" and _MONTH_QUESTION.search(question.text):
        return _unique(_MONTH.findall(sentence))
    if question.kind == "when" and _HOUR_QUESTION.search(question.text):
        return _unique(h for h in _HOUR.findall(sentence) if h != "一点")  # 一点: "a little"
    if question.kind == "when":
        dates = [
            m.group()
            for m in _DATE.finditer(sentence)
            # 据…8月4日消息 answers 哪天发布消息
            if not _DATELINE.match(sentence, m.end())
            or ("消息" in question.text and sentence.startswith("消息", m.end()))
        ]
        return _unique(dates or _RELATIVE_WORD.findall(sentence))
    if question.kind == "how_many" and _SCORE_QUESTION.search(question.text):
        return _unique(_SCORE.findall(sentence))
    if question.kind == "how_many" and _RANK_QUESTION.search(question.text):
        return _unique(r for r in _RANK.findall(sentence) if r not in question.text)
    if question.kind == "how_many":
        return _numbers(sentence, question)
    if _asks_a_sentence(question):
        return []
    if question.kind == "what" and _NAMING_QUESTION.search(question.text):
        called = _CALLED.search(question.text)  # 自有品牌叫什么: the quote beside 品牌, not “国际化”
        return _unique(
            m.group()
            for m in _QUOTED.finditer(sentence)
            if m.group() not in question.text  # not 申报品名为“文件”
            and (
                not called
                or called.group(1) in sentence[max(0, m.start() - CALLED_WINDOW) : m.end() + CALLED_WINDOW]
            )
        )
    if question.kind == "what" and _WORK_QUESTION.search(question.text):
        return _unique(t for t in _TITLED.findall(sentence) if t not in question.text)
    if question.kind == "what":
        return _named_as_asked(_tagged(sentence), question.text)
    if question.kind in ("who", "where", "organisation"):
        tagged = _tagged(sentence)
        given = _given_in_hanzi(question, sentence)
        names = [
            (w, f) for w, f in tagged if len(w) > 1 and w.lower() not in question.terms and w not in given
        ]
        if question.kind == "where" and _NATIVE_PLACE_QUESTION.search(question.text):
            return _unique(p for p in map("".join, _NATIVE_PLACE.findall(sentence)) if _all_places(p))
        if question.kind == "where":
            venues = _filled(question.text, sentence) + [
                v for v in _VENUE.findall(sentence) if v.lower() not in question.terms and v not in given
            ]
            people = _dotted_names(tagged)  # 安德鲁·梅/nr 西克/ns: no place
            # jieba tags some places as names (吉达/nr, 尼斯/nrt), some words as places (深度/ns)
            places = [w for w, f in names if is_name(w, f, PLACE_FLAGS) and w not in GENERIC_ENTITIES]
            return _unique(
                _named_as_asked(tagged, question.text)
                + venues
                + [p for p in places if not any(p in name for name in people)]
            )
        found = []
        latin = [n for n in _LATIN_NAME.findall(sentence) if n.lower() not in question.text.lower()]
        if question.kind == "who":
            dotted = [n for n in _dotted_names(tagged) if n.lower() not in question.text.lower()]
            people = [
                _unglued(w)
                for w, f in _joined_names(_listed_names(tagged))
                if f in PERSON_FLAGS and len(w) > 1 and _person_name(w)
            ]
            found = dotted + [
                w for w in people if w.lower() not in question.text.lower() and not _common_word(w)
            ]
            posts = _asked_posts(question.text)
            found += [
                n
                for n in _post_names(sentence) + _holders(sentence, posts)
                if n.lower() not in question.terms
            ] + latin
            found = [n for n in found if not any(n != longer and n in longer for longer in found)]
            # a reporter or photographer credited (记者 李海媛) is no answer, unless asked for
            if not REPORTER_QUESTION.search(question.text):
                found = [n for n in found if not re.search(_CREDITED.format(name=re.escape(n)), sentence)]
            # 院长是谁: 院长石卫国 first
            spaceless = re.sub(r"\s+", "", sentence)
            found.sort(key=lambda n: not any(p + n in spaceless for p in posts))
        found = [n for n in found if n not in given]
        if not question.chinese:  # nor the one an English question names (Mr Chen: 陈先生)
            named = english_names(question.text)
            found = [
                n for n in found if _PERSON_SUFFIX.sub("", romanise(n)).replace(" ", "").lower() not in named
            ]
        # a person asked for by a post or role (哪位法官, which judge) is no place nor body
        if not found and not (question.kind == "who" and _asked_posts(question.text)):
            found = (
                _named_as_asked(tagged, question.text)
                + [o for o in _organisations(tagged) if len(o) > 1 and o.lower() not in question.text]
                + latin
            )
        return _unique(found)
    return []


def _all_places(run: str) -> bool:
    """山西朔州: every word of ``run`` a place (not 汉族 nor 硕士研究生)."""
    return all(is_name(w, f, PLACE_FLAGS) for w, f in _tagged(run))


@lru_cache(maxsize=256)
def _answer_slot(question: str) -> re.Pattern[str] | None:
    """Where a Chinese question asks by a place word between two words the article may have around
    its answer: ``在重庆高新区的什么地方进行试跑`` → 区的(…)进行."""
    text = re.sub(r"\s+", "", question)
    asking = _SLOT_QUESTION.search(text)
    if not asking:
        return None
    before, after = (
        text[max(0, asking.start() - SLOT_ANCHOR) : asking.start()],
        text[asking.end() :][:SLOT_ANCHOR],
    )
    if not (re.fullmatch(rf"\w{{{SLOT_ANCHOR}}}", before) and re.fullmatch(rf"\w{{{SLOT_ANCHOR}}}", after)):
        return None
    return re.compile(rf"{re.escape(before)}([\w（）()·]{{2,{MAX_SLOT_ANSWER}}}?){re.escape(after)}")


def _filled(question: str, sentence: str) -> list[str]:
    """What a sentence has in the place of the question's asking word (:func:`_answer_slot`)."""
    slot = _answer_slot(question)
    return [m.group(1) for m in slot.finditer(re.sub(r"\s+", "", sentence))] if slot else []


@lru_cache(maxsize=256)
def _asked_name_endings(question: str) -> tuple[str, ...]:
    """What a Chinese question asks for by "哪" or "什么" and a noun: 哪个收费站 → 收费站; 哪个车站 →
    车站 and 站, a name's usual end (潍坊北站); 什么卡 → 卡 (上海市敬老卡). Not a time (哪天), a number
    (哪两个) nor a name itself (叫什么名字: not 中文名字). An English question's "which" noun, as
    Chinese names end: village → 村."""
    if not has_cjk(question):
        return _NAME_ENDINGS.get(which_noun(question), ())
    words = _tagged(question)
    for i, (word, _) in enumerate(words):
        if not (_WHICH_WORD.fullmatch(word) or word == "什么"):
            continue
        following = words[i + 1 : i + 3]
        if following and following[0][0] in _MEASURE_WORDS:  # 哪/r 座/q 水库/n
            following = following[1:]
        noun, flag = following[0] if following else ("", "")
        if flag[:1] == "n" and flag != "nr" and noun not in _TIME_NOUNS and noun not in _NAME_NOUNS:
            ends = (noun[-1],) if len(noun) == 2 and noun[-1] in _NAME_ENDS else ()
            return (noun, *ends)
    return ()


@lru_cache(maxsize=256)
def _asked_posts(question: str) -> tuple[str, ...]:
    """The post a who-question asks for the holder of: 会长 of 会长是谁, 人员 of 哪位“三支一扶”人员; the
    Chinese words of an English "which" noun of a person (spokesperson: 发言人, goalkeeper: 门将)."""
    if has_cjk(question):
        post = _ASKED_POST.search(question)
        return (post.group(1),) if post else _asked_role(question)
    noun = which_noun(question)
    return tuple(w for words in chinese_terms(noun).values() for w in words if len(w) > 1) if noun else ()


def _asked_role(question: str) -> tuple[str, ...]:
    """The noun a question asks for a person by (哪位老师, 哪名民警, 哪位“三支一扶”人员): the last of the
    nouns after 哪位 or 哪名, past a quoted name."""
    words = _tagged(question)
    for i, (word, _) in enumerate(words):
        if word != "哪位" and words[i : i + 2] != [("哪", "r"), ("名", "q")]:
            continue
        rest = words[i + (1 if word == "哪位" else 2) :]
        if rest and rest[0][0] == "“" and ("”", "x") in rest:
            rest = rest[rest.index(("”", "x")) + 1 :]
        nouns = list(itertools.takewhile(lambda pair: pair[1][:1] == "n" and pair[1] != "nr", rest))
        return (nouns[-1][0],) if nouns and len(nouns[-1][0]) > 1 else ()
    return ()


def _holders(sentence: str, posts: tuple[str, ...]) -> list[str]:
    """The names right after a post the question asks about (人员许航宇说, 院长石卫国表示)."""
    if not posts:
        return []
    after = rf"(?:{'|'.join(map(re.escape, posts))})\s?([\u4e00-\u9fff]{{2,3}}?){_SAYING}"
    return [n for n in re.findall(after, sentence) if n[0] in surnames() and not _common_word(n)]  # 会面


@lru_cache(maxsize=1024)
def _tagged(sentence: str) -> tuple[tuple[str, str], ...]:
    """The sentence's words with jieba's tags (~2.6 ms for 80 characters here): kept, since a
    candidate sentence is read by :func:`facts` when scored and again when it leads the answer, and
    by :func:`_named_as_asked` for a which-place question."""
    jieba_tokenizer()
    import jieba.posseg as pseg

    return tuple((p.word, p.flag) for p in pseg.cut(sentence))


def _named_as_asked(tagged: Sequence[tuple[str, str]], question: str) -> list[str]:
    """The names of a sentence (its ``tagged`` words) that end with what the question asks for by
    "哪" and a noun, with the name words before it: 哪座水库 → 溪口水库, 哪个镇 → 建始县景阳镇."""
    nouns = _asked_name_endings(question)
    if not nouns:
        return []
    found = []
    for end, (word, _) in enumerate(tagged):
        ending = next((n for n in nouns if word.endswith(n)), None)
        if ending is None:
            continue
        start = end
        while (
            start > 0
            and _name_part(*tagged[start - 1])
            and len("".join(w for w, _ in tagged[start - 1 : end + 1])) <= MAX_ASKED_NAME_CHARS
        ):
            start -= 1
        name = "".join(w for w, _ in tagged[start : end + 1])
        # a name, not a kind of it (俱乐部球队): the word holds more than the noun, or a name before it
        named = len(word) > len(ending) or any(
            is_name(w, f) or f in ("j", "eng") for w, f in tagged[start:end]
        )
        if named and name not in question:
            found.append(name)
    return found


def _name_part(word: str, flag: str) -> bool:
    """A word that may begin or go on a name: a noun, a place, an abbreviation, a number (5号线), a
    word that tells a kind apart (附属/b of 中国科学院大学附属医院)."""
    return (flag[:1] in ("n", "j", "m", "b") or flag == "eng") and not is_question_word(word)


def _given_in_hanzi(question: Question, sentence: str) -> frozenset[str]:
    """What an English question names, as the sentence writes it: its names in pinyin (Liu Youliang:
    刘友良) and the dictionary's words for its own (Guiyang: 贵阳). They are what it asks about, not
    the answer, as a Chinese question's own words are."""
    if question.chinese:
        return frozenset()
    words, names = _english_given(question.text)
    return words | frozenset(pinyin_matches(list(names), sentence).values())


@lru_cache(maxsize=256)
def _english_given(question: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """An English question's dictionary words and its names in pinyin: read once per question, not
    once for each sentence whose facts are looked for."""
    words = frozenset(w for translations in chinese_terms(question).values() for w in translations)
    return words, tuple(english_names(question))


def absolute_date(fact: str, published: str, year_asked: bool = False) -> str:
    """A day the news counts from its own date (``本月16日``, ``3日``, ``今天``, ``去年``) as month and
    day, or as a year, from the article's date (``2023-08-04``; ``08-04`` gives no year): a bare day
    after the publishing day is of the month before. ``year_asked`` (哪一年): a date without a year
    gets the article's."""
    year, month, day_of_month = date_parts(published)
    try:  # a year-less date is counted from in a leap year, so that 02-29 is a day
        published_day = datetime.date(year or 2000, month or 0, day_of_month or 0)
    except ValueError:  # 2023-02-30, or no date
        return fact
    if fact in ("今年", "去年"):
        return f"{year - (fact == '去年')}年" if year else fact
    if fact in ("今天", "今日", "昨天", "昨日"):
        if not year and fact.startswith("昨") and published_day.day == 1 and published_day.month == 3:
            return fact  # 2月28日 or 29日
        day = published_day - datetime.timedelta(days=fact.startswith("昨"))
        fact = f"{day.month}月{day.day}日"
        return f"{day.year}年{fact}" if year_asked and year else fact
    relative = _RELATIVE_DAY.fullmatch(fact)
    if relative:
        day = published_day.replace(day=1) - datetime.timedelta(days=1)  # the month before
        if relative.group(1) or int(relative.group(2)) <= published_day.day:
            day = published_day
        fact = f"{day.month}月{int(relative.group(2))}日"
        year = year and day.year
    return f"{year}年{fact}" if year_asked and year and not _HAS_YEAR.search(fact) else fact


def _common_word(word: str) -> bool:
    """jieba tags some everyday words as names (青少年/nr, frequency 1,223); names are rare words."""
    return word_frequency(word) >= COMMON_WORD_FREQ


def _answer_units(text: str) -> list[tuple[int, int]]:
    """The article's sentences as absolute offsets, a leading byline and a web page's chrome
    (``_CHROME``) cut off, and sentences longer than ``MAX_UNIT_CHARS`` cut into clause groups: a
    quote never starts or ends inside a sentence because a chunk did, and never carries a whole
    paragraph-long sentence."""
    units = []
    for span in sentence_spans(text):
        s, e = span.start, span.end
        byline = BYLINE.match(text, s, e)
        if byline:
            s = byline.end()
        while (chrome := _LEADING_CHROME.match(text, s, e)) and chrome.end() > s:
            s = chrome.end()
        trailing = _CHROME_AFTER_BLANK.search(text, s, e)
        e = trailing.start() if trailing else e
        if not _WORD_CHARACTER.search(text, s, e):  # all of it was chrome
            continue
        pieces = cut_long(text, Span(s, e), MAX_UNIT_CHARS) if e - s > MAX_UNIT_CHARS else [Span(s, e)]
        for piece in pieces:
            raw = text[piece.start : piece.end]
            start = piece.start + len(raw) - len(raw.lstrip())
            end = piece.end - (len(raw) - len(raw.rstrip()))
            if start < end:
                units.append((start, end))
    return units


def _candidates(
    question: Question,
    documents: list[Document],
    texts: dict[str, str],
    limit: int = CANDIDATE_ARTICLES,
    whole: bool = False,
) -> list[Candidate]:
    """The sentences of each article that overlap its retrieved chunks (``spans``), or all of them
    (``whole``)."""
    found: dict[tuple[int, int], Candidate] = {}
    for index, document in enumerate(documents[:limit]):
        text = texts[document.metadata["article_id"]]
        byline = BYLINE.search(text)
        if byline and REPORTER_QUESTION.search(question.text):
            found[(index, byline.start())] = Candidate(index, byline.start(), byline.end(), byline.group())
            continue
        chunks = [(0, len(text))] if whole else document.metadata["spans"]
        for s, e in _answer_units(text):
            if any(s < chunk_end and e > chunk_start for chunk_start, chunk_end in chunks):
                found.setdefault((index, s), Candidate(index, s, e, text[s:e]))
    return list(found.values())


def _local_weights(question: Question, candidates: list[Candidate]) -> dict[str, float]:
    """Terms found in most of an article's candidate sentences name its story, not the sentence that
    answers: each term is weighted by its rarity among them (an idf over one article's sentences)."""
    texts = [c.text.lower() for c in candidates]
    n = len(texts)
    weights = {}
    for term in question.terms:
        df = sum(term_presence(term, t) > 0 for t in texts)
        weights[term] = math.log(1 + (n + 1) / (df + 1)) ** LOCAL_IDF_POWER
    return weights


def _lexical(question: Question, sentence: str, title: str, local: dict[str, float]) -> float:
    weights = {
        t: w * (TITLE_TERM_WEIGHT if t in title else 1.0) * local[t] for t, w in question.terms.items()
    }
    total = sum(weights.values())
    lowered = sentence.lower()
    return sum(w * term_presence(t, lowered) for t, w in weights.items()) / total if total else 0.0


def _score(
    question: Question, candidates: list[Candidate], documents: list[Document], embeddings: Embeddings
) -> None:
    if question.chinese:
        local = {
            index: _local_weights(question, [c for c in candidates if c.document_index == index])
            for index in {c.document_index for c in candidates}
        }
        lexical = [
            _lexical(question, c.text, documents[c.document_index].metadata["title"], local[c.document_index])
            for c in candidates
        ]
    else:  # no shared words across languages: compare meanings, and names by their pinyin
        query = np.asarray(embeddings.embed_query(question.text))
        vectors = np.asarray(embeddings.embed_documents([c.text for c in candidates]))
        names = english_names(question.text)
        terms = chinese_terms(question.text)
        lexical = [
            float(v @ query)
            + NAME_BONUS * len(pinyin_matches(names, c.text))
            + TERM_BONUS * term_coverage(terms, c.text)
            for v, c in zip(vectors, candidates, strict=True)
        ]
    for candidate in candidates:
        candidate.has_fact = bool(facts(candidate.text, question))
    if question.kind == "where" and _asked_name_endings(question.text):
        # which city: in an article naming one (讷瓦布沙阿市附近), the sentence that does has the
        # fact, not one naming the province
        named = [c for c in candidates if _named_as_asked(_tagged(c.text), question.text)]
        naming = {c.document_index for c in named}
        for candidate in candidates:
            if candidate.document_index in naming and candidate not in named:
                candidate.has_fact = False
    for candidate, value in zip(candidates, lexical, strict=True):
        prior = RANK_PRIOR * float(documents[candidate.document_index].metadata["score"])
        bonus = FACT_BONUS if candidate.has_fact else 0.0
        brevity = (TYPICAL_SENTENCE / max(len(candidate.text), TYPICAL_SENTENCE)) ** LENGTH_POWER
        candidate.score = float(value) * brevity + prior + bonus


def supporting_documents(
    question: Question,
    documents: list[Document],
    texts: dict[str, str],
    min_support: float,
    min_similarity: float,
    limit: int = CANDIDATE_ARTICLES,
) -> list[Document]:
    """The retrieved articles that hold what the question is about, best first: every name it
    mentions and enough of its key terms (Chinese); names spelled in pinyin, or a close meaning
    when it names nothing (other languages). Empty when the archive does not answer it."""
    if question.chinese:
        return [d for d in documents[:limit] if _supports(question, d, texts, min_support)]
    # the names of an English question are Chinese names in pinyin (unless the dictionary knows the
    # word: China, Asia); its years must be the article's
    searchable = {d.metadata["article_id"]: _searchable(d, texts) for d in documents}
    dated = [d for d in documents if _names_all(question, d, searchable[d.metadata["article_id"]])]
    names = asked_names(question.text)
    terms = chinese_terms(question.text)
    proper = {term: terms[term] for term in proper_terms(question.text, terms)}
    # a place the dictionary knows (Nagoya: 名古屋) is the article's, as a Chinese question's is;
    # by its commonest sense (Central: 中央, not 中环)
    asked_places = [
        t for t in proper if terms[t] and terms[t][0] in places() and terms[t][0] not in GENERIC_ENTITIES
    ]
    # a number the question gives (702 years, 234 lashes) tells its story as a name does: it counts
    # twice (a year does not: many stories are of 2023)
    numbers = [t for t in terms if t[0].isdigit() and not YEAR.match(t)]
    # and one that stands as a figure of its own (27-inch, No. 46) is the article's, as a Chinese
    # question's is; not an amount in millions (2.6714 million: looked for as 267.14万, not demanded)
    given = [
        t for t in numbers if len(t) >= 2 and " " not in t and _number_as_written(t).search(question.text)
    ]
    # a name a place noun follows (Fanshi county) is the article's, as a Chinese question's place is
    placed = [m.lower() for m in _PLACED_NAME.findall(question.text) if m.lower() in names]

    def supports(document: Document) -> bool:
        text = searchable[document.metadata["article_id"]]
        if not all(term_coverage({t: terms[t]}, text) for t in asked_places + given):
            return False
        covered = term_coverage(terms, text) * len(terms) + sum(
            term_coverage({t: terms[t]}, text) for t in numbers
        )
        asked = len(terms) + len(numbers)
        if names:  # the names, and ENGLISH_MIN_COVERAGE of all its words counting the names
            # title + text, as the retriever spelled them: their pinyin is computed once
            found = pinyin_matches(names, document.metadata["title"] + texts[document.metadata["article_id"]])
            weight = NAME_WEIGHT if len(names) > 1 else 1.0
            if not all(n in found for n in placed):
                return False
            return enough_names(names, found) and (weight * len(found) + covered) >= (
                ENGLISH_MIN_COVERAGE * (weight * len(names) + asked)
            )
        return float(document.metadata["dense_similarity"]) >= min_similarity or (
            covered >= ENGLISH_MIN_COVERAGE * asked > 0
            and (not proper or proper_share(proper, text) >= MIN_NAME_SHARE)
        )

    # a name is searched for in every article retrieved: the retriever put those holding it first
    return [d for d in (dated if names else dated[:limit]) if supports(d)][:limit]


def _number_as_written(number: str) -> re.Pattern[str]:
    """``number`` written as a figure of its own in an English question: not 2.6714 million (267.14万)."""
    return re.compile(
        rf"(?<![\d,.]){re.escape(number)}(?![\d,.])(?!\s*(?:million|billion|thousand|trillion)\b)", re.I
    )


def _searchable(document: Document, texts: dict[str, str]) -> str:
    """Title, date and text: a question about 2023 is answered by an article of 2023."""
    meta = document.metadata
    return "\n".join((meta["title"], meta.get("date") or "", texts[meta["article_id"]])).lower()


def _supports(question: Question, document: Document, texts: dict[str, str], min_support: float) -> bool:
    text = _searchable(document, texts)
    return coverage(question, text) >= min_support and _names_all(question, document, text)


def _names_all(question: Question, document: Document, text: str) -> bool:
    """Every name of the question is in the article's searchable ``text``, or the other name it
    gives in brackets, or a place that holds another name it has (上海 of 杨浦: a local article names
    the district only); each year in its date or text, or said from its date (去年), unless it may be
    of that year (:func:`_may_be_of`: a results table with no year at all; an undated report that
    names no later year); so is each ordinal (第八届: not the 7th expo's article), and each name in
    Latin letters, number that names something or quoted span, as written
    (:func:`_given_as_written`), which also judges a name inside a quote (童迎 of “童迎亚运”, which
    the article writes ‘童’迎亚运); no other name or place stands in the place of one the question has
    (:func:`_named_otherwise`, :func:`_placed_otherwise`)."""
    date = document.metadata.get("date") or ""
    joined = re.sub(r"\s+", "", text)  # WDE 2307 is WDE2307, a byline's 王 阳 is 王阳
    present = {
        e
        for e in question.entities
        if entity_present(e, text) or entity_present(e, joined) or _relative_year(e, date, text)
    }
    aliases = _aliases(question.text)
    return (
        all(
            e in present
            or any(within(e, other) for other in present)
            or any(entity_present(a, text) for a in aliases.get(e, ()))
            or _joint_short_form(e, present)
            or _district_run_on(e, question.text, joined)
            or (question.chinese and any(e in quoted for quoted in _quoted(question.text)))  # as the quote is
            for e in question.entities
            if not (YEAR.match(e) and _may_be_of(e, date, text))
        )
        and ordinals_held(question.text, text)
        and days_held(question.text, text)
        and counts_held(question.text, text)
        and numbered_names_held(question.text, text)
        and quarters_held(question.text, text)
        and (
            not question.chinese
            or (  # both read the article's words without punctuation, made once
                _given_as_written(question.text, text, joined, words := _NOT_WORD.sub("", joined))
                and not _named_otherwise(question.text, joined, words)
                and not _placed_otherwise(question.text, words)
            )
        )
    )


def _district_run_on(entity: str, question: str, joined: str) -> bool:
    """jieba read a city and the first character of its district as one (青岛市/南 of 青岛市南公安分局):
    the article names the district (市南), which CC-CEDICT places in the city."""
    found = question.find(entity)
    if found < 0 or not ADMINISTRATIVE_SUFFIX.search(entity):
        return False
    at = found + len(entity) - 1
    return any(
        (district := question[at : at + size]) in joined and within(entity, district) for size in (2, 3)
    )


def _joint_short_form(entity: str, present: set[str]) -> bool:
    """``黎以`` (边境) is 黎巴嫩 and 以色列, each named by its first character, when the question
    names both and the article has them."""
    return len(entity) in (2, 3) and all(
        any(other != entity and other.startswith(ch) for other in present) for ch in entity
    )


@lru_cache(maxsize=256)
def _aliases(question: str) -> dict[str, tuple[str, ...]]:
    """A name and the other the question gives in brackets (社他（赛塔）): an article may use either.
    Kept for the question's other articles (read only)."""
    pairs: dict[str, tuple[str, ...]] = {}
    for match in _BRACKETED.finditer(question):
        words = jieba_tokenizer().lcut(question[: match.start()])
        if words and len(words[-1]) > 1:
            name, other = words[-1], match.group(1)
            pairs[name], pairs[other] = (*pairs.get(name, ()), other), (*pairs.get(other, ()), name)
    return pairs


@lru_cache(maxsize=256)
def _quoted(question: str) -> tuple[str, ...]:
    """What the question quotes or titles, lower-cased (“童迎亚运”, which an article may write
    ‘童’迎亚运). Kept for the question's other articles."""
    return tuple(_QUOTED_NAME.findall(question.lower()))


def _given_as_written(question: str, text: str, joined: str, words: str) -> bool:
    """Each name a Chinese question writes in Latin letters (Bluesky, 7640S, 2TB: an app, a model)
    is in the ``text``, and each number that ends a name, ended the same way
    (“豹7” is not “豹5”, 《最终幻想16》 not 《最终幻想14》, 2309版 not 2307版), and any other number
    it gives (60万吨/年 is not 30万吨/年); spaces aside, and punctuation for a name (WTA250 is
    （WTA）250). So is
    what it quotes (“冰丝带” is not “冰立方”), each piece between its punctuation, or its characters in
    order with a few between (“挖fil币” is 挖取fil币; “ETC卡异常、被禁用” is ETC卡，异常了？被禁用了).
    ``text`` is lower-cased (:func:`_searchable`), ``joined`` the same without whitespace and
    ``words`` without punctuation too."""
    return (
        all(
            in_letters(word, text) or in_letters(word, joined) or in_letters(word, words)
            for word in _LATIN_WORD.findall(question)
        )
        and all(re.search(rf"(?<![\d.]){re.escape(number)}", joined) for number in _given_numbers(question))
        and all(
            piece in words or shortened(piece).search(words)
            for quoted in _quoted(question)
            for piece in _NOT_WORD.split(quoted)
            if piece
        )
    )


@lru_cache(maxsize=256)
def _given_numbers(question: str) -> tuple[str, ...]:
    """The numbers a question gives, each as the article must write it: one that ends a name with
    what ends it (“豹7”, 2309版, 15周年), any other alone (60 of 60万吨/年)."""
    lowered = question.lower()
    spaceless = re.sub(r"\s+", "", lowered)  # Ryzen 5 7640S: 5 and 7640, each alone
    return (*_NAMING_NUMBER.findall(spaceless), *_GIVEN_NUMBER.findall(_DAY_OR_TIME.sub(" ", lowered)))


@lru_cache(maxsize=256)
def _slots(question: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each thing the question names (a noun, a short form, a word in letters, or a run of common
    nouns: 市场/监管局) with the pattern of another name between the same two characters on either
    side: ``女子铁饼决赛`` → 女子(…)决赛; ``静宁县市场监管局在执法`` → 宁县(…)在执."""
    import jieba.posseg as pseg

    jieba_tokenizer()
    text = re.sub(r"\s+", "", question.lower())
    names: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    end = 0
    for word, flag in [*pseg.cut(text), pseg.pair("", "x")]:  # the empty word ends the last run
        start, end = end, end + len(word)
        flag = "x" if is_question_word(word) else flag
        if len(word) >= 2 and (flag[:1] == "n" or flag in ("j", "eng")):
            names.append((start, end))
        # a run starts with a word, not a measure (39名/n 规范性文件/n), but may end with one (电子/n 烟/n)
        if flag in _COMMON_NOUN_FLAGS and (run or len(word) > 1):
            run.append((start, end))
            continue
        if len(run) > 1:
            names.append((run[0][0], run[-1][1]))
        run = []
    slots = []
    for start, end in names:
        before, after = text[max(0, start - SLOT_ANCHOR) : start], text[end : end + SLOT_ANCHOR]
        before = _ASKING_CHARACTER.split(before)[-1]  # 任命谁为房产事业群: 为(…)事业
        if re.fullmatch(r"\w+", before) and re.fullmatch(rf"\w{{{SLOT_ANCHOR}}}", after):
            filler = rf"{re.escape(before)}(\w{{1,{SLOT_FILLER}}}?){re.escape(after)}"
            slots.append((text[start:end], re.compile(filler)))
    return tuple(slots)


def _named_otherwise(question: str, joined: str, words: str) -> bool:
    """The article puts another name where the question has one it never gives: ``女子铅球决赛`` for
    a question on the ``女子铁饼决赛``, ``成都大运会吉祥物`` for the ``成都世运会吉祥物`` — the same
    story about another thing, the mark of a question the archive cannot answer. ``joined``: the
    article's text without whitespace; ``words``: without punctuation too, where a name the article
    writes with an aside is its own (职工服务(帮扶)中心 is the 职工服务中心)."""
    return any(
        not entity_present(word, words)
        # 之间的距离 for 间距 says it in other words: a name holds no 的; 线路 for 公交线路 is the
        # same name cut short; 美国宇航局将于 for 美国宇航局计划于: a word that only joins is none
        and any(
            m.group(1) not in word and "的" not in m.group(1) and not _joining(m.group(1))
            for m in pattern.finditer(joined)
        )
        for word, pattern in _slots(question)
    )


def _joining(word: str) -> bool:
    """One character jieba's dictionary tags an adverb, preposition, conjunction, particle,
    locality, pronoun or verb (将, 于, 和, 中, 会): no name."""
    import jieba.posseg as pseg

    return len(word) == 1 and (pseg.dt.word_tag_tab.get(word) or "")[:1] in _JOINING_FLAGS


@lru_cache(maxsize=256)
def _placed(question: str) -> tuple[tuple[str, str], ...]:
    """(place, thing) for each thing the question names right after a place: 桂林/机场, 天津/高铁,
    台中/监狱."""
    return tuple(
        (place, thing)
        for (place, flag), (thing, thing_flag) in itertools.pairwise(_tagged(re.sub(r"\s+", "", question)))
        if _place_like(place, flag)
        and len(thing) >= 2
        and thing_flag[:1] == "n"
        and not _place_like(thing, thing_flag)
    )


def _place_like(word: str, flag: str = "") -> bool:
    """A place CC-CEDICT defines as one (桂林, which jieba tags a name) or jieba tags so, here
    (``flag``) or in its dictionary (北京/ns)."""
    import jieba.posseg as pseg

    return len(word) >= 2 and (word in places() or (flag or pseg.dt.word_tag_tab.get(word)) == "ns")


def _placed_otherwise(question: str, words: str) -> bool:
    """The article puts another place right before the thing the question places, and the
    question's place nowhere in the ``PLACE_WINDOW`` characters before it: 南宁机场改扩建工程 for a
    question on 桂林机场改扩建工程, 北京高铁工务段 for 天津高铁工务段 (``words``: the article's text
    without whitespace or punctuation)."""
    for place, thing in _placed(question):
        before = [
            words[max(0, m.start() - PLACE_WINDOW) : m.start()] for m in re.finditer(re.escape(thing), words)
        ]
        if not any(place in b for b in before) and any(
            (other := b[-len(place) :]) != place and _place_like(other) for b in before
        ):
            return True
    return False


_RELATIVE_YEARS = {-2: "前年", -1: "去年", 1: "明年"}


def _relative_year(entity: str, date: str, text: str) -> bool:
    """A year the article gives by its own: 去年 of an article of 2023 is 2022."""
    year = date_parts(date)[0]
    word = _RELATIVE_YEARS.get(int(entity) - year, "") if year and YEAR.match(entity) else ""
    return bool(word) and word in text


def _may_be_of(year: str, date: str, text: str) -> bool:
    """An article with no year in its date may be of any year when its text names none either (a
    results table); of ``year`` when it tells its news by a day or "this year" of no year written
    and names no later year (8月16日，…: the 2018年 of a career is of the past; an article on the 2023
    中国算力大会 is not of 2022)."""
    if date_parts(date)[0] is not None:
        return False
    named = [int(y) for y in _ANY_YEAR.findall(text)]
    return not named or (bool(_YEARLESS_NEWS.search(text)) and max(named) <= int(year))


def refusal(question: Question) -> Answer:
    lang = "zh" if question.chinese else "en"
    return Answer(question=question.text, text=render("refuse", lang), found=False)


def answer(
    question: Question,
    documents: list[Document],
    texts: dict[str, str],
    embeddings: Embeddings,
    min_support: float,
    min_similarity: float,
    split_questions: bool = True,
) -> Answer:
    """``texts``: article id → stored article text (quotes are cut from it and checked against it)."""
    parts = sub_questions(question.text) if question.chinese and split_questions else []
    if parts:
        answered = _answer_parts(question, parts, documents, texts, embeddings, min_support, min_similarity)
        if answered is not None:
            return answered
    supporting = supporting_documents(question, documents, texts, min_support, min_similarity)
    candidates = _candidates(question, supporting, texts)
    if not candidates:
        return refusal(question)
    _score(question, candidates, supporting, embeddings)
    if not _stating(question, candidates):  # the fact may be in a part of the article not retrieved
        candidates = _with_the_rest(question, candidates, supporting, texts, embeddings)
    if question.chinese:
        candidates = _holding(question.text, _telling(question.text, candidates))
    return _compose(
        question, _choose(question.kind, _dating(question, candidates, supporting, texts)), supporting, texts
    )


def _with_the_rest(
    question: Question,
    candidates: list[Candidate],
    documents: list[Document],
    texts: dict[str, str],
    embeddings: Embeddings,
) -> list[Candidate]:
    """The candidates and the sentences of the rest of their articles, when one of those states the
    fact: of a Chinese question, only a sentence holding a word beside its asking word (成立 of
    是何时在上海成立的, 曹煜 of 曹煜是哪里人), since the rest of an article is of other things too."""
    retrieved = {(c.document_index, c.start) for c in candidates}
    beside = _beside_asking(question.text) if question.chinese else ()
    whole = [
        c
        for c in _candidates(question, documents, texts, whole=True)
        if (c.document_index, c.start) in retrieved
        or not question.chinese
        or any(w in c.text for w in beside)
    ]
    _score(question, whole, documents, embeddings)
    return whole if _stating(question, whole) else candidates


@lru_cache(maxsize=256)
def _beside_asking(question: str) -> tuple[str, ...]:
    """The key words on each side of a question's asking word, within its clause: 上海 and 成立 of
    是何时在上海成立的 (two a side)."""
    words = jieba_tokenizer().lcut(question)
    asking = next((i for i, w in enumerate(words) if _ASKING_WORD.search(w)), None)
    if asking is None:
        return ()
    found: list[str] = []
    for side in (reversed(words[:asking]), words[asking + 1 :]):
        taken = 0
        for word in side:
            if not re.search(r"\w", word) or taken == BESIDE_ASKING:
                break
            if len(word) > 1 and not is_question_word(word):
                found.append(word)
                taken += 1
    return tuple(found)


def _asks_a_sentence(question: Question) -> bool:
    """A plain what-question (no name, title or "哪" noun asked for): its answer is a sentence, no
    fact :func:`facts` can find."""
    text = question.text
    return question.kind == "what" and not (
        _NAMING_QUESTION.search(text) or _WORK_QUESTION.search(text) or _asked_name_endings(text)
    )


def _stating(question: Question, candidates: list[Candidate]) -> bool:
    """Some candidate states a fact of the kind asked; of a when-question's event, one telling it. A
    plain what-question's answer is a sentence, no fact: its retrieved chunks hold it."""
    if _asks_a_sentence(question):
        return True
    asked = event(question.text) if question.chinese else None
    return any(c.has_fact and (not asked or tells(asked, c.text)) for c in candidates)


def _dating(
    question: Question, candidates: list[Candidate], documents: list[Document], texts: dict[str, str]
) -> list[Candidate]:
    """When the best-scored sentence (who and organisation: no sentence the answer would quote) does
    not state the year and month the question dates what it asks by (:func:`_when_stated`), which
    would lead to a refusal: the sentences that do, if one of them holds a fact (7月24日起…缩短至25分钟
    answers "From July 24, to what interval…", not a sentence on 10 buses)."""
    if question.kind in ANY_QUOTE_DATES:  # any quote of the answer may state it
        leading = [_citation(c, documents, texts) for c in _choose(question.kind, candidates)]
    else:
        leading = [_citation(max(candidates, key=lambda c: c.score), documents, texts)]
    if _when_stated(question, leading, texts):
        return candidates
    dating = [c for c in candidates if _when_stated(question, [_citation(c, documents, texts)], texts)]
    return dating if any(c.has_fact for c in dating) else candidates


def _citation(candidate: Candidate, documents: list[Document], texts: dict[str, str], n: int = 1) -> Citation:
    document = documents[candidate.document_index]
    return make_citation(n, document, texts[document.metadata["article_id"]], candidate.text, candidate.start)


def _telling(question: str, candidates: list[Candidate]) -> list[Candidate]:
    """A when-question's answer is a sentence that tells its event, if any does; when none of those
    holds a date, the sentences that do stay too (叫醒 in one sentence, 凌晨两点来的 in the next)."""
    asked = event(question)
    if not asked:
        return candidates
    telling = [c for c in candidates if tells(asked, c.text)]
    if any(c.has_fact for c in telling):
        return telling
    return telling + [c for c in candidates if c.has_fact and c not in telling] or candidates


def _holding(question: str, candidates: list[Candidate]) -> list[Candidate]:
    """A who-question asking for the holder of a post (该社区的书记是谁) or a role (哪位“三支一扶”人员)
    is answered by a sentence naming the holder after it (社区书记张慧表示, 人员许航宇说), if one does;
    else by one naming the post and someone: not by the reporter's byline."""
    posts = _asked_posts(question)
    if not posts:
        return candidates
    naming = [c for c in candidates if posts[0] in c.text]
    holding = [c for c in naming if _holders(c.text, posts)]  # 人员许航宇说, not 人员中新网…电
    if holding:
        return holding
    # a post (书记是谁) may be named apart from its holder; a role (哪位邻国领导人) names anyone
    asks_post = bool(_ASKED_POST.search(question))
    return naming if asks_post and any(c.has_fact for c in naming) else candidates


def _answer_parts(
    question: Question,
    parts: list[str],
    documents: list[Document],
    texts: dict[str, str],
    embeddings: Embeddings,
    min_support: float,
    min_similarity: float,
) -> Answer | None:
    """A two-part question (``西藏和新疆经济增长了多少``): each part is supported, scored and answered
    on its own, since each is usually answered by a different article; then the best sentence of
    each part, then runners-up while the answer stays short. None when no part is supported."""
    pool: list[Document] = []
    ranked_parts: list[list[Candidate]] = []
    items = compared_items(question.text) or ("", "")
    for part, own, other in zip(parts, items, reversed(items), strict=True):
        analysed = analyse(part)
        # each part asks for its own kind of fact: "发售日期和标准版国区价格是什么"
        kind = analysed.kind if analysed.kind != "what" else question.kind
        asked = Question(part, kind, analysed.terms, analysed.entities, True)
        # every retrieved article: the retriever put each part's best articles after the whole
        # question's first, so a part's article is often below the usual three
        supporting = supporting_documents(
            asked, documents, texts, min_support, min_similarity, len(documents)
        )
        candidates = _candidates(asked, supporting, texts, len(supporting))
        if not candidates:
            continue
        _score(asked, candidates, supporting, embeddings)
        candidates = _telling(part, candidates)
        for c in candidates:  # a sentence about the other item only answers the other part
            if other and other in c.text and own not in c.text:
                c.score -= ITEM_PENALTY
        for c in candidates:  # indices into the shared pool of documents
            c.asked = asked
            document = supporting[c.document_index]
            if document not in pool:
                pool.append(document)
            c.document_index = pool.index(document)
        ranked = sorted(candidates, key=lambda c: -c.score)
        with_fact = [c for c in ranked if c.has_fact and c.score >= SECOND_SENTENCE_RATIO * ranked[0].score]
        if with_fact:  # each part leads with its fact
            ranked.remove(with_fact[0])
            ranked.insert(0, with_fact[0])
        ranked_parts.append(ranked)
    if not ranked_parts:
        return None
    chosen: list[Candidate] = []
    length = 0
    for depth in range(PART_SENTENCES):
        for ranked in ranked_parts:
            fresh = [c for c in ranked if not any(_same_sentence(c.text, o.text) for o in chosen)]
            if depth:  # a runner-up from the part's own article (another costs citation precision),
                # one that states a fact first (王发 of 少年名叫王发 before 他最终夺得男单冠军)
                fresh = [c for c in fresh if c.document_index == ranked[0].document_index]
                fresh.sort(key=lambda c: not c.has_fact)
            if not fresh:
                continue
            best = fresh[0]
            if depth and (
                length + len(best.text) > MAX_ANSWER_CHARS
                or best.score < SECOND_SENTENCE_RATIO * ranked[0].score
            ):
                continue
            chosen.append(best)
            length += len(best.text)
    return _compose(question, chosen, pool, texts, leading=len(ranked_parts))


def _choose(kind: Kind, candidates: list[Candidate]) -> list[Candidate]:
    """The best sentence, plus close runners-up while the answer stays short: the fact often sits in
    the sentence next best to the one that repeats the question, or (two-part questions) in
    another article; for a number, place or date, the sentence that has it alone when the two are
    too long. Copies of a chosen sentence (near-duplicate articles) are skipped."""
    ranked = sorted(candidates, key=lambda c: -c.score)
    chosen = [ranked[0]]
    length = len(ranked[0].text)
    runners_up = ranked[1:]
    if not ranked[0].has_fact:  # the best sentence restates the question: the fact comes first
        runners_up.sort(key=lambda c: not c.has_fact)
        telling = runners_up[0] if runners_up else None
        if (  # and, for a number, place or date, instead of it when the two are too long
            telling
            and telling.has_fact
            and telling.document_index == ranked[0].document_index
            and telling.score >= SECOND_SENTENCE_RATIO * ranked[0].score
            and length + len(telling.text) > MAX_ANSWER_CHARS
            and kind in LED_BY_A_LATER_FACT
        ):
            chosen, length = [telling], len(telling.text)
            runners_up = runners_up[1:]
    for other in runners_up:
        if len(chosen) == MAX_SENTENCES:
            break
        if other.score < SECOND_SENTENCE_RATIO * ranked[0].score:
            continue
        if any(_same_sentence(other.text, c.text) for c in chosen):
            continue
        if other.document_index != ranked[0].document_index:
            continue  # runners-up from other articles cost more in citation precision than they add
        if length + len(other.text) > MAX_ANSWER_CHARS:
            continue
        chosen.append(other)
        length += len(other.text)
    return chosen


def _same_sentence(a: str, b: str) -> bool:
    a, b = re.sub(r"\W", "", a), re.sub(r"\W", "", b)
    return a in b or b in a


def _dating_clauses(question: Question) -> str:
    """The clauses of a Chinese question whose year and month the answer's quote must state: the one
    that asks and those that open with a date (截至2020年12月31日止年度，…亏损是多少); not a date that
    only tells the story (…恢复至2019年水平的121%，第二季度新开业酒店多少家？; 张健7月31日率队调研，他说
    …按照怎样一组数字). The whole question when no clause asks."""
    clauses = re.split(r"[，,；;：:]", question.text) if question.chinese else []
    if not any(_ASKING_WORD.search(c) for c in clauses):
        return question.text
    return "，".join(c for c in clauses if _ASKING_WORD.search(c) or _OPENING_DATE.match(c))


def _when_stated(question: Question, leading: list[Citation], texts: dict[str, str]) -> bool:
    """Each year the question dates what it asks by (:func:`_dating_clauses`) is in a leading quote,
    or the title or date of its article, or said by the quote from that date (去年): an article of
    2023 that mentions the 2027 World Cup once does not tell how many watched its final; an article
    of no known year (undated, or dated ``08-04``) is taken to be of a year its text names, or one
    it may be of (:func:`_may_be_of`). So is each month of those clauses (a quote of July's PMI does not
    answer for September's), or the quote counts from its article's date in that month. The first
    quote of a Chinese question that does not ask when dates itself by no other year only
    (2021年，美国拒签了… does not answer for 2022)."""
    dating = _dating_clauses(question)
    years = [e for e in question.entities if YEAR.match(e) and e in dating]
    dated_otherwise = question.chinese and question.kind != "when" and _dated_otherwise(years, leading[:1])
    return not dated_otherwise and all(
        any(
            y in c.quote or y in c.title or y in c.date or _relative_year(y, c.date, c.quote)
            or (date_parts(c.date)[0] is None and y in texts[c.article_id])
            or _may_be_of(y, c.date, c.title + texts[c.article_id])
            for c in leading
        )
        for y in years
    ) and months_stated(dating, leading)  # fmt: skip


def _dated_otherwise(years: list[str], first: list[Citation]) -> bool:
    """The ``first`` quote dates what it tells by years, none of them one of ``years`` (nor said from
    its article's date: 去年); a year it compares with (比2021年, 2021年同期) dates nothing. (A
    when-question's answer is a year, not its quote's date.)"""
    written = set(_DATING_YEAR.findall(first[0].quote)) if first else set()
    return bool(years and written) and not any(
        y in written or _relative_year(y, first[0].date, first[0].quote) for y in years
    )


def _compose(
    question: Question,
    chosen: list[Candidate],
    documents: list[Document],
    texts: dict[str, str],
    leading: int = 1,
) -> Answer:
    """The facts of the first ``leading`` sentences (one per part of the question) lead the answer;
    runners-up are context, their names would only blur it. A one-part question for a place or a
    date whose best sentence names none (it restated the question) is led by the next one that does."""
    citations: list[Citation] = []
    parts = []
    lead: list[str] = []
    for n, candidate in enumerate(chosen, start=1):
        document = documents[candidate.document_index]
        citations.append(_citation(candidate, documents, texts, n))
        parts.append(f"{candidate.text}[{n}]")
        if candidate.has_fact and (
            n <= leading or (leading == 1 and not lead and question.kind in LED_BY_A_LATER_FACT)
        ):
            asked = candidate.asked or question
            found = facts(candidate.text, asked)
            if asked.kind == "when":
                published = document.metadata.get("date") or ""
                year_asked = bool(_YEAR_QUESTION.search(asked.text))
                found = [absolute_date(f, published, year_asked) for f in found]
            lead.extend(f for f in found if f not in lead)
    stating = citations if question.kind in ANY_QUOTE_DATES else citations[:leading]
    if not (
        _when_stated(question, stating, texts)
        and all(  # each part's event by its own leading quote (发售日期和价格: the date's tells 发售)
            event_stated((candidate.asked or question).text, [citation])
            for candidate, citation in zip(chosen[:leading], citations[:leading], strict=False)
        )
        and (lead or question.kind not in PLACE_OR_DATE)
    ):
        return refusal(question)
    lead = lead[:MAX_LEAD_FACTS]
    if not question.chinese and question.kind == "who":
        # pinyin for Chinese personal names only: not for a foreign one in hanzi (约翰·柯比), nor
        # for an organisation (委员会, 塔斯社)
        lead = [
            f"{name} ({romanise(name)})" if len(name) <= MAX_NAME_CHARS and "·" not in name
            and not _ORG_SUFFIX.search(name) else name
            for name in lead
        ]  # fmt: skip
    body = ("" if question.chinese else " ").join(parts)
    text = f"{'、'.join(lead)} —— {body}" if lead else body
    return Answer(question=question.text, text=text, found=True, citations=citations)
