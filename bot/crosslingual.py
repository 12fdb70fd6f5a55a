"""English questions over Chinese text: Chinese names written in pinyin (``Haidian``, ``Zhang Liang``)
are matched against the pinyin of the article text."""

from __future__ import annotations

import re

from bot.question import ENGLISH_STOPWORDS

_WORD = re.compile(r"[A-Za-z]+")
MAX_NAME_CHARS = 4  # hanzi per name: 海淀, 张良, 王合生, 龙潭湖


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
