"""What a question asks for, and the facts a sentence holds for it (jieba only, no model)."""

from collections.abc import Callable

from langchain_core.documents import Document

from bot.crosslingual import english_names
from bot.extractive import (
    Candidate,
    _answer_units,
    _choose,
    _dating,
    _dating_clauses,
    _given_numbers,
    absolute_date,
    answer,
    facts,
    supporting_documents,
)
from bot.question import analyse, compared_items, coverage, entity_present, question_kind, sub_questions


def _asker(text: str, title: str, date: str) -> Callable[[str], bool]:
    """Whether a question is answered (not refused) from one article."""
    document = _document("a", text, title, date=date)
    return lambda question: answer(analyse(question), [document], {"a": text}, None, 0.6, 0.82).found  # type: ignore[arg-type]


def test_names_are_found_without_a_province_suffix_or_a_china_prefix():
    assert entity_present("湖南省", "湖南与国家能源集团会谈")
    assert entity_present("中国香港", "对香港进出口增长1.2%")
    assert not entity_present("湖南省", "湖北与国家能源集团会谈")
    assert entity_present("周", "世界母乳喂养周")  # one character: only as it is
    # a short form is found as the full name its characters are taken from, in order
    assert entity_present("中科院", "中国科学院宁波材料所") and entity_present(
        "经信委", "重庆市经济和信息化委员会"
    )
    assert not entity_present("江津区", "綦江区警方通报")
    # two names jieba joins into one word: each is found on its own
    assert entity_present("上海浦东", "上海市浦东新区一对退休夫妻")
    assert not entity_present("上海浦东", "上海市闵行区一对退休夫妻")


def test_a_place_jieba_does_not_tag_is_a_name_an_article_must_hold():
    assert analyse("武汉到恩施的旅游计次票价格是多少？").entities == {"武汉", "恩施"}  # 恩施: a noun to jieba
    assert not analyse("朝阳区的和平路在哪里？").entities & {"朝阳", "和平"}  # common words too
    # jieba cuts 辽/j 中区/ns: 辽中 is a place, and 区 names it one
    assert analyse("沈阳市辽中区“三修”计划投资多少？").entities == {"沈阳市", "辽中区"}
    assert analyse("辽中区“三修”计划投资多少？").entities == {"辽中区"}  # at the start: nothing before it
    # jieba cuts 哲觉/n 镇营/vn 洞村/n: a word CC-CEDICT does not know before 镇 names a town; not a
    # common word (在城镇) nor a question word (哪个镇)
    assert "哲觉镇" in analyse("水务局在哲觉镇营洞村开展志愿服务活动，有多少名志愿者参加？").entities
    assert analyse("水务局在哪个镇开展志愿服务活动？").entities == set()
    text = "武铁开通旅游计次票，“武汉+武当山+襄阳”定价为420元。"
    ticket = [_document("a", text, "武铁开通旅游计次票")]
    assert supporting_documents(
        analyse("武汉到武当山的旅游计次票价格是多少？"), ticket, {"a": text}, 0.6, 0.82
    )
    assert not supporting_documents(
        analyse("武汉到恩施的旅游计次票价格是多少？"), ticket, {"a": text}, 0.6, 0.82
    )


def test_a_common_word_jieba_tags_as_a_name_is_only_a_key_term():
    question = analyse("哈萨克斯坦国防部辟谣了什么说法？")  # 辟谣/nr: "to refute a rumour"
    assert question.entities == {"哈萨克斯坦", "国防部"}
    assert "辟谣" in question.terms
    assert analyse("第7届中国—南亚博览会将在哪里举行？").entities >= {"南亚"}  # nan2 Ya4: a name
    assert "头奖" not in analyse("这次的头奖在美国彩票史上排名第几？").entities  # 头奖/nz: first prize


def test_a_key_term_said_in_other_words_counts_for_most_of_it():
    question = analyse("哈萨克斯坦国防部辟谣了什么说法？")
    denied = "哈萨克斯坦国防部就近期哈方向俄罗斯输送军事装备的说法予以否认。"
    silent = "哈萨克斯坦国防部就近期哈方向俄罗斯输送军事装备的说法发表声明。"
    assert coverage(question, denied) > 0.9 > coverage(question, silent)  # 辟谣 ~ 否认: "deny"
    # a broad gloss is no evidence: 举行 and 保持 are both "hold", as are 17 more words
    held = analyse("杭州亚运会开幕式在哪里举行？")
    assert coverage(held, "杭州亚运会开幕式倒计时，各队保持训练。") == coverage(
        held, "杭州亚运会开幕式倒计时，各队加紧训练。"
    )
    # only an action is credited so: the things asked about are what the question is about
    games = analyse("朝阳区职工篮球赛在哪里举行？")
    assert coverage(games, "朝阳区工作人员举行揭牌仪式。") == coverage(games, "朝阳区举行揭牌仪式。")


def test_question_words_are_no_key_terms_and_which_few_asks_which():
    assert not {"第几", "这次"} & set(analyse("这次的头奖在美国彩票史上位列第几？").terms)
    # jieba joins a question word to its measure word: 哪一天, 哪家, 几个 ask, they are not asked about
    assert set(analyse("出口管制是从哪一天开始生效的？").terms) == {"出口", "管制", "开始", "生效"}
    assert set(analyse("应急办对哪家公司进行了检查？").terms) == {"应急", "公司", "检查"}
    period = analyse("北京哪段时间将出现大暴雨？")  # jieba: 哪/r 段时间/nr, no name
    assert "段时间" not in period.terms and "段时间" not in period.entities
    assert question_kind("拿到鼎级金奖的是哪几家餐厅？") == "what"  # which, not how many
    assert question_kind("首批采购协议涉及几架飞行器？") == "how_many"
    assert question_kind("南宁队以什么比分击败北海队？") == "how_many"
    assert question_kind("曾先生原本准备乘火车返回哪座城市？") == "where"
    aircraft = analyse("首批采购协议涉及几架飞行器？")
    assert facts("两家公司签署了首批100架AE200的采购协议。", aircraft) == ["100架"]  # 架 counts aircraft


def test_an_amount_is_read_whole_with_its_magnitudes_unit_and_no_trailing_comma():
    sentence = (
        "营收增长208.7%, 净利润0.45亿元，电动车销量211,996辆，软件1350 万套，转型将创造100万亿美元的机会。"
    )
    assert facts(sentence, analyse("销量是多少？")) == [
        "208.7%",
        "0.45亿元",
        "211,996辆",
        "1350 万套",
        "100万亿美元",
    ]


def test_generic_place_words_are_not_names_an_article_must_repeat():
    question = analyse("在哪个城市成立了国际警察合作中心？")
    assert question.entities == frozenset()
    assert coverage(question, "巴西马瑙斯市成立国际警察合作中心") > 0.6
    assert "湖南省" in analyse("湖南省与哪个企业合作推进了重点项目？").entities


def test_organisation_questions_are_answered_by_organisation_names():
    question = analyse("湖南省与哪个企业合作推进了宝庆电厂等重点项目？")
    assert question.kind == "organisation"
    sentence = "省委副书记、省长毛伟明在长沙与国家能源集团党组书记、董事长刘国跃一行会谈。"
    assert facts(sentence, question) == ["国家能源集团"]
    agency = analyse("哪个机构扩大了国产小客车注册登记试点？")
    assert facts("近日，公安部交通管理局发布了一系列新措施。", agency) == ["公安部交通管理局"]
    # a suffix alone, or a two-character word ending in one, is no organisation's name
    frozen = analyse("哪家公司冻结了他的账户？")
    assert facts("该公司说，他将无法从他的账户中获利，这使其处于舆论的中心。", frozen) == []
    assert facts("要合力维护两国关系大局。", frozen) == []
    assert facts("外交部发言人表示，希望对方恢复账户。", frozen) == ["外交部"]  # 外交部/nt


def test_a_name_jieba_cuts_in_two_is_one_name_and_a_verb_after_a_post_is_none():
    question = analyse("谁被判处了702年徒刑？")
    assert facts("男子莫哈末拉希曾向法官请求轻判。", question) == ["莫哈末拉希"]  # 莫哈末/nr 拉希/nrt
    assert facts("泽连斯基30日在视频讲话中称，他视察了该州。", question) == ["泽连斯基"]  # 泽/nr 连斯基/nr
    said = analyse("谁出席了纪念集会？")
    assert facts("外交部发言人就此答记者问时表示，当前关系处于关键阶段。", said) == ["外交部"]  # not 问时
    assert facts("发言人指出，希望日方同中方一道。", said) == []  # not 指出


