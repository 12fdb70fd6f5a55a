import json
from pathlib import Path

import pytest

from vectorstore.loaders import LoadError, iter_files, load_file


def test_plain_text_is_one_article_titled_by_its_first_line(tmp_path: Path):
    path = tmp_path / "note.txt"
    path.write_text("区运动会闭幕\n\n本届运动会共有3000人参加。比赛历时三天。\n", encoding="utf-8")
    [article] = load_file(path)
    assert article.title == "区运动会闭幕"
    assert article.text == "本届运动会共有3000人参加。比赛历时三天。"


def test_text_without_a_short_first_line_is_titled_by_file_name(tmp_path: Path):
    path = tmp_path / "long.txt"
    path.write_text("这是一段没有标题的很长的文字，" * 10 + "结束。", encoding="utf-8")
    [article] = load_file(path)
    assert article.title == "long"


def test_markdown_heading_becomes_the_title(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_text("# 朝阳区职工篮球赛开幕\n\n比赛在朝阳体育馆举行。\n", encoding="utf-8")
    [article] = load_file(path)
    assert article.title == "朝阳区职工篮球赛开幕"


def test_gbk_text_is_decoded(tmp_path: Path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("石景山区举办职工书法展\n\n展览共展出作品120幅。\n".encode("gbk"))
    [article] = load_file(path)
    assert article.title == "石景山区举办职工书法展"
    assert "120幅" in article.text


def test_jsonl_loads_one_article_a_line_with_its_fields(tmp_path: Path):
    path = tmp_path / "docs.jsonl"
    rows = [
        {
            "doc_id": "d1",
            "title": "",
            "text": "2023-08-15 16:12，正文：某市举办科技节。共有50家企业参展。",
            "source": "X",
        },
        {"doc_id": "d2", "title": "标题二", "text": "内容二。", "author": "李明", "date": "2023-08-16"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    first, second = load_file(path)
    assert first.id == "d1" and first.date == "2023-08-15"
    assert first.text == "某市举办科技节。共有50家企业参展。"
    assert first.title == "某市举办科技节"
    assert (second.title, second.author, second.date) == ("标题二", "李明", "2023-08-16")


def test_bad_json_line_names_the_line(tmp_path: Path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "好的。"}\n{broken\n', encoding="utf-8")
    with pytest.raises(LoadError, match=r"bad.jsonl:2: not valid JSON"):
        load_file(path)


def test_binary_and_unsupported_files_are_refused(tmp_path: Path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(LoadError, match="not a text file"):
        load_file(binary)
    other = tmp_path / "sheet.xlsx"
    other.write_bytes(b"PK")
    with pytest.raises(LoadError, match="unsupported file type"):
        load_file(other)


def test_directories_skip_readme_and_hidden_files(tmp_path: Path):
    (tmp_path / "README.md").write_text("# about\n\ntext.", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("标题\n\n内容。", encoding="utf-8")
    (tmp_path / "a.txt").write_text("标题\n\n内容。", encoding="utf-8")
    assert [p.name for p in iter_files([tmp_path])] == ["a.txt"]
    with pytest.raises(LoadError, match="no such file"):
        list(iter_files([tmp_path / "missing"]))


def test_jsonl_news_headers_before_the_body_are_dropped(tmp_path: Path):
    path = tmp_path / "docs.jsonl"
    texts = [
        "来源：央视网  |  2023年07月25日 09:25:58，正文：某市举办科技节。",
        "7-19 21:28，正文：某县举办读书节。",
        "，正文：某区举办运动会。",
        "23-07-27 19:05，正文：某镇举办音乐节。",
        "13-19 21:28，正文：某村举办丰收节。",
    ]
    path.write_text(
        "\n".join(
            json.dumps({"doc_id": f"d{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(texts)
        ),
        encoding="utf-8",
    )
    first, second, third, fourth, fifth = load_file(path)
    assert (first.text, first.date) == ("某市举办科技节。", "2023-07-25")
    assert (second.text, second.date) == ("某县举办读书节。", "07-19")  # the day, of no year
    assert (third.text, third.date) == ("某区举办运动会。", "")
    assert (fourth.text, fourth.date) == ("某镇举办音乐节。", "2023-07-27")
    assert (fifth.text, fifth.date) == ("某村举办丰收节。", "")  # no month 13
