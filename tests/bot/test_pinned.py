"""A question's ordinals, months and asked event pin it to one occasion: another one's article does
not answer."""

from langchain_core.documents import Document

from bot.answer_types import Citation
from bot.extractive import answer
from bot.pinned import (
    counts,
    counts_held,
    days_held,
    event,
    event_stated,
    months,
    months_stated,
    numbered_names_held,
    ordinals,
    ordinals_held,
    periods,
    quarters,
    quarters_held,
    tells,
)
from bot.question import analyse


def _document(text: str, title: str, date: str) -> Document:
    return Document(
        page_content=text,
        metadata={"article_id": "a", "title": title, "author": "", "date": date, "source": "a.txt",
                  "score": 1.0, "dense_similarity": 0.9, "spans": [(0, len(text))]},
    )  # fmt: skip


def _cited(quote: str, date: str) -> Citation:
    return Citation(
        n=1, article_id="a", title="", author="", date=date, source="a.txt", quote=quote, score=1.0
    )


def test_ordinals_and_months_are_read_in_digits_and_chinese_numerals():
    assert ordinals("第八届中国—南亚博览会") == ordinals("第8届中国—南亚博览会") == {(8, "届")}
    assert ordinals("第二陆军病院和第三季度") == {(2, "陆"), (3, "季")}
    assert ordinals("排名第几高？") == set()  # asks for the ordinal
    assert ordinals("第十百届") == set()  # numerals that make no number are no ordinal, and no error
    # 并 only joins 第一 to what follows: any 第一 holds it (小组第一的成绩), not only 第一并
    assert ordinals("夺得小组第一并打破纪录") == {(1, "")}
    assert ordinals_held("半决赛第一组中谁夺得小组第一并打破纪录？", "半决赛第一组，她以小组第一的成绩晋级")
    assert not ordinals_held(
        "半决赛第二组中谁夺得小组第一并打破纪录？", "半决赛第一组，她以小组第一的成绩晋级"
    )
    # the first time is told as 首次, 初次 or not at all; the second is the article's
    assert ordinals_held("米兰第一次见到继女是在哪天？", "米兰见到继女的那一刻")
    assert not ordinals_held("米兰第二次见到继女是在哪天？", "米兰见到继女的那一刻")
    assert months("9月份的PMI") == months("九月的PMI") == months("截至2023年9月末") == {9}
    assert months("连续4个月走低") == set()  # four months, no month
    assert months("2023年10月9日起") == {10} and months("十二月") == {12}
    assert months("How much did the US CPI rise in October?") == {10}
    assert months("May I ask what happened in May?") == {5}  # the first May is no month
    assert months("what was china's pmi in september and OCTOBER?") == {9, 10}  # typed in any case
    assert months("may the marchers march in may?") == set()  # verbs, unless capitalised


def test_an_english_ordinal_is_held_by_a_chinese_one_of_the_same_number():
    assert ordinals("Where will the 8th China-South Asia Expo be held?") == {(8, "")}
    assert ordinals("Whose 60th birthday was it, on the 45th anniversary?") == set()  # 60岁, 45周年
    # a fraction is no ordinal: China accounts for one third (三分之一) of global growth
    assert ordinals("Does China account for one third or a third of growth?") == set()
    assert ordinals("Who won a third term, and a one-fifth share?") == {(3, "")}
    assert ordinals_held("Where will the 7th China-South Asia Expo be held?", "第七届中国—南亚博览会")
    assert not ordinals_held("Where will the 8th China-South Asia Expo be held?", "第7届中国—南亚博览会")
    # in words too: the third-generation stylus is 第三代, not the article's 第二代
    assert ordinals("the third-generation stylus and the second batch") == {(3, ""), (2, "")}
    assert not ordinals_held("How sensitive is the third-generation stylus?", "第二代触控笔")
    # not the second half of a year (下半年), nor a capitalised one of a name (Fifth Division: 五局)
    assert ordinals("in the second half, the Fifth Engineering Division") == set()
    # nor a quarter (二季度, held by :func:`quarters_held`), spaced or hyphenated
    assert ordinals("in the second quarter, third-quarter results, the tenth-anniversary") == set()
    assert ordinals_held("How large was the surplus in the second quarter?", "2023年二季度，我国经常账户顺差")