def test_amounts_skip_clock_times_bare_numerals_and_numbers_of_the_question():
    sales = analyse("2021年宝马的全球销量是多少？")
    sentence = "2022-01-28 00:15:21 更多资讯 宝马集团2021年全球销量为252万辆，三段行程同比增长8.4%。"
    assert facts(sentence, sales) == ["252万辆", "8.4%"]
    price = analyse("武汉到武当山的旅游计次票价格是多少？")
    assert facts("三段行程各 1 张二等座车票，共计420元。", price) == ["420元"]
    assert facts("三段行程各 1 张二等座车票。", price) == []  # a price is in 元
    # cases are counted in 起 (一起 is together); a loss is in 元
    cases = analyse("针对征兵办公室官员的刑事诉讼共有多少起？")
    assert facts("他们一起召开会议，共派出2个工作组，总共有112起刑事诉讼。", cases) == ["112起"]
    loss = analyse("李某结果共计损失人民币多少？")
    assert facts("李某看见一条动态，共计损失人民币96000元。", loss) == ["96000元"]
    # a month or an hour alone counts nothing; a number of days or hours does
    inside = analyse("How many were inside the gymnasium when its roof collapsed?")
    sentence = "今年3月，7月24日上午10时30分，最后一名被困学生已搜救到，历时3天，救援24小时。"
    assert facts(sentence, inside) == ["一名", "3天", "24小时"]
    # an English question that counts people asks for a count of them
    people = analyse("How many people in the county were affected by the disaster?")
    assert facts("冲毁耕地4424公顷，受灾人口73000人，倒塌813户。", people) == ["73000人"]
    hours = analyse("For how many hours should patients avoid exercise?")  # hours, not patients
    assert facts("一名女子发病，患者6小时内应避免运动。", hours) == ["一名", "6小时"]
    growth = analyse("上半年工业企业利润同比下降了多少？")
    assert facts("利润总额下降16.8%，减少3000亿元。", growth) == ["16.8%"]
    cotton = analyse("全国棉花单位面积产量是多少？")  # units of two characters stay whole
    assert facts("单位面积产量1992.2公斤/公顷，总产量597.7万吨。", cotton) == ["1992.2公斤", "597.7万吨"]
    # a sum in another currency, a count of visits: the unit is part of the amount
    exports = analyse("上半年光伏产品出口总额达到多少？")
    assert facts("光伏产品出口总额达到289.2亿美元，同比增长11.6%。", exports) == ["289.2亿美元"]
    score = analyse("南宁队在手球比赛中以多少比分战胜了北海队？")
    assert facts("经过近一个小时的激烈对决，南宁队以44.5:35战胜北海队。", score) == ["44.5:35"]
    assert facts("最终中国队以3比1获胜。", score) == ["3比1"]
    battery = analyse("魅族20手机内置多大容量的电池？")
    assert facts("魅族20内置4700mAh电池，支持67W快充。", battery)[0] == "4700mAh"
    rank = analyse("广州工控首次登上《财富》世界500强榜单时排名第几位？")
    assert question_kind(rank.text) == "how_many"
    assert facts("广州工控首次上榜，以营收4.4万亿元排名第414位。", rank) == ["第414位"]
    visits = analyse("五一假期国内旅游出游多少人次？")
    assert facts("全国国内旅游出游合计2.74亿人次，同比增长70.83%。", visits) == ["2.74亿人次"]


def test_a_question_for_the_month_is_answered_by_a_month():
    launch = "据悉，搭载天玑9200+芯片的Redmi K60 Ultra将于8月份正式发布，8月18日开启预售。"
    assert facts(launch, analyse("In which month was the Redmi K60 Ultra expected to launch?")) == ["8月份"]
    assert facts(launch, analyse("Redmi K60 Ultra预计在哪个月发布？")) == ["8月份"]
    assert facts(launch, analyse("Redmi K60 Ultra哪天开启预售？")) == ["8月18日"]


