"""Questions of every kind about all six articles of the seed page, asked through ``ask``."""

import pytest

from bot import ask

pytestmark = pytest.mark.slow

# (question, title the first citation must have, strings the answer must contain)
ANSWERABLE = [
    ("谁在海淀区工会第十七次代表大会上讲话？", "海淀区工会第十七次代表大会召开", ["张良", "王合生"]),
    ("海淀区工会第十七次代表大会是什么时候召开的？", "海淀区工会第十七次代表大会召开", ["6月18日至19日"]),
    ("谁代表海淀区总工会第十六届委员会作工作报告？", "海淀区工会第十七次代表大会召开", ["李卫华"]),
    (
        "平谷区总工会举办的座谈会以什么为主题？",
        "平谷区总工会举办“当好主人翁 建功新时代”座谈会",
        ["当好主人翁 建功新时代"],
    ),
    (
        "平谷区座谈会上谁要求全区职工弘扬劳模精神？",
        "平谷区总工会举办“当好主人翁 建功新时代”座谈会",
        ["葛海斌"],
    ),
    ("东城区龙舟大赛有多少支队伍参赛？", "东城职工组队龙潭湖上赛龙舟", ["17支"]),
    ("东城区第二届时传祥杯龙舟大赛是哪天开赛的？", "东城职工组队龙潭湖上赛龙舟", ["6月20日"]),
    ("东城区龙舟大赛在哪里举行？", "东城职工组队龙潭湖上赛龙舟", ["龙潭"]),
    (
        "北京保安服务总公司经济技术开发区分公司工会送出了多少西瓜？",
        "北京经济技术开发区工会“送清凉”慰问进工地",
        ["1万斤"],
    ),
    (
        "经开区总工会联合哪个单位开展送清凉慰问活动？",
        "北京经济技术开发区工会“送清凉”慰问进工地",
        ["开发建设局"],
    ),
    ("第四届副中心职工足球联赛有多少支球队参加？", "第四届副中心职工足球联赛开赛", ["40支"]),
    ("谁出席了第四届副中心职工足球联赛开幕活动？", "第四届副中心职工足球联赛开赛", ["尚祖国"]),
    ("顺义区职工服务中心走访了多少家工会服务站？", "顺义区总工会走访基层开展法律服务交流工作", ["27家"]),
    (
        "顺义区总工会为服务站送去了多少份普法宣传册？",
        "顺义区总工会走访基层开展法律服务交流工作",
        ["1000余份"],
    ),
    ("顺义区法律服务交流工作的报道记者是谁？", "顺义区总工会走访基层开展法律服务交流工作", ["王路曼"]),
    ("Who spoke at the Haidian congress?", "海淀区工会第十七次代表大会召开", ["张良"]),
    (
        "Who spoke at the 17th congress of the Haidian District Federation of Trade Unions?",
        "海淀区工会第十七次代表大会召开",
        ["张良 (Zhang Liang)", "王合生 (Wang Hesheng)"],
    ),
    ("How many teams took part in the Dongcheng dragon boat race?", "东城职工组队龙潭湖上赛龙舟", ["17"]),
    (
        "Who reported on the Shunyi legal service visits?",
        "顺义区总工会走访基层开展法律服务交流工作",
        ["王路曼"],
    ),
]

UNANSWERABLE = [
    "朝阳区职工篮球赛在哪里举行？",
    "西城区工会第十次代表大会什么时候召开？",
    "2024年巴黎奥运会中国获得了多少枚金牌？",
    "What is the capital of France?",
    "Who won the NBA finals in 2023?",
]


@pytest.mark.parametrize(("question", "title", "expected"), ANSWERABLE, ids=[q for q, _, _ in ANSWERABLE])
def test_answerable(seed_settings, question, title, expected):
    answer = ask(question, settings=seed_settings)
    assert answer.found, answer.text
    assert answer.citations[0].title == title
    for fact in expected:
        assert fact in answer.text


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_unanswerable_is_refused(seed_settings, question):
    answer = ask(question, settings=seed_settings)
    assert not answer.found, answer.text
    assert answer.citations == []
