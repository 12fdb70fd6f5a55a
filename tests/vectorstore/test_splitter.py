import itertools

from tests.vectorstore.test_newspaper_page import seed_articles
from vectorstore.articles import Article
from vectorstore.splitter import Span, cut_long, sentence_spans, split_article, split_text

TERMINALS = "。！？；…”"


def test_sentences_end_at_chinese_punctuation_with_closing_quotes():
    text = "他说：“好。”然后走了！真的吗？是的；结束…\n新段落"
    parts = [text[s.start : s.end] for s in sentence_spans(text)]
    assert parts == ["他说：“好。”", "然后走了！", "真的吗？", "是的；", "结束…", "新段落"]


def test_chunks_respect_size_and_never_cut_a_sentence():
    for article in seed_articles():
        text = article.text
        sentences = sentence_spans(text)
        starts = {s.start for s in sentences}
        ends = {s.end for s in sentences}
        for span in split_text(text, 200, 50):
            assert span.end - span.start <= 200
            assert span.start in starts and span.end in ends


def test_chunks_overlap_by_whole_sentences_and_cover_the_text():
    text = seed_articles()[0].text
    spans = split_text(text, 200, 60)
    assert len(spans) > 3
    for before, after in itertools.pairwise(spans):
        assert after.start <= before.end  # overlapping or adjacent, never a gap
        assert before.end - after.start <= 60
    covered = set()
    for span in spans:
        covered.update(range(span.start, span.end))
    assert all(i in covered for s in sentence_spans(text) for i in range(s.start, s.end))


def test_a_sentence_longer_than_the_limit_is_cut_at_commas():
    long_sentence = "，".join(["这是一个很长的分句"] * 30) + "。"
    spans = split_text(long_sentence, 50, 10)
    assert all(s.end - s.start <= 50 for s in spans)
    assert "".join(long_sentence[s.start : s.end] for s in spans) == long_sentence


def test_chunks_keep_article_id_and_offsets():
    article = Article(title="标题", text="第一句。第二句！第三句？", source="x.txt")
    chunks = split_article(article, 6, 0)
    assert [c.text for c in chunks] == ["第一句。", "第二句！", "第三句？"]
    assert all(article.text[c.start : c.end] == c.text for c in chunks)
    assert [c.id for c in chunks] == [f"{article.id}:{i}" for i in range(3)]


def test_a_hard_cut_never_splits_a_number():
    table = "全国总计 " + "3000.3 1992.2 597.7 " * 8  # a table row: no clause marks at all
    spans = split_text(table, 50, 0)
    pieces = [table[s.start : s.end].strip() for s in spans]
    assert all(s.end - s.start <= 50 for s in spans)
    assert all(p.split()[-1] in ("总计", "3000.3", "1992.2", "597.7") for p in pieces)


def test_a_comma_inside_latin_text_is_not_a_clause_mark():
    sentence = (
        "7月28日，安徽大学网站发布消息称，该校朱满洲教授、陈爽副教授团队相关研究成果以题为“Ligand-protected "
        "metal nanoclusters as low-loss, highly polarized emitters for optical waveguides”发表在最新的"
        "《Science》上，该论文是安徽大学首次以第一完成单位在Science正刊上发表的科研论文。"
    )
    pieces = [sentence[s.start : s.end] for s in cut_long(sentence, Span(0, len(sentence)), 150)]
    assert not any(p.endswith("low-loss,") for p in pieces)
    assert any("low-loss, highly" in p and p.endswith("《Science》上，") for p in pieces)