def test_a_question_about_another_occasion_is_not_held_by_the_article():
    text = "第7届中国—南亚博览会将于8月16日在昆明举办。"
    assert ordinals_held("第7届中国—南亚博览会在哪里举办？", text)
    assert ordinals_held("第七届中国—南亚博览会在哪里举办？", text)
    assert not ordinals_held("第八届中国—南亚博览会在哪里举办？", text)
    assert ordinals_held("中国—南亚博览会在哪里举办？", text)  # no ordinal asked
    # a party congress is counted without 第: 党的十八大 is the 18th
    assert ordinals("党的十九大以来，中共二十大") == {(19, "大"), (20, "大")}
    assert not ordinals_held("党的十九大以来有多少项遗产列入名录？", "党的十八大以来共8项遗产列入名录")
    assert ordinals_held("党的十八大以来有多少项遗产列入名录？", "中共十八大以来共8项遗产列入名录")


def test_a_month_is_stated_by_the_quote_or_by_the_date_a_quote_without_one_counts_from():
    pmi = "7月份，中国制造业采购经理指数为49.3%。"
    july = _cited(pmi, "2023-07-31")
    assert months_stated("7月份中国制造业PMI是多少？", [july])
    # July's, told in September
    assert not months_stated("9月份中国制造业PMI是多少？", [_cited(pmi, "2023-09-30")])
    court = "法院将在16日作出决定。"
    assert months_stated("法院8月作出了什么决定？", [_cited(court, "2023-08-03")])
    assert not months_stated("法院9月作出了什么决定？", [_cited(court, "2023-08-03")])
    assert months_stated("7月CPI涨了多少？", [_cited("上月CPI同比上涨3.2%。", "2023-08-10")])
    assert months_stated("法院8月作出了什么决定？", [_cited(court, "08-03")])  # a date of no year
    assert not months_stated("法院9月作出了什么决定？", [_cited(court, "08-03")])
    # each part of a two-part question from its own quote
    august = _cited("8月份，中国制造业采购经理指数为49.7%。", "2023-08-31")
    assert months_stated("7月和8月的制造业PMI分别是多少？", [july, august])
    assert not months_stated("7月和9月的制造业PMI分别是多少？", [july, august])
    # June's figures, released in August: an article of August that quotes June states both months
    spending = "报告显示，日本2人及以上家庭6月平均消费支出为27.55万日元。"
    asked = "What was households' average spending in June, according to figures released on August 8?"
    assert months_stated(asked, [_cited(spending, "2023-08-08")])
    assert not months_stated(asked, [_cited(spending, "2023-09-08")])
    assert not months_stated(
        "What was households' average spending in July?", [_cited(spending, "2023-07-08")]
    )


def test_a_period_from_january_is_stated_only_as_that_period():
    assert periods("今年1至8月，前7个月，11至12月") == {8, 7}
    trade = _cited("记者从8月17日的发布会获悉，今年1至7月，北京地区实现进出口2.07万亿元。", "2023-08-17")
    assert months_stated("今年1至7月，北京地区实现进出口多少万亿元？", [trade])
    assert months_stated("前7个月北京地区进出口多少万亿元？", [trade])
    assert not months_stated("今年1至8月，北京地区实现进出口多少万亿元？", [trade])  # 8月17日 is a day


def test_the_answerer_refuses_a_question_about_another_ordinal_or_month():
    text = "第7届中国—南亚博览会将于8月16日在云南昆明举办。7月份，中国制造业PMI为49.3%。"
    document = _document(text, "第7届南亚博览会8月开幕", "2023-07-31")
    texts = {"a": text}

    def ask(question: str) -> bool:
        return answer(analyse(question), [document], texts, None, 0.6, 0.82).found  # type: ignore[arg-type]

    assert ask("第七届中国—南亚博览会在哪里举办？") and ask("7月份中国制造业PMI是多少？")
    assert not ask("第八届中国—南亚博览会在哪里举办？")
    assert not ask("9月份中国制造业PMI是多少？")


