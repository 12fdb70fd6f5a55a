"""English questions over Chinese text through CC-CEDICT: no model, the real dictionary."""

from bot.crosslingual import chinese_terms, proper_terms, term_coverage

WATERMELONS = "How many watermelons did the security company union give out?"


def test_english_words_become_the_chinese_words_to_look_for():
    terms = chinese_terms(WATERMELONS)
    assert terms["watermelons"] == ("西瓜",)  # a plural, found by its singular
    assert "公司" in terms["company"]
    assert not {"how", "many", "did", "the"} & set(terms)  # question words translate to nothing
    assert "龙舟" in chinese_terms("Where was the dragon boat race held?")["dragon boat"]  # phrase first


def test_demonyms_british_spellings_numbers_and_proper_nouns():
    terms = chinese_terms("Which company bought 50 Leopard 1 tanks from the Belgian defence ministry?")
    assert terms["belgian"] == ("比利时",)  # Belgian → Belgium
    assert "防务" in terms["defence"]  # defence → defense
    assert terms["50"] == ("50",)
    assert chinese_terms("What is the theme of the ACM conference?")["acm"] == ("acm",)
    assert proper_terms("Which company bought Leopard tanks from the Belgian army?", terms) == [
        "leopard",
        "belgian",
    ]


def test_pinyin_names_are_left_to_the_pinyin_match():
    assert "haidian" not in chinese_terms("Who spoke at the Haidian congress?")


def test_coverage_is_the_share_of_terms_with_a_translation_in_the_text():
    terms = chinese_terms(WATERMELONS)
    text = "北京保安服务总公司经济技术开发区分公司工会将首批1万斤西瓜送到各保安基层点。"
    assert len(terms) == 5 and term_coverage(terms, text) == 0.4  # 西瓜 and 公司
    assert term_coverage(terms, "东城区第二届龙舟大赛在龙潭湖开赛。") == 0.0