def test_a_question_for_the_hour_is_answered_by_a_time_of_day():
    question = analyse("流浪狗大约在几点来挠门？")
    assert question.kind == "when" and "几点" not in question.terms
    sentence = "8月6日，店主说：“大概是凌晨两点来的，就直接用爪子挠卷帘门。”"
    assert facts(sentence, question) == ["凌晨两点"]
    assert facts("列车于上午10时30分出发，14:05到达。", question) == ["上午10时30分", "14:05"]
    assert facts(sentence, analyse("流浪狗是哪一天来挠门的？")) == ["8月6日"]
    assert facts("只在两点半感受到一点余波。", question) == ["两点半"]  # 一点: "a little"
    # 叫醒 is told by a sentence without the hour, the hour by the next: the hour leads
    text = "店主在店里过夜，半夜被流浪狗叫醒。“它大概是凌晨两点来的，直接用爪子挠卷帘门。”"
    document = _document("a", text, "流浪狗叫醒店主", date="2023-08-06")
    got = answer(analyse("流浪狗大约在几点来挠门叫醒了店主？"), [document], {"a": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert got.found and got.text.startswith("凌晨两点 —— ")


def test_a_city_the_question_adds_to_the_district_an_article_names_is_no_missing_name():
    text = "长白社区卫生服务中心是杨浦首家将CT设备用于普通门诊的社区卫生服务中心，使用的是方舱CT。"
    ask = _asker(text, "杨浦社区医院用上CT", "2023-07-26")

    assert ask("上海杨浦长白社区卫生服务中心用于普通门诊的是什么CT？")  # 杨浦 is in Shanghai
    assert not ask("北京杨浦长白社区卫生服务中心用于普通门诊的是什么CT？")


def test_a_number_that_names_something_must_be_the_articles():
    text = "方程豹“豹5”搭载刀片电池，纯电续航里程125公里。微软WDE 2307版本将于2023年10月10日过期。"
    ask = _asker(text, "方程豹豹5发布", "2023-08-17")

    assert ask("方程豹“豹5”的纯电续航里程是多少公里？") and ask("微软WDE2307版本将于何时过期？")
    assert not ask("方程豹“豹7”的纯电续航里程是多少公里？")  # 7 is in 2307, not glued to 豹
    assert not ask("微软WDE 2309版本将于何时过期？")
    # any other number of two digits or more the question gives is the article's too
    assert ask("纯电续航125公里的方程豹“豹5”搭载什么电池？")
    assert not ask("纯电续航超过100公里的方程豹“豹5”搭载什么电池？")
    # not a day it dates, a year, a time of day, an ordinal, nor a single digit, which an article may
    # spell or sum (致3人受伤: 2名男子和1名女子受伤)
    assert ask("10月10日过期的是微软WDE哪个版本？")
    assert _given_numbers("2023年7月23日凌晨2点30分第16个致3人受伤的枪击案") == ()
    assert _given_numbers("Ryzen 5 7640S的60万吨/年项目") == ("7640", "60")
    assert _given_numbers("8月1日，机动46号车巡逻至公园门口") == ("46",)  # no day: the car's number


def test_a_name_the_question_gives_in_brackets_may_be_the_one_the_article_uses():
    text = "为泰党提名地产商人社他为总理候选人。社他出生于1963年2月15日。"
    ask = _asker(text, "社他获提名", "2023-08-05")

    assert ask("为泰党提名的总理候选人、地产商人社他（赛塔）出生于哪一天？")
    assert ask("为泰党提名的总理候选人、地产商人赛塔（社他）出生于哪一天？")
    assert not ask("为泰党提名的总理候选人、地产商人赛塔出生于哪一天？")


def test_a_name_written_in_latin_letters_must_be_the_articles():
    text = "Similarweb的数据显示，Threads应用的日活跃用户数下降到8月7日的57.6万。Threads的GDP占比为零。"
    ask = _asker(text, "Threads用户数下降", "2023-08-10")

    assert ask("据Similarweb数据，Threads应用的日活跃用户数到8月7日下降到了多少？")
    assert not ask("据Similarweb数据，Bluesky应用的日活跃用户数到8月7日下降到了多少？")
    # an acronym in capitals may be written in Chinese (GDP: 地区生产总值): it is not required
    assert ask("据SIMILARWEB数据，Threads应用的日活跃用户数到8月7日下降到了多少？")
    # a name the article writes with punctuation inside ((WTA）250) is as the question writes it
    tennis = "张帅在女子网球协会（WTA）250布达佩斯站首轮面对持外卡参赛的本土选手托特。"
    ask = _asker(tennis, "张帅退赛", "2023-07-20")
    assert ask("张帅在WTA250布达佩斯站首轮面对的持外卡参赛的本土选手叫什么名字？")
    assert not ask("张帅在WTA500布达佩斯站首轮面对的持外卡参赛的本土选手叫什么名字？")


def test_what_the_question_quotes_must_be_the_articles():
    text = (
        "8日正值全民健身日，国家速滑馆举办“冰丝带”滑起来·冠军公益课，邀请花滑世界冠军佟健授课。"
        "警方提醒：您的ETC卡，异常了？被禁用了？团伙以挖取fil币为名组织传销。"
    )
    ask = _asker(text, "冠军公益课", "2023-08-08")

    assert ask("全民健身日，“冰丝带”举办的冠军公益课邀请了哪位花滑世界冠军授课？")
    assert not ask("全民健身日，“冰立方”举办的冠军公益课邀请了哪位花滑世界冠军授课？")
    assert not ask("全民健身日，《冰立方》举办的冠军公益课邀请了哪位花滑世界冠军授课？")
    # a quoted message in other punctuation, or with a character left out, is still the article's
    assert ask("收到“ETC卡异常、被禁用”的短信时，全民健身日冠军公益课邀请了哪位花滑世界冠军授课？")
    assert ask("借“挖fil币”组织传销时，全民健身日冠军公益课邀请了哪位花滑世界冠军授课？")
    # a name jieba finds inside the quote (童迎/nr) is the quote's: the article writes ‘童’迎亚运
    fair = "龙山镇妇联举办“爱在‘义’起，‘童’迎亚运”家庭爱心集市。龙山镇妇联主席茹春旭表示，活动很成功。"
    ask_fair = _asker(fair, "爱心集市", "2023-08-08")
    assert ask_fair("龙山镇妇联举办“童迎亚运”家庭爱心集市，龙山镇妇联主席是谁？")
    assert not ask_fair("龙山镇妇联举办“童心亚运”家庭爱心集市，龙山镇妇联主席是谁？")


def test_an_article_putting_another_name_in_the_questions_place_does_not_answer_it():
    text = (
        "8月1日，在“八八战略”实施20周年新闻发布会上获悉，在成都大运会田径项目女子铅球决赛中，"
        "上海大学的宋佳媛以18米56的成绩夺得冠军。"
    )
    ask = _asker(text, "宋佳媛夺冠", "2023-08-02")

    assert ask("在成都大运会田径项目女子铅球决赛中，上海大学的宋佳媛以多少成绩夺得冠军？")
    assert not ask("在成都大运会田径项目女子铁饼决赛中，上海大学的宋佳媛以多少成绩夺得冠军？")
    # a name the article has elsewhere is no other name: 铅球 is in the article
    assert ask("在成都大运会女子铅球决赛中，上海大学的宋佳媛以多少成绩夺得冠军？")
    # the anniversary a number names is the article's too
    assert not ask("“八八战略”实施15周年时，上海大学的宋佳媛在女子铅球决赛中以多少成绩夺得冠军？")
    # a name jieba cuts in two (市场/n 监管局/n) is one name: 烟草专卖局 is in its place
    clues = "今年3月，静宁县烟草专卖局在执法检查中获取某百货店无证兜售电子烟的线索，警方抓获11名嫌疑人。"
    ask_clues = _asker(clues, "静宁警方破获电子烟案", "2023-08-01")
    assert ask_clues("静宁县烟草专卖局在执法检查中获取电子烟线索后，警方抓获多少名嫌疑人？")
    assert not ask_clues("静宁县市场监管局在执法检查中获取电子烟线索后，警方抓获多少名嫌疑人？")
    # a question word is no anchor: 任命谁为房产事业群 puts 房产 after 为
    staff = "58集团发布汽车事业群人员任命通告称，任命集团副总裁李子健为汽车事业群负责人。"
    ask_staff = _asker(staff, "58集团人事任命", "2023-07-21")
    assert ask_staff("58集团任命谁为汽车事业群负责人？")
    assert not ask_staff("58集团任命谁为房产事业群负责人？")
    # a run starts with a word, not with the measure before it (39名/n 规范性文件/n)
    experts = "法工委聘请39名备案审查咨询专家，其中江苏法德东恒律师事务所高级合伙人蓝天彬律师获聘。"
    ask_experts = _asker(experts, "法工委聘请咨询专家", "2023-08-01")
    assert ask_experts("法工委聘请39名规范性文件备案审查咨询专家，其中获聘的律师事务所高级合伙人是哪位律师？")


def test_an_article_putting_another_place_before_the_questions_thing_does_not_answer_it():
    text = (
        "今年1月至6月，广西民航固定资产累计完成投资14.6亿元。其中，南宁机场改扩建工程(二跑道)累计完成5.3亿元。"
        "暑期以来，桂林的游客接待量同比增长三成。"
    )
    ask = _asker(text, "广西民航投资", "2023-08-01")

    assert ask("今年上半年，南宁机场改扩建工程累计完成了多少投资？")
    assert not ask("今年上半年，桂林机场改扩建工程累计完成了多少投资？")  # 桂林 is the article's, elsewhere
    # a place a few characters before the thing places it too (东湖清江“江湖游”皮划艇赛)
    race = "8月12日，东湖清江“江湖游·游江湖”皮划艇、桨板赛在建始县景阳镇开赛。"
    ask_race = _asker(race, "建始县皮划艇赛开赛", "2023-08-12")
    assert ask_race("东湖清江皮划艇、桨板赛是在建始县哪个镇开赛的？")


def test_what_the_article_says_in_several_words_is_no_other_name_and_a_naming_is_quoted():
    text = "因为上翘的人行道与主梁之间的距离缓缓变化，仿佛一只微微睁开的眼睛，昌平路桥又被称为“苏河之眼”。"
    ask = _asker(text, "昌平路桥完成景观升级", "2023-08-10")

    question = "昌平路桥因上翘的人行道与主梁间距缓缓变化，又被称为什么？"
    assert ask(question)  # 之间的距离 is 间距 in other words: a name holds no 的
    assert facts(text, analyse(question)) == ["“苏河之眼”"]
    # nor is the question's name cut short (6条线路 for 6条公交线路)
    lines = (
        "8月9日，门头沟区M27路、977路等6条线路恢复运营。截至目前，受降雨影响的线路，已经有43条线路恢复运营。"
    )
    ask_lines = _asker(lines, "门头沟区6条公交线路恢复运营", "2023-08-09")
    assert ask_lines(
        "8月9日门头沟区M27路、977路等6条公交线路恢复运营，截至当时受降雨影响的线路已有多少条恢复运营？"
    )
    assert not ask_lines(
        "8月9日门头沟区M27路、977路等6条专线恢复运营，截至当时受降雨影响的线路已有多少条恢复运营？"
    )


def test_a_which_question_is_answered_by_the_name_ending_as_it_asks():
    bathing = analyse("广西北海多名游客在哪个浴场下海时被不明生物咬伤？")
    assert facts("7月25日，多名游客在北海侨港浴场下海时被咬伤。", bathing) == ["北海侨港浴场"]
    station = analyse("青岛机场的城市航站楼设在哪个车站？")  # 车站: a name ends with 站
    assert facts("该航站楼设在潍坊北站内。", station) == ["潍坊北站"]
    reservoir = analyse("事发的是哪座水库？")
    assert facts("她们到溪口水库游泳后溺亡。", reservoir) == ["溪口水库"]
    # a kind of team is no team's name
    assert facts("在俱乐部球队排行榜上，巴萨排第一。", analyse("英格兰女足逆转了哪支球队？")) == []
    # so is a what-question's noun: 什么卡 is answered by a card's name; 叫什么名字 by no 名字
    card = analyse("老年综合津贴是通过什么卡发放的？")
    assert facts("记者了解到，老年综合津贴通过上海市敬老卡发放。", card) == ["上海市敬老卡"]
    assert facts("她学写自己中文名字的毛笔字。", analyse("这位洪都拉斯游泳选手叫什么名字？")) == []
    # what something is called (叫什么) is answered by the name the sentence quotes
    brand = analyse("乖宝宠物于2013年创建的自有品牌叫什么？")
    assert facts("2013年乖宝宠物创建自有品牌“麦富迪”。", brand) == ["“麦富迪”"]
    # the quote beside the thing the question names, not any other (“YOUNG情夏夜” is an event)
    sport = analyse("创智天地推出的全新运动IP叫什么？")
    assert (
        facts("2023年全民健身日暨“YOUNG情夏夜”体育消费主题活动来袭，同时，创智天地推出全新运动IP。", sport)
        == []
    )


def test_a_where_question_is_answered_by_what_stands_in_its_place():
    cars = analyse("首批7款智能网联汽车在重庆高新区的什么地方进行试跑？")
    sentence = "首批 7 款智能网联汽车在重庆高新区的西部（重庆）科学城进行试跑，预计在 8 月底投入运行。"
    assert facts(sentence, cars)[0] == "西部（重庆）科学城"
    # first, before a place the sentence names elsewhere
    arrest = analyse("民警是在辖区哪里查获这辆车的？")
    assert facts("宿松县佐坝派出所民警在辖区王岭街查获一辆面包车。", arrest)[0] == "王岭街"


def test_a_name_the_article_spaces_out_is_the_name():
    text = "能链智电创始人、CEO 王 阳  2022年全年，能链智电帮助用户碳减排184.77万吨。"
    ask = _asker(text, "民营经济31条", "2023-07-25")

    assert ask("能链智电创始人王阳撰文称，能链智电2022年全年碳减排多少？")
    assert not ask("能链智电创始人王林撰文称，能链智电2022年全年碳减排多少？")


def test_a_city_jieba_reads_with_the_first_character_of_its_district_is_the_districts():
    text = "8月13日，市南交警香港西路中队在山东路查处了一辆非法改装轮毂的轿车。"
    ask = _asker(text, "市南交警查处改装车", "2023-08-14")

    assert ask("8月13日，青岛市南交警哪个中队在山东路查处了一辆非法改装轮毂的轿车？")  # 青岛市/南
    assert not ask("8月13日，烟台市南交警哪个中队在山东路查处了一辆非法改装轮毂的轿车？")


def test_two_places_named_by_their_first_characters_are_the_two_places():
    text = "以色列国防部长加兰特在视察黎巴嫩-以色列边境时威胁称，将让黎巴嫩“回到石器时代”。"
    ask = _asker(text, "加兰特的威胁", "2023-08-15")

    assert ask("在视察黎以边境时威胁要让黎巴嫩“回到石器时代”的以色列国防部长是谁？")
    # 黎叙: 叙 begins no place the question names and the article has
    assert not ask("在视察黎叙边境时威胁要让黎巴嫩“回到石器时代”的以色列国防部长是谁？")


def test_a_posts_holder_is_named_by_a_sentence_naming_the_post_not_by_the_byline():
    text = (
        "金融投资报记者 吉雪娇 8月16日，《白皮书》在川观金融智库建设启动仪式上正式对外发布。"
        "四川省金融科技学会会长兼首席经济学家、博导张晓玫在接受记者采访时表示，数据很重要。"
        "中国农业银行信用管理部总经理 王霄汉：我们主动发现问题。"
    )
    question = "《白皮书》在川观金融智库建设启动仪式上发布，参与编制的四川省金融科技学会会长是谁？"
    document = _document("a", text, "白皮书发布", date="2023-08-16")
    answered = answer(analyse(question), [document], {"a": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert answered.text.startswith("张晓玫 ")  # not the reporter, nor 张晓玫在 (jieba glues 在 on)
    # the name right after the post leads, a space or colon around it
    assert facts(text.split("。")[2], analyse("农行信用管理部总经理是谁？"))[0] == "王霄汉"
    # a role asked by 哪位 (哪位“三支一扶”人员) is held by the name right after it: 人员许航宇说, not
    # the byline's names before 人员中新网
    text = (
        "二团欢送服务期满“三支一扶”人员中新网新疆新闻8月10日电（陈建生 阿依古丽·阿不力肯）8月10日，二团召开"
        "服务期满“三支一扶”人员离岗欢送会。服务于二团城镇管理服务中心的“三支一扶”人员许航宇说：“我收获很多。”"
    )
    question = "二团召开“三支一扶”人员离岗欢送会，服务于二团城镇管理服务中心的哪位“三支一扶”人员分享了感受？"
    document = _document("b", text, "二团欢送“三支一扶”人员", date="2023-08-10")
    answered = answer(analyse(question), [document], {"b": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert answered.text.startswith("许航宇 —— ")
    # a person asked for by a post is no place or body the sentence names when it names no person
    secretary = analyse("向团队着重介绍黄家特色养殖业的黄家镇党委书记是谁？")
    assert facts("实践队依托农业院校属性，从肉牛羊养殖着手调研。", secretary) == []
    assert facts("实践队依托农业院校属性，从肉牛羊养殖着手调研。", analyse("谁从肉牛羊养殖着手调研？")) != []


def test_a_name_credited_as_the_reporters_is_no_answer_unless_the_reporter_is_asked_for():
    sentence = "北京商报讯（记者 李海媛）8月1日，光大证券营业部存在原负责人黄林、员工李国新等人违规。"
    assert facts(sentence, analyse("谁违规了？")) == ["黄林", "李国新"]
    assert facts(sentence, analyse("报道这件事的记者是谁？"))[0] == "李海媛"
    edited = "财联社7月26日讯（编辑 周子意）2023年全球经济增速最快的主要经济体将是哪个国家？"
    assert "周子意" not in facts(edited, analyse("Which IMF economist spoke about global growth?"))
    # jieba cuts 张林开 into 张林/nr 开/v: in a list, the character before the 、 is the name's
    listed = "营业部存在原负责人张林开、员工李国新等人违规。"
    assert facts(listed, analyse("谁违规了？")) == ["张林开", "李国新"]
    assert facts("张林说，他很高兴。", analyse("谁很高兴？")) == ["张林"]


def test_the_day_of_a_report_is_not_the_day_of_what_it_reports():
    question = analyse("检察院是哪天决定对张某某不予批捕的？")
    assert facts("新华社长沙7月25日电 检察院于2022年12月3日对张某某不予批捕。", question) == ["2022年12月3日"]
    assert facts("据网络平台7月25日消息，检察院对张某某不予批捕。", question) == []
    assert facts("本报讯 8月1日，检察院对张某某不予批捕。", question) == ["8月1日"]
    # IT之家 spaces its dates: 8 月 12 日 is a dateline, 2022 年 7 月 3 日 a date, neither an amount
    assert facts("IT之家 8 月 12 日消息，检察院于 2022 年 7 月 3 日决定不予批捕", question) == [
        "2022年7月3日"
    ]
    amount = analyse("三星的市占率升至多少？")
    assert facts("IT之家 8 月 12 日消息，2022 年三星的市占率升至 42.7%。", amount) == ["42.7%"]
    # unless the question asks for the day of the message
    message = analyse("国家金融监督管理总局是在哪天发布消息，就管理办法公开征求意见的？")
    assert facts("据国家金融监督管理总局8月4日消息，管理办法公开征求意见。", message) == ["8月4日"]


def test_two_part_questions_name_their_compared_items():
    assert compared_items("2022年上半年，西藏和新疆经济增长了多少") == ("西藏", "新疆")
    assert sub_questions("网易和腾讯2022年全年营收分别是多少？") == [
        "网易2022年全年营收分别是多少？",
        "腾讯2022年全年营收分别是多少？",
    ]
    assert compared_items("电视剧《不期而至》的主演是谁？") is None
    # jieba cuts 吴易昺 into 吴易 + 昺; the rare character stays with the name
    assert compared_items("2023年马德里大师赛张之臻和吴易昺成绩？") == ("张之臻", "吴易昺")


def test_with_respectively_yu_and_the_list_comma_join_compared_things_too():
    parts = ["北京2022年的GDP分别是多少？", "上海2022年的GDP分别是多少？"]
    assert sub_questions("北京与上海2022年的GDP分别是多少？") == parts
    assert sub_questions("北京、上海2022年的GDP分别是多少？") == parts
    assert sub_questions("中国与东盟的贸易额是多少？") == []  # one amount between the two
    assert sub_questions("宝马以及奔驰的销量") == ["宝马的销量", "奔驰的销量"]


def test_compared_phrases_are_split_whole():
    assert sub_questions("第七届香港立法会议员宣誓仪式及首次会议的时间") == [
        "第七届香港立法会议员宣誓仪式的时间",
        "第七届香港立法会议员首次会议的时间",
    ]  # up to the 的, as many words a side (was 宣誓仪式会议, 宣誓首次会议)
    assert compared_items("露背运动衣和瑜伽垫的销量同比增长了多少？") == ("露背运动衣", "瑜伽垫")
    # the second item repeats the first's last word: 澳网男单 / 温单男单 (was 澳网男单男单)
    assert compared_items("2023年澳网男单和温单男单冠军是谁？") == ("澳网男单", "温单男单")
    assert compared_items("2021年宝马和奔驰的全球销量分别是多少？") == ("宝马", "奔驰")  # one word
    assert compared_items("上海和北京2021年的GDP分别是多少？") == ("上海", "北京")  # a year is no item


def test_two_things_asked_of_one_are_each_the_whole_phrase_after_its_de():
    assert sub_questions("艾尔登法环的发售日期和标准版国区价格是什么？") == [
        "艾尔登法环的发售日期是什么？",
        "艾尔登法环的标准版国区价格是什么？",
    ]  # was 发售日期国区价格 / 标准版国区价格: one word a side
    assert compared_items("这款手机的上市时间和起售价格是多少？") == ("上市时间", "起售价格")
    # a phrase that goes on past the second item is no question's end: one word a side
    assert compared_items("这款手机的标准版和豪华版价格相差多少？") == ("标准版", "豪华版")


def test_two_actions_or_a_relation_between_two_are_one_question():
    assert sub_questions("双方合作的车型是如何开发和打造的？") == []
    assert sub_questions("俄罗斯和非洲之间建立了什么机制？") == []
    assert sub_questions("2023年五一旅游人次和收入是多少？") == [
        "2023年五一旅游人次是多少？",
        "2023年五一旅游收入是多少？",
    ]


def _document(article_id: str, text: str, title: str, score: float = 1.0, date: str = "") -> Document:
    return Document(
        page_content=text,
        metadata={"article_id": article_id, "title": title, "author": "", "date": date,
                  "source": "a.txt", "score": score, "dense_similarity": 0.9, "spans": [(0, len(text))]},
    )  # fmt: skip


def test_each_part_of_a_two_part_question_leads_with_its_fact():
    texts = {
        "xz": "西藏上半年经济运行新闻发布会召开，西藏经济增长情况受到西藏各界关注。西藏GDP同比提高4.8%。",
        "xj": "新疆上半年经济运行新闻发布会召开，新疆经济增长情况受到新疆各界关注。新疆GDP同比提高5.1%。",
    }
    documents = [
        _document("xz", texts["xz"], "西藏经济", date="2022-07-20"),
        _document("xj", texts["xj"], "新疆经济", 0.9, date="2022-07-21"),
    ]
    question = analyse("2022年上半年，西藏和新疆经济增长了多少")
    got = answer(question, documents, texts, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert "4.8%" in got.text and "5.1%" in got.text
    assert {c.article_id for c in got.citations} == {"xz", "xj"}
    # each part has room for its runner-up too: the two sentences of each article, four in all
    assert len(got.citations) == 4


def test_a_quote_is_a_whole_sentence_even_when_the_chunk_starts_inside_it():
    text = (
        "本报讯。由武汉地铁集团、中铁开投集团参与投资建设的武汉轨道交通12号线区间右线2日顺利贯通。"
        "该区间全长874米。"
    )
    chunk_start = text.index("中铁开投集团")  # a chunk cut inside the long sentence
    document = Document(
        page_content=text[chunk_start:],
        metadata={"article_id": "a1", "title": "地铁12号线区间贯通", "author": "", "date": "",
                  "source": "a.txt", "score": 1.0, "dense_similarity": 0.9,
                  "spans": [(chunk_start, len(text))]},
    )  # fmt: skip
    question = analyse("武汉轨道交通12号线区间右线由哪两个集团投资建设？")
    got = answer(question, [document], {"a1": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert got.found
    assert got.citations[0].quote.startswith("由武汉地铁集团、中铁开投集团")
    assert "武汉地铁集团" in got.text


def test_where_questions_take_the_venue_of_an_event():
    question = analyse("2023世界机器人大会将在哪里举办？")
    sentence = "2023世界机器人大会将于8月16日至22日在北京经济技术开发区亦创国际会展中心举办。"
    assert facts(sentence, question)[0] == "北京经济技术开发区亦创国际会展中心"
    assert facts("本届大会的突出亮点包括五大板块。", question) == []


def test_a_place_or_date_question_is_refused_when_the_quote_names_none():
    def ask(question: str, text: str) -> str | None:
        found = answer(analyse(question), [_document("a", text, "")], {"a": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
        return found.text if found.found else None

    countdown = "明天将是杭州亚运会开幕倒计时100天，各项筹办工作已全面进入冲刺阶段。"
    assert ask("杭州亚运会开幕式在哪里举行？", countdown) is None  # only the question's own 杭州
    venue = "杭州亚运会开幕式将在杭州奥体中心体育场举行。"
    assert (ask("杭州亚运会开幕式在哪里举行？", venue) or "").startswith("杭州奥体中心体育场 —— ")
    assert ask("杭州亚运会开幕式什么时候举行？", venue) is None  # no date
    assert ask("杭州亚运会开幕式怎样举行？", venue)  # a what-question needs no place or date


def test_questions_about_a_journal_or_film_lead_with_its_title():
    question = analyse("朱满洲教授和陈爽副教授的研究成果发表在了哪本杂志上？")
    sentence = "该校朱满洲教授团队的研究成果发表在最新的《Science》上，获《人民日报》报道。"
    assert facts(sentence, question) == ["《Science》", "《人民日报》"]
    assert facts(sentence, analyse("朱满洲教授的研究成果有什么意义？")) == []
    drama = analyse("Which 2021 web drama co-starring Jing Tian made actor Zhang Binbin famous?")
    assert facts("2021年，凭借和景甜主演的网剧《司藤》名声大噪。", drama) == ["《司藤》"]


def test_an_english_question_for_a_name_is_led_by_what_is_quoted():
    parcel = analyse("What product name was declared on the parcel in which customs found crystal meth?")
    sentence = "现场关员在对1票来自美国申报品名为“星巴克咖啡”的快件包裹进行查验时，发现其机检图像异常。"
    assert facts(sentence, parcel) == ["“星巴克咖啡”"]
    assert facts(sentence, analyse("What did customs find in the parcel?")) == []
    # a quote the question has is no answer, and 精神药品 asks for no motto
    drug = analyse("申报品名为“文件”的邮件中的蓝色药丸，经鉴定是哪种国家管制一类精神药品？")
    assert facts("申报品名为“文件”的进境邮件竟夹藏着“蓝色药丸”。", drug) == []
    school = analyse("中法武汉生态示范城第二小学的办学精神是什么？")
    assert facts("学校秉持“尚美求真”的办学精神。", school) == ["“尚美求真”"]
    platform = analyse("On which recycling platform must buyers submit an old-phone recycling order?")
    assert facts("用户前往“爱回收”平台提交手机回收订单。", platform) == ["“爱回收”"]


def test_who_questions_lead_with_whole_names():
    question = analyse("2022年澳网男单和女单冠军分别是谁？")
    sentence = "西班牙选手拉斐尔·纳达尔和澳大利亚选手阿什莉·巴蒂是本次赛事的单打卫冕冠军。"
    assert facts(sentence, question)[:2] == ["拉斐尔·纳达尔", "阿什莉·巴蒂"]
    adviser = "报道称，波兰总统外交政策顾问马尔钦·普日达奇7月31日在电视上为禁令进行了辩护。"
    assert facts(adviser, analyse("谁为禁令辩护？")) == ["马尔钦·普日达奇"]  # 普日/nz; not 顾问/nr
    envoy = "纪念大集会10日在东京举行，中国驻日大使吴江浩出席并致辞。"
    assert facts(envoy, analyse("谁出席了纪念集会？")) == ["吴江浩"]  # not jieba's 吴江


def test_a_year_in_the_question_must_be_the_articles_year_or_in_its_text():
    question = analyse("2024年巴黎奥运会男子100米短跑冠军是谁？")
    assert "2024" in question.entities
    text = "巴黎奥运会男子100米短跑决赛，冠军诺亚·莱尔斯以9秒79夺冠。"
    of_2023 = _document("a", text, "巴黎奥运会百米飞人大战", date="2023-08-05")
    of_2024 = _document("b", text, "巴黎奥运会百米飞人大战", date="2024-08-05")
    got = answer(question, [of_2023], {"a": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert not got.found
    got = answer(question, [of_2024], {"b": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert got.found and "诺亚·莱尔斯" in got.text
    # an undated page without any year (a results table) cannot be told to be of another year …
    got = answer(question, [_document("c", text, "巴黎奥运会百米飞人大战")], {"c": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert got.found
    # … one that names another year can
    older = "2020年的纪录已被打破。" + text
    got = answer(question, [_document("d", older, "巴黎奥运会百米飞人大战")], {"d": older}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert not got.found
    # … unless it tells its news by a day of no year, and names no later year than the one asked
    # about (2020年 is of the past; an article naming 2025年 is not of 2024)
    told = "8月5日，" + older
    got = answer(question, [_document("f", told, "巴黎奥运会百米飞人大战")], {"f": told}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert got.found
    later = told + "2025年还将举办邀请赛。"
    got = answer(question, [_document("g", later, "巴黎奥运会百米飞人大战")], {"g": later}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert not got.found
    # 去年 of an article of 2025 is 2024
    last_year = "去年" + text
    of_2025 = _document("h", last_year, "巴黎奥运会百米飞人大战", date="2025-08-05")
    got = answer(question, [of_2025], {"h": last_year}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert got.found
    of_2026 = _document("i", last_year, "巴黎奥运会百米飞人大战", date="2026-08-05")
    got = answer(question, [of_2026], {"i": last_year}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert not got.found
    # … and one that names the year asked about is taken to be of it, undated or dated without a year
    named = "2024年巴黎奥运会开幕。" + text
    for date in ("", "08-05"):
        document = _document("e", named, "巴黎奥运会百米飞人大战", date=date)
        got = answer(question, [document], {"e": named}, None, 0.6, 0.82)  # type: ignore[arg-type]
        assert got.found and "诺亚·莱尔斯" in got.text


def test_everyday_words_jieba_tags_as_names_are_not_who_answers():
    sentence = "在2022青少年网球巡回赛广州站，少年名叫王发，他夺得U14组男单冠军。"
    assert facts(sentence, analyse("U14组男单冠军是谁？")) == ["王发"]  # not 青少年/nr
    # nor a word CC-CEDICT knows as an everyday word (孙女/nr, granddaughter), or two of them
    # (梅雨季节/nr), nor a place (金锁村/nr)
    relative = "不少人都误以为这是范志毅的孙女，闹了个笑话。他的现任妻子张梦瑾是一个芭蕾舞演员。"
    assert facts(relative, analyse("范志毅的现任妻子是谁？")) == ["张梦瑾"]
    village = "前段时间处于梅雨季节，金锁村书记陈雷召集部分党员形成巡查小组。"
    assert facts(village, analyse("谁召集党员形成巡查小组？")) == ["陈雷"]


def test_english_names_are_the_words_that_could_be_pinyin():
    question = "Who spoke at the 17th congress of the Haidian District Federation of Trade Unions?"
    assert english_names(question) == ["haidian"]
    assert english_names("Did Zhang Liang speak?") == ["zhang", "liang", "zhangliang"]


def test_an_english_question_about_another_year_is_refused():
    text = "海淀区工会第十七次代表大会召开，北京市总工会党组书记张良出席大会并讲话。"
    document = _document("h", text, "海淀区工会第十七次代表大会召开", date="2023-06-20")
    of_2023 = analyse("Who spoke at the Haidian congress in 2023?")
    assert supporting_documents(of_2023, [document], {"h": text}, 0.6, 0.82) == [document]
    of_2021 = analyse("Who spoke at the Haidian congress in 2021?")
    assert supporting_documents(of_2021, [document], {"h": text}, 0.6, 0.82) == []
    assert not answer(of_2021, [document], {"h": text}, None, 0.6, 0.82).found  # type: ignore[arg-type]


def test_an_english_questions_county_or_district_is_the_articles():
    text = "山西代县京城铁矿矿工死亡瞒报事件已有十余名公职人员被调查，其中包括代县应急管理局局长。"
    document = _document("d", text, "山西代县矿工死亡瞒报事件", date="2023-07-28")
    asked = analyse("How many officials were investigated over the Jingcheng mine in Daixian county, Shanxi?")
    assert supporting_documents(asked, [document], {"d": text}, 0.6, 0.82) == [document]
    # half the names (Jingcheng) would do, but not without the county the question names
    other = analyse("How many officials were investigated over the Jingcheng mine in Fanshi county, Shanxi?")
    assert supporting_documents(other, [document], {"d": text}, 0.6, 0.82) == []


def test_an_english_questions_figure_is_the_articles_unless_given_in_millions():
    text = "三星推出34英寸曲面显示器，刷新率为100Hz，内置KVM切换器。公司向267.14万名股东发放了红利。"
    document = _document("s", text, "三星推出34英寸曲面显示器", date="2023-08-08")
    asked = "What refresh rate does Samsung's new {}-inch curved monitor with a built-in KVM switch support?"
    assert supporting_documents(analyse(asked.format(34)), [document], {"s": text}, 0.6, 0.82) == [document]
    assert supporting_documents(analyse(asked.format(27)), [document], {"s": text}, 0.6, 0.82) == []
    # 2.6714 million is 267.14万: its figures are not looked for
    shareholders = analyse(
        "Did Samsung's new curved monitor with a KVM switch pay 2.6714 million shareholders?"
    )
    assert supporting_documents(shareholders, [document], {"s": text}, 0.6, 0.82) == [document]


def test_in_which_respects_asks_what_not_where():
    assert question_kind("广州的提升主要体现在哪些方面？") == "what"
    assert question_kind("问题出在哪个环节？") == "what"
    assert question_kind("2023世界机器人大会在哪举行？") == "where"
    assert question_kind("大会在哪里举办？") == "where"


def test_a_day_counted_from_the_articles_date_is_led_with_its_month():
    assert absolute_date("3日", "2023-08-04") == "8月3日"
    assert absolute_date("本月16日", "2023-08-04") == "8月16日"
    assert absolute_date("30日", "2023-08-02") == "7月30日"  # a past day of the month before
    assert absolute_date("30日", "2023-01-02") == "12月30日"
    assert absolute_date("8月3日", "2023-08-04") == "8月3日"
    assert absolute_date("3日", "") == "3日"  # an undated article keeps the day as written
    question = analyse("泰国宪法法院推迟裁决的日期是什么时候？")
    text = "据泰国《民族报》3日报道，泰国宪法法院宣布将推迟裁决。"
    got = answer(question, [_document("a", text, "泰国宪法法院推迟裁决", date="2023-08-04")], {"a": text},
                 None, 0.6, 0.82)  # type: ignore[arg-type]  # fmt: skip
    assert got.text.startswith("8月3日 —— ") and got.citations[0].quote == text


def test_today_and_this_year_are_the_articles_own_and_a_year_question_gets_a_year():
    assert absolute_date("今天", "2023-08-16") == "8月16日"
    assert absolute_date("昨天", "2023-01-01") == "12月31日"
    assert absolute_date("去年", "2023-01-01") == "2022年"
    assert absolute_date("今年", "2023-08-16", year_asked=True) == "2023年"
    assert absolute_date("8月3日", "2023-08-04", year_asked=True) == "2023年8月3日"
    assert absolute_date("30日", "2023-01-02", year_asked=True) == "2022年12月30日"
    assert absolute_date("2022年1月3日", "2023-08-04", year_asked=True) == "2022年1月3日"
    assert absolute_date("今天", "2023-02-30") == "今天"  # no such day: kept as written


def test_a_date_of_no_year_gives_month_and_day_but_no_year():
    assert absolute_date("3日", "08-04") == "8月3日"
    assert absolute_date("30日", "03-02") == "2月30日"
    assert absolute_date("今天", "08-16", year_asked=True) == "8月16日"
    assert absolute_date("昨天", "08-01") == "7月31日"
    assert absolute_date("昨天", "03-01") == "昨天"  # 2月28日 or 29日
    assert absolute_date("今年", "08-16", year_asked=True) == "今年"
    assert absolute_date("8月3日", "08-04", year_asked=True) == "8月3日"
    question = analyse("中国首个全国生态日是在哪一年设立的？")
    text = "有记者提问，今天是中国首个全国生态日，设立全国生态日有何意义?"
    assert facts(text, question) == ["今天"]
    got = answer(question, [_document("a", text, "首个全国生态日", date="2023-08-15")], {"a": text},
                 None, 0.6, 0.82)  # type: ignore[arg-type]  # fmt: skip
    assert got.text.startswith("2023年8月15日 —— ")


def test_a_question_without_a_question_word_asks_for_the_noun_it_ends_with():
    assert question_kind("第七届香港立法会议员宣誓仪式及首次会议的时间") == "when"
    assert question_kind("2022年四川和重庆的GDP增长率") == "how_many"
    assert question_kind("2021年和2022年全国棉花产量") == "how_many"
    assert question_kind("电视剧《不期而至》的主演") == "who"
    assert question_kind("2022年和2023年春节档首日票房冠军") == "what"  # a film, a team or a person
    assert question_kind("时间都去哪儿了？") == "where"  # a question word decides first


def test_a_terse_two_part_question_leads_with_each_parts_number():
    question = analyse("2022年四川和重庆的GDP增长率")
    texts = {
        "a": "2022年四川省地区生产总值同比增长2.9%，经济运行稳中向好。",
        "b": "2022年重庆市实现地区生产总值29129.03亿元，比上年增长2.6%。",
    }
    documents = [_document("a", texts["a"], "四川GDP"), _document("b", texts["b"], "重庆GDP")]
    got = answer(question, documents, texts, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert got.text.startswith("2.9%、2.6% —— ")
    assert [c.quote for c in got.citations] == [texts["a"], texts["b"]]


def test_each_part_of_a_two_part_question_asks_for_its_own_kind_of_fact():
    question = analyse("艾尔登法环的发售日期和价格是什么？")
    texts = {"a": "艾尔登法环于2022年2月25日正式发售。", "b": "艾尔登法环标准版的国区价格为298元。"}
    documents = [_document("a", texts["a"], "艾尔登法环发售"), _document("b", texts["b"], "艾尔登法环价格")]
    got = answer(question, documents, texts, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert got.text.startswith("2022年2月25日、298元 —— ")


def test_a_foreign_name_jieba_cuts_apart_is_whole_in_the_lead():
    question = analyse("谁赢得了冠军？")
    assert facts("2023年的澳网见证了德约科维奇大满贯冠军总数上升至22个，追平纳达尔。", question) == [
        "德约科维奇", "纳达尔",
    ]  # fmt: skip  # 德约/ns 科维奇/nr, and not 科维奇/nr 大满贯/nr
    assert facts("联合国秘书长古特雷斯表示欢迎。", question) == ["古特雷斯"]  # 古/a 特雷斯/nr
    assert facts("他比特朗普更受欢迎。", question) == ["特朗普"]  # 比/p is "than"
    assert facts("男子莫哈末拉希曾向法官请求轻判。", question) == ["莫哈末拉希"]
    assert facts("州长叶尔夏提·吐尔逊拜出席会议。", question) == ["叶尔夏提·吐尔逊拜"]  # 提/v by the dot
    # a name the question holds is not its answer, even inside a longer one
    asked = analyse("谁在视察了乌西部的伊万诺-弗兰科夫斯克州之后发表讲话？")
    assert facts("泽连斯基当天视察了乌西部伊万诺-弗兰科夫斯克州。", asked) == ["泽连斯基"]


def test_a_dictionary_word_jieba_tags_as_a_name_is_no_one_unless_it_starts_with_a_surname():
    question = analyse("谁发布了公告？")
    sentence = "国家发展改革委价格司司长鲁元珍表示，将严厉打击扰乱市场秩序的行为。"
    assert facts(sentence, question) == ["鲁元珍"]  # not 市场秩序/nr (市 is no surname)
    assert facts("大满贯得主马斯克发言。", question) == ["马斯克"]  # 大满贯/nr; 马 is a surname
    assert facts("纳达尔获得冠军。", question) == ["纳达尔"]  # a foreign name in its sounds
    # 理查德/n is a piece of a name (CC-CEDICT: "Richard"); 高达/nr is an action ("to reach up to")
    sentence = "惠誉主权评级高级主管理查德·佛朗西斯2日作出回应称，美国债务的比重高达113%。"
    assert facts(sentence, analyse("惠誉哪位主管作出了回应？")) == ["理查德·佛朗西斯"]


def test_a_year_the_question_names_must_be_in_the_cited_quote_title_or_date():
    question = analyse("2027年女足世界杯决赛有多少名观众到场？")
    text = "2027年女足世界杯将在巴西举行。本届女足世界杯决赛共有75784名观众到场观赛。"
    document = _document("a", text, "女足世界杯决赛落幕", date="2023-08-20")
    got = answer(question, [document], {"a": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert not got.found and not got.citations  # the final of 2023, not of 2027
    dated = _document("a", text, "女足世界杯决赛落幕", date="2027-08-20")
    got = answer(question, [dated], {"a": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert got.found and got.text.startswith("75784名 —— ")
    # a date that gives no year: the article is taken to be of a year its text names
    question = analyse("2023年上半年光伏产品出口总额达到多少？")
    text = "2023年上半年，中国光伏产业总体保持平稳。光伏产品出口总额达到289.2亿美元，同比增长11.6%。"
    for date, found in (("08-03", True), ("2024-08-03", False)):
        document = _document("b", text, "光伏产业平稳向好", date=date)
        got = answer(question, [document], {"b": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
        assert got.found is found and (not found or got.text.startswith("289.2亿美元 —— "))
    # a who-question's year tells whom it means: a quote after the leading one may state it
    who = analyse("2021年2月由安徽跨省份调任新疆工信厅副厅长、今年出任伊犁州党委常委、常务副州长的官员是谁？")
    text = (
        "今年出任伊犁州党委常委、常务副州长的朱大纲，由安徽跨省份调任新疆工信厅副厅长。"
        "朱大纲到新疆是在2021年2月。"
    )
    document = _document("c", text, "伊犁州召开会议", date="2023-08-10")
    got = answer(who, [document], {"c": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert got.found and "2021年2月" not in got.citations[0].quote
    assert any("2021年2月" in c.quote for c in got.citations)
    other = analyse(who.text.replace("2021年", "2020年"))
    assert not answer(other, [document], {"c": text}, None, 0.6, 0.82).found  # type: ignore[arg-type]
    # a year that only tells the story (恢复至2019年水平) need not be the quote's; one that opens a
    # clause (截至2019年…) must be
    text = "华住集团酒店RevPAR恢复至2019年水平的121%。第二季度华住集团新开业酒店达374家。"
    document = _document("d", text, "华住集团发布业绩公告", date="2023-07-20")
    for question, found in (
        ("华住集团酒店RevPAR恢复至2019年水平的121%，第二季度华住集团新开业酒店多少家？", True),
        ("截至2019年，华住集团第二季度新开业酒店多少家？", False),
    ):
        got = answer(analyse(question), [document], {"d": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
        assert got.found is found and (not found or got.text.startswith("374家 —— "))
    # the quote that leads may not date itself by another year only (2021年，… for 2022年), though
    # the next one says 去年 (the question is read in two parts: …工程和数学…)
    text = (
        "毛宁指出，2021年，美国拒签了至少2000多名学习科学、技术、工程和数学专业的中国留学生签证。"
        "去年1至10月，中国赴美留学生签证数量同比下降了38%。"
    )
    document = _document("e", text, "外交部例行记者会", date="2023-07-10")
    for year, found in (("2021年", True), ("2022年", False)):
        question = analyse(
            f"毛宁表示，{year}美国拒签了至少多少名学习科学、技术、工程和数学专业的中国留学生签证？"
        )
        got = answer(question, [document], {"e": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
        assert got.found is found and (not found or got.text.startswith("2000多名 —— "))
    # so is a month: the day of a visit (7月31日率队调研) does not date what was said there
    text = (
        "省政协副主席张健率队在株洲开展营商环境专题调研时说，省政协将按照“7+4+5+3”履职重点，"
        "通过扎实调研、广泛协商助推营商环境建设。调研组7月31日考察了株洲两家企业。"
    )
    document = _document("e", text, "张健在株洲调研", date="2023-08-01")
    for question, found in (
        ("张健7月31日率队在株洲开展营商环境专题调研，他说省政协将按照怎样的履职重点助推营商环境建设？", True),
        ("7月份，张健说省政协将按照怎样的履职重点助推株洲营商环境建设？", False),
    ):
        got = answer(analyse(question), [document], {"e": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
        assert got.found is found and (not found or "7+4+5+3" in got.citations[0].quote)
    # a clause that opens with a period dates what is asked too (今年1至8月，…进出口多少)
    assert "1至8月" in _dating_clauses(analyse("今年1至8月，北京地区实现进出口多少万亿元？"))
    assert "前7个月" in _dating_clauses(analyse("前7个月，北京地区实现进出口多少万亿元？"))


def test_page_chrome_of_a_scraped_article_is_not_quoted():
    question = analyse("2021年宝马的全球销量是多少？")
    text = (
        "2022-01-28 00:15:21  更多资讯  关注我们 简 讯 宝马集团2021年全球销量为252万辆。"
        "图片来源：宝马  2021年，宝马集团向全球客户交付了252万辆汽车，同比增长8.4%。【责任编辑：侯歆钰】"
    )
    got = answer(question, [_document("a", text, "宝马集团2021年全球销量")], {"a": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
    quotes = [c.quote for c in got.citations]
    assert quotes[0] == "宝马集团2021年全球销量为252万辆。"
    assert "2021年，宝马集团向全球客户交付了252万辆汽车，同比增长8.4%。" in quotes
    assert not any("编辑" in q or "来源" in q or "关注" in q for q in quotes)
    assert all(text[c.quote_start : c.quote_start + len(c.quote)] == c.quote for c in got.citations)
    title = (
        "【原标题】中国商务部首次发布《美国履行世贸规则义务情况报告》  来源 | 央视新闻客户端  编辑 | 李 冉"
    )
    assert [title[s:e] for s, e in _answer_units(title)] == [
        "【原标题】中国商务部首次发布《美国履行世贸规则义务情况报告》"
    ]
    # a credit in brackets is no sentence; inside one, it stays
    credited = (
        "（中国台湾网福建省台联通讯员 周雄铭）接下来，台胞们将参观武平。"
        "本报西双版纳7月24日电 (记者叶传增)记者从磨憨获悉，共验放42602人次。（记者 王强 摄）"
    )
    assert [credited[s:e] for s, e in _answer_units(credited)] == [
        "接下来，台胞们将参观武平。",
        "本报西双版纳7月24日电 (记者叶传增)记者从磨憨获悉，共验放42602人次。",
    ]


def test_a_piece_of_a_foreign_name_is_no_place():
    question = analyse("世界锦标赛在哪举行？")
    # 尼斯/nrt is a city to CC-CEDICT; 梅西克 (西克/ns) is a piece of a name
    said = "IRONMAN集团首席执行官安德鲁·梅西克表示，法国尼斯将承办男子赛事。"
    assert facts(said, question) == ["法国", "尼斯"]


def test_places_jieba_tags_as_names_are_places_and_common_words_it_tags_as_places_are_not():
    flights = analyse("沙特阿拉伯航空公司开通的航班是从哪里到哪里？")
    assert facts("本月初开通吉达至北京的直飞航班。", flights) == ["吉达", "北京"]  # 吉达/nr
    held = analyse("世界锦标赛在哪举行？")
    assert facts("这是一个机会，可以展示每个专业领域的深度。", held) == []  # 深度/ns: depth
    assert question_kind("哪些国家正在推进研发高超音速武器？") == "where"


def test_where_one_met_another_is_a_place():
    question = analyse("王毅7月24日在哪座城市会见了伊朗最高国家安全委员会秘书？")
    sentence = "中央外办主任王毅7月24日在约翰内斯堡会见伊朗最高国家安全委员会秘书艾哈迈迪安。"
    assert facts(sentence, question) == ["约翰内斯堡"]  # jieba tags it a name (nrt)


def test_a_date_question_whose_best_sentence_restates_it_is_led_by_the_next_that_gives_a_date():
    question = analyse("劳伦斯利弗莫尔国家实验室实现第二次核聚变点火是在哪天？")
    text = "劳伦斯利弗莫尔国家实验室实现第二次核聚变点火，再次产生能量盈余。该实验室是在7月30日完成试验的。"
    document = _document("a", text, "劳伦斯利弗莫尔国家实验室实现核聚变点火", date="2023-08-07")
    got = answer(question, [document], {"a": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert got.found and got.text.startswith("7月30日 —— ")
    # a name is not asked for so: runners-up often name others
    who = analyse("谁在劳伦斯利弗莫尔国家实验室实现了第二次核聚变点火？")
    text = "劳伦斯利弗莫尔国家实验室实现第二次核聚变点火，再次产生能量盈余。实验室主任布迪尔在7月30日宣布了结果。"
    document = _document("a", text, "劳伦斯利弗莫尔国家实验室实现核聚变点火", date="2023-08-07")
    got = answer(who, [document], {"a": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert got.found and " —— " not in got.text and "布迪尔" in got.text


def test_a_name_in_latin_letters_is_a_who_or_organisation_answer():
    reporter = analyse("哪位记者称iPhone 15 Pro将重新设计？")
    assert facts("据美国媒体报道，记者Mark Gurman称，iPhone 15 Pro将重新设计。", reporter) == ["Mark Gurman"]
    company = analyse("哪家公司从比利时政府手中收购了50辆坦克？")
    sentence = "据报道，瑞士私营防务企业OIP Land Systems从比利时政府手中收购了50辆坦克。"
    assert facts(sentence, company) == ["OIP Land Systems"]
    # a spelling in brackets of a name just given in Chinese is not another answer
    herzog = "以色列总统艾萨克·赫尔佐格（Isaac Herzog）为促成妥协而努力。"
    assert facts(herzog, analyse("谁试图促成妥协？")) == ["艾萨克·赫尔佐格"]


def test_the_answer_is_the_best_sentence_that_states_the_month_asked_about():
    text = "闵行区调派10辆公交大巴在虹桥枢纽备勤，夜宵线加密班次。7月，虹桥枢纽夜宵线又增派5辆大巴。"
    document = _document("a", text, "虹桥枢纽夜宵线加密", date="2023-08-01")
    question = analyse("7月虹桥枢纽夜宵线调派了多少辆公交大巴备勤？")
    got = answer(question, [document], {"a": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert got.found and got.text.startswith("5辆 —— ")


def test_a_number_question_whose_best_sentence_restates_it_is_answered_by_the_fact_when_both_are_long():
    question = analyse("8月1日在合肥市合柴文创园开展的战地摄影图片展共展出了多少幅摄影作品？")
    restating = (
        "8月1日，由安徽省退役军人事务厅主办、安徽省摄影家协会协办的纪念抗美援朝战争胜利七十周年暨中国记者战地摄影图片展"
        "在合肥市合柴文创园开展，吸引了众多市民和退役军人前来参观，现场气氛热烈，观众纷纷驻足拍照留念。"
    )
    telling = (
        "本次展出的120幅摄影作品均为来自战争区域真实、客观和生动的记录，旨在营造关心国防、热爱部队、尊崇军人、"
        "敬重英雄的浓厚氛围，发扬党的拥军优属、拥政爱民优良传统，推动广大退伍军人和群众坚定理想信念。"
    )
    text = restating + telling
    document = _document("a", text, "战地摄影图片展在合肥开展", date="2023-08-01")
    got = answer(question, [document], {"a": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
    assert got.found and got.text.startswith("120 —— ") and len(got.citations) == 1


def test_a_who_answer_quotes_a_sentence_that_states_the_date_asked_about():
    sentences = [
        "记者8月10日上午在马岭村看到，志愿者齐亚珍为迁葬的六位烈士竖起纪念碑。",
        "马岭村代表杜维家和志愿者一起为纪念碑揭幕。",
        "小学生王小明为烈士献花。",
        "2021年12月15日，5号墓的范玉章烈士启程回阳信老家。",
    ]
    text = "".join(sentences)
    document = _document("a", text, "马岭村为迁葬的六烈士竖起纪念碑", date="2023-08-10")
    # scored as the embeddings might: the dated sentence last, below what the answer would quote
    candidates = [
        Candidate(0, text.index(s), text.index(s) + len(s), s, score=2.0 - n / 10, has_fact=True)
        for n, s in enumerate(sentences)
    ]
    question = analyse("2021年12月迁葬阳信的马岭村5号墓烈士是谁？")
    assert "2021年12月15日" not in "".join(c.text for c in _choose(question.kind, candidates))
    dating = _dating(question, candidates, [document], {"a": text})
    assert [c.text for c in dating] == [sentences[3]]
    # a date one of the quotes states already: every sentence stays
    stated = analyse("2023年8月为六位烈士竖起纪念碑的志愿者是谁？")
    assert _dating(stated, candidates, [document], {"a": text}) == candidates


def test_a_classifier_jieba_glues_to_the_counted_noun_makes_no_name():
    assert (
        "颗卫星" not in analyse("美国宇航局将发射一颗卫星，这颗卫星叫什么名字？").entities
    )  # 这/r 颗卫星/nz
    assert "台旧" not in analyse("这名旅客一共绑藏了多少台旧手机？").entities
    assert "中文" not in analyse("这名富翁的中文译名是什么？").entities  # a language is no name


def test_a_word_that_only_joins_is_no_other_name_in_the_questions_place():
    text = "美国宇航局将于2024年1月发射一颗名为PACE的卫星，该卫星将测量海洋中的数百种颜色。"
    ask = _asker(text, "海洋正在变绿", "2023-07-13")
    assert ask("美国宇航局计划于2024年1月发射一颗测量海洋颜色的卫星，这颗卫星叫什么名字？")
    assert not ask("欧洲航天局计划于2024年1月发射一颗测量海洋颜色的卫星，这颗卫星叫什么名字？")


def test_a_where_question_for_a_city_is_answered_by_the_sentence_naming_one():
    text = (
        "8月6日，人们聚集在巴基斯坦南部信德省桑克尔地区的列车脱轨事故现场。"
        "6日中午，一辆从卡拉奇开往开伯尔-普什图省的特快客运列车在讷瓦布沙阿市附近脱轨，10节车厢散落在铁轨周围。"
    )
    document = _document("a", text, "巴基斯坦列车脱轨", date="2023-08-07")
    for asked in (
        "8月6日，巴基斯坦的列车在哪座城市附近脱轨？",
        "8月6日，巴基斯坦列车脱轨事故发生在哪个城市附近？",
    ):
        got = answer(analyse(asked), [document], {"a": text}, None, 0.6, 0.82)  # type: ignore[arg-type]
        assert got.found and got.text.startswith("讷瓦布沙阿市")  # not 信德省


def test_where_someone_is_from_is_the_place_their_profile_gives():
    text = (
        "山西省纪委监委对山西省国有资本运营有限公司原专职外部董事曹煜严重违纪违法问题进行了立案审查调查。"
        "曹煜简历曹煜，男，汉族，1963年10月生，山西朔州人，硕士研究生学历。"
    )
    document = _document("a", text, "曹煜被开除党籍", date="2023-08-05")
    got = answer(
        analyse("山西省纪委监委立案审查调查的原专职外部董事曹煜是哪里人？"),
        [document],
        {"a": text},
        None,
        0.6,
        0.82,
    )  # type: ignore[arg-type]
    assert got.found and got.text.startswith("山西朔州 —— ")


def test_a_fact_outside_the_retrieved_chunks_is_found_in_the_rest_of_the_article():
    text = (
        "安能物流上海叶榭网点开发了名为“展运宝”的小程序，明确展现各项费率。"
        "据悉，安能物流于2010年6月在上海成立，主营零担普货的公路货运服务。"
    )
    document = _document("a", text, "安能物流制定改善措施", date="2023-07-20")
    document.metadata["spans"] = [(0, text.index("据悉"))]  # only the first sentence was retrieved
    got = answer(
        analyse("开发“展运宝”小程序的安能物流是何时在上海成立的？"), [document], {"a": text}, None, 0.6, 0.82
    )  # type: ignore[arg-type]
    assert got.found and got.text.startswith("2010年6月")


def test_an_amount_of_some_more_is_an_amount():
    question = analyse("刘某被诱导转账，合计被骗多少钱？")
    assert facts("刘某在对方诱导下向其指定银行账户转账，合计被骗25000余元。", question) == ["25000余元"]
    assert facts("涉案金额3万余元。", question) == ["3万余元"]