def test_a_when_question_asks_about_the_event_its_first_verb_names():
    assert event("海南天角潭水利枢纽工程什么时候竣工验收？") == "竣工"
    assert event("《反电信网络诈骗法》何时开始施行？") == "施行"  # 开始: when it starts to apply
    assert event("庭审工作将于哪一天开始？") == "开始"  # nothing else follows
    assert event("沙特航空连通计划预计何时停飞往返沙特的航线？") == "停飞"  # not 往返, which describes
    assert event("检察院是哪天决定对张某某不予批捕的？") == "不予"  # 决定: a verb of plan, like 计划
    assert event("五指山特长隧道是在哪天实现双洞贯通的？") == "贯通"  # 实现: achieved, what follows
    assert event("泰国宪法法院推迟了审议的日期是什么时候？") is None  # nothing after the question word
    assert event("谁宣布庭审将于5月20日结束？") is None  # not a when-question
    # asked for by a noun: the action before 日期 or 时间, if CC-CEDICT defines one (not 会议的时间)
    assert event("艾尔登法环的发售日期是什么？") == "发售"
    assert event("杭州亚运会的开幕时间") == "开幕"
    assert event("艾尔登法环的发售日期是什么时候？") == "发售"  # no verb after the question word
    assert event("第七届香港立法会议员首次会议的时间") is None


def test_an_event_is_stated_by_a_quote_naming_it_or_a_word_glossed_the_same():
    trial = _cited("庭审工作将于2024年5月20日开始，并将持续两周时间。", "2023-08-27")
    assert event_stated("庭审工作将于哪一天开始？", [trial])
    assert event_stated("庭审工作将于哪一天启动？", [trial])  # 启动 and 开始: "to start"
    assert not event_stated("庭审工作将于哪一天结束？", [trial])  # the start does not tell the end
    law = _cited("《反电信网络诈骗法》于2022年12月1日起施行。", "2023-08-01")
    assert event_stated("《反电信网络诈骗法》何时开始施行？", [law])
    assert not event_stated("《反电信网络诈骗法》何时废止？", [law])
    fair = _cited("第7届中国—南亚博览会将于8月16日在昆明举行。", "2023-07-31")
    assert event_stated("第7届中国—南亚博览会什么时候举办？", [fair])  # 举办 and 举行: "to hold"
    assert event_stated("第7届中国—南亚博览会的日期是什么时候？", [fair])  # no event asked
    route = _cited("预计将于2024年上半年开通更多往返沙特的航线。", "2023-08-07")
    assert not event_stated("何时停飞往返沙特的航线？", [route])
    # CC-CEDICT does not define 运抵: it has no synonyms to look for, so 抵达 may tell it
    goods = _cited("8月5日，首批救灾物资安全抵达涿州。", "2023-08-06")
    assert event_stated("首批救灾物资于哪天运抵涿州？", [goods])
    assert not event_stated(
        "首批救灾物资于哪天送达涿州？", [_cited("8月5日，首批救灾物资从辉县出发。", "2023-08-06")]
    )
    # a question for the day something starts from is told by the start, in any words
    rate = _cited("德国央行表示将从10月1日开始向国内政府存款支付零利息。", "2023-07-24")
    assert event_stated("德国央行的零利率新政策从哪天起执行？", [rate])
    assert not event_stated("德国央行的零利率新政策哪天执行？", [rate])
    shift = _cited("德国央行这项政策调整也开始影响到一级市场。", "2023-07-24")  # no day it starts from
    assert not event_stated("德国央行的零利率新政策从哪天起执行？", [shift])


