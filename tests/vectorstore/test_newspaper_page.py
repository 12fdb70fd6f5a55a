from tests.conftest import SEED_PAGE
from vectorstore.newspaper_page import is_newspaper_page, join_page_breaks, parse_page

EXPECTED = [
    ("海淀区工会第十七次代表大会召开", "赵思远"),
    ("平谷区总工会举办“当好主人翁 建功新时代”座谈会", "马超"),
    ("东城职工组队龙潭湖上赛龙舟", "边磊"),
    ("北京经济技术开发区工会“送清凉”慰问进工地", "陈曦"),
    ("第四届副中心职工足球联赛开赛", "赵思远"),
    ("顺义区总工会走访基层开展法律服务交流工作", "王路曼"),
]


def seed_articles():
    return parse_page(SEED_PAGE.read_text(encoding="utf-8"))


def test_seed_page_has_six_articles_with_titles_and_reporters():
    articles = seed_articles()
    assert [(a.title, a.author) for a in articles] == EXPECTED
    assert articles[3].correspondent == "仇立丹"


def test_banner_is_not_an_article():
    assert all("深入学习贯彻党的二十大精神" not in a.title + a.text for a in seed_articles())


def test_page_break_is_joined_and_doubled_character_removed():
    haidian = seed_articles()[0].text
    assert "为实现现代化强区高品质海淀贡献力量" in haidian
    assert "化化" not in haidian
    # breaks without a doubled character are joined as they are
    assert "加强自身建设,有效发挥" in haidian
    assert "部队伍" in haidian and "工会干部队伍" in haidian


def test_every_article_paragraph_ends_a_sentence():
    for article in seed_articles():
        for paragraph in article.text.split("\n"):
            assert paragraph[-1] in "。！？”", paragraph[-20:]


def test_genuine_doubled_characters_survive_a_break():
    assert join_page_breaks(["他说谢", "谢大家。"]) == ["他说谢谢大家。"]
    assert join_page_breaks(["现代化", "化强区。"]) == ["现代化强区。"]


def test_plain_prose_is_not_a_newspaper_page():
    assert not is_newspaper_page("一段普通的文字。\n\n没有本报讯。")
    assert is_newspaper_page(SEED_PAGE.read_text(encoding="utf-8"))