def test_a_when_question_is_answered_by_the_sentence_telling_its_event_or_refused():
    text = "海南天角潭水利枢纽工程8月8日上午正式下闸蓄水。天角潭工程预计2025年底完工。"
    document = _document(text, "天角潭水利枢纽工程下闸蓄水", "2023-08-08")

    def ask(question: str) -> str | None:
        found = answer(analyse(question), [document], {"a": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
        return found.text if found.found else None

    assert (ask("海南天角潭水利枢纽工程什么时候下闸蓄水？") or "").startswith("8月8日 —— ")
    # the sentence that repeats more of the question tells another event: 完工 is 竣工 in other words
    assert (ask("海南天角潭水利枢纽工程什么时候竣工？") or "").startswith("2025年 —— 天角潭工程预计")
    assert ask("海南天角潭水利枢纽工程什么时候拆除？") is None
    # a start is told by the day since which something runs (8月8日以来, 自8月8日起); not an end
    since = "济宁报道8月8日以来，兴隆庄街道组织机关干部开展走访活动。"
    assert tells("开始", since) and tells("启动", "自8月8日起，兴隆庄街道启动走访")
    assert not tells("结束", since) and not tells("开始", "兴隆庄街道组织机关干部开展走访活动。")
    assert not tells("开始", "检察院8日起诉了他。")  # 起诉 is no 起


def test_each_part_of_a_two_part_question_tells_its_own_event():
    texts = {
        "date": "站长之家 FromSoftware 今日宣布，艾尔登法环全球累计出货超过2000万套。",
        "price": "艾尔登法环标准版的国区价格为298元，豪华版398元。",
    }
    documents = [_document(texts[key], "艾尔登法环", "2023-02-28") for key in texts]
    documents[1].metadata["article_id"] = "price"
    documents[0].metadata["article_id"] = "date"
    question = analyse("艾尔登法环的发售日期和标准版国区价格是什么？")
    got = answer(question, documents, texts, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert not got.found  # the day it was announced that 20 million had shipped is no release date
    texts["date"] = "艾尔登法环于2022年2月25日正式发售，全球累计出货超过2000万套。"
    documents[0].page_content = texts["date"]
    documents[0].metadata["spans"] = [(0, len(texts["date"]))]
    got = answer(question, documents, texts, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert got.found and got.text.startswith("2022年2月25日、298元")


def test_a_day_the_question_dates_is_the_articles():
    crash = "8月4日8时许，新泰市汶南镇沈汶路发生一起交通事故。"
    assert days_held("8月4日新泰市沈汶路发生的事故中，司机多少岁？", crash)
    assert not days_held("8月14日新泰市沈汶路发生的事故中，司机多少岁？", crash)
    # the day alone counts from the article's month; spaces aside; the day before one it names
    assert days_held("8月4日发生的事故", "本报讯 4日8时许，发生一起交通事故")
    assert days_held("8月4日发生的事故", "8 月 4 日 8时许")
    assert days_held("俄无人机8月1日夜袭基辅", "市长8月2日说，俄罗斯无人机前一天夜里对该市发动袭击")
    assert not days_held("俄无人机8月1日夜袭基辅", "市长8月3日说，俄罗斯无人机前一天夜里对该市发动袭击")
    # the title, date and text lines an article is searched in stay apart (not 2023-08-017月31日)
    assert days_held("张健7月31日率队在株洲调研", "张健在株洲调研\n2023-08-01\n7月31日，张健率队")
    # a day in English; the day of the article's date line (reported on 2 August)
    assert not days_held("In the crash on the evening of 5 August 2023, how much had Zhang spent?", crash)
    assert days_held("In the crash on August 4, 2023, how old was the driver?", crash)
    assert days_held(
        "According to data reported on August 2, how much did stocks fall?", "\n2023-08-02\n库存下降"
    )
    assert not days_held(
        "According to data reported on August 3, how much did stocks fall?", "\n2023-08-02\n库存下降"
    )
    assert days_held("In August 2023, how much did stocks fall?", "\n2023-08-02\n库存下降")  # no day


def test_a_quarter_the_question_names_is_the_articles():
    assert quarters("伯克希尔公布三季报，三季度营收") == {3}
    assert quarters("2023年第二季度（Q2）与Q4财报，4季度") == {2, 4}
    assert quarters_held("2023年二季度伯克希尔实现营收多少？", "伯克希尔2023年Q2实现营收925.03亿美元")
    assert not quarters_held("2023年三季度伯克希尔实现营收多少？", "伯克希尔2023年Q2实现营收925.03亿美元")
    assert quarters_held("伯克希尔实现营收多少？", "伯克希尔2023年Q2实现营收925.03亿美元")
    assert quarters("its first quarter of 2023 and third-quarter results") == {1, 3}
    assert not quarters_held("How much did it earn in the first quarter?", "伯克希尔2023年二季度营收")


def test_a_day_given_with_its_year_is_not_the_same_day_of_another_year():
    opened = "2021年12月6日，被誉为“最美高铁”的张吉怀高铁开通运营，它全长245公里。"
    assert days_held("于2021年12月6日开通运营的张吉怀高铁全长多少公里？", opened)
    assert not days_held("于2022年12月6日开通运营的张吉怀高铁全长多少公里？", opened)
    assert days_held("于2022年12月6日开通运营的张吉怀高铁全长多少公里？", "12月6日开通运营的高铁")


def test_a_count_the_question_gives_must_be_the_articles():
    assert counts("有5架无人机、两名“偷鹅贼”，成立六十周年") == {(5, "架"), (2, "人"), (60, "周年")}
    assert counts("第三名、哪两个单位、50层楼、十四五规划、三大亮点") == set()  # ordinal, asked, no unit
    assert not counts_held("有5架乌克兰无人机袭击莫斯科", "有3架乌克兰无人机袭击莫斯科")
    assert counts_held("有5架乌克兰无人机袭击莫斯科", "有五架乌克兰无人机袭击莫斯科")
    assert not counts_held("甘南藏族自治州成立六十周年庆祝大会", "甘南藏族自治州成立七十周年庆祝大会")
    assert counts_held("成立六十周年", "成立60周年")
    assert counts_held("造成4人死亡", "4名男子死亡")  # 人, 名 and 位 count people alike
    assert counts_held("一名男子被抓", "男子被抓")  # one is "a", no count
    # more digits are checked as written elsewhere: 12名 is not read again
    assert counts_held("12名选手", "选手们")
    assert not counts_held("多次从6楼高空抛物的老人", "多次从5楼高空抛物的老人")  # a floor
    # a count of what the question has listed before it need not be the article's
    assert counts_held(
        "西科控股、中科创星来松江，两家企业将选址哪个街道？", "西科控股、中科创星将选址九里亭街道"
    )
    assert not counts_held("西科控股来松江，两家企业将选址哪个街道？", "西科控股、中科创星将选址九里亭街道")
    question = analyse("俄罗斯国防部通报称有5架乌克兰无人机袭击莫斯科，其中有几架被击落？")
    text = "俄罗斯国防部通报称，有3架乌克兰无人机袭击莫斯科。一架无人机被击落。"
    got = answer(question, [_document(text, "无人机袭击莫斯科", "2023-07-30")], {"a": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert not got.found


def test_a_name_numbered_in_numerals_must_be_the_articles_with_its_number():
    assert numbered_names_held("在湖南省湘雅二医院查出脑部肿瘤", "在湘雅二医院检查")
    assert not numbered_names_held("在湖南省湘雅二医院查出脑部肿瘤", "在湖南省湘雅附一医院检查出脑部肿瘤")
    assert not numbered_names_held("中铁九局一公司承建", "中铁十九局一公司承建")  # 十九, not 九
    assert numbered_names_held("地铁三号线", "地铁3号线") and not numbered_names_held(
        "地铁三号线", "地铁13号线"
    )
    # not a count (三所学校, 一处庄园), an ordinal (第二医院), May Day (五一) nor hours (三小时)
    for question in ("三所学校", "大理一处庄园", "第二医院", "2023年五一旅游人次", "用了三小时"):
        assert numbered_names_held(question, "无关的文字")
