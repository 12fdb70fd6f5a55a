"""The library functions behind the chat page's Library tab: uploads, listing, deletion."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from bot import ask, ingest, library
from bot.api import open_archive
from bot.errors import InputError
from bot.settings import Settings
from tests.conftest import HAIDIAN_TITLE, SEED_PAGE

GBK_TITLE = "石景山区举办职工篮球赛"
GBK_TEXT = f"{GBK_TITLE}\n\n7月2日,石景山区第五届职工篮球赛在首钢园开幕,共有二十四支队伍参赛。\n"
GBK_QUESTION = "石景山区职工篮球赛在哪里开幕？"


def gbk_file(folder: Path, name: str = "石景山 篮球.txt") -> Path:
    path = folder / name
    path.write_bytes(GBK_TEXT.encode("gbk"))
    return path


@pytest.mark.parametrize(
    ("uploaded", "stored"),
    [
        ("../../etc/evil name.txt", "evil_name.txt"),
        ("C:\\Users\\me\\新闻 稿.MD", "新闻_稿.md"),
        (".hidden.jsonl", "hidden.jsonl"),
        ("README.md", "upload-README.md"),
        ("???.txt", "upload.txt"),
    ],
)
def test_safe_name_keeps_a_plain_name_in_one_folder(uploaded: str, stored: str) -> None:
    assert library.safe_name(uploaded) == stored


@pytest.mark.parametrize("uploaded", ["tool.exe", "notes", "page.txt.sh"])
def test_safe_name_refuses_unsupported_types(uploaded: str) -> None:
    with pytest.raises(InputError, match=r"unsupported file type \(allowed: .*\.txt"):
        library.safe_name(uploaded)


def test_save_upload_stores_under_the_data_dir(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = make_settings()
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    saved = library.save_upload(settings, gbk_file(incoming), "../石景山 篮球.txt")
    assert saved == settings.data_dir / "uploads" / "石景山_篮球.txt"
    assert saved.read_bytes() == GBK_TEXT.encode("gbk")
    assert [p.name for p in saved.parent.iterdir()] == [saved.name]  # no partial copy left behind

    (incoming / "v2.txt").write_text("标题\n\n新的内容。", encoding="utf-8")
    again = library.save_upload(settings, incoming / "v2.txt", "石景山 篮球.txt")
    assert again == saved and "新的内容" in saved.read_text(encoding="utf-8")


def test_save_upload_limits_size(
    make_settings: Callable[..., Settings], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = make_settings()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        library.save_upload(settings, empty, "empty.txt")
    monkeypatch.setattr(library, "MAX_UPLOAD_BYTES", 1024 * 1024)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (1024 * 1024 + 1))
    with pytest.raises(InputError, match="over the 1 MB limit"):
        library.save_upload(settings, big, "big.txt")
    assert not library.uploads_dir(settings).exists() or not any(library.uploads_dir(settings).iterdir())


def test_quote_in_paragraph_marks_the_quote_inside_its_paragraph(seed_settings: Settings) -> None:
    rows = {r.title: r for r in library.list_articles(seed_settings)}
    article = rows[HAIDIAN_TITLE]
    quote = "北京市总工会党组书记、副主席张良,海淀区委书记王合生出席大会并讲话。"
    text = library.article_text(seed_settings, article.id)
    assert text == open_archive(seed_settings).catalog.get_articles([article.id])[article.id].text
    before, marked, after = library.quote_in_paragraph(text, -1, quote)
    assert marked == quote
    assert before.startswith("本报讯") and "\n" not in before + after
    assert before + quote + after in text.split("\n")
    start = text.index(quote)
    assert library.quote_in_paragraph(text, start, quote) == (before, quote, after)
    assert library.article_text(seed_settings, "no-such-id") == ""
    assert library.quote_in_paragraph("", 3, quote) == ("", quote, "")


def test_list_articles_shows_title_reporter_source_and_chunks(seed_settings: Settings) -> None:
    rows = library.list_articles(seed_settings)
    assert len(rows) == 6
    haidian = next(r for r in rows if r.title == HAIDIAN_TITLE)
    assert haidian.author == "赵思远" and haidian.chunks >= 1
    assert haidian.source.endswith(SEED_PAGE.name)
    assert library.list_files(seed_settings) == [(haidian.file, 6)]


@pytest.mark.slow
def test_uploaded_gbk_file_is_answered_then_deleted_with_its_file(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = make_settings()
    saved = library.save_upload(settings, gbk_file(tmp_path), "石景山 篮球.txt")
    report = ingest([saved], settings=settings, progress=False)
    assert report.errors == [] and report.articles == 1

    [row] = library.list_articles(settings)
    assert row.title == GBK_TITLE and row.file == str(saved.resolve())
    answer = ask(GBK_QUESTION, settings=settings)
    assert answer.found and "首钢园" in answer.text
    assert answer.citations[0].title == GBK_TITLE

    deleted = library.delete_file(settings, row.file)
    assert (deleted.articles, deleted.chunks, deleted.removed_from_disk) == (1, row.chunks, True)
    assert not saved.exists()
    assert library.list_articles(settings) == [] and library.list_files(settings) == []
    archive = open_archive(settings)
    assert archive.collection.count() == 0 and archive.catalog.files() == []
    assert not ask(GBK_QUESTION, settings=settings).found
    with pytest.raises(InputError, match="holds nothing"):
        library.delete_file(settings, row.file)


@pytest.mark.slow
def test_delete_article_removes_it_from_chroma_catalog_and_answers(
    make_settings: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_settings()
    ingest([SEED_PAGE], settings=settings, progress=False)
    archive = open_archive(settings)
    before = archive.collection.count()
    haidian = next(r for r in library.list_articles(settings) if r.title == HAIDIAN_TITLE)

    holder_ready, release = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:  # another writer, e.g. an ingest in progress
        with archive.write_lock():
            holder_ready.set()
            release.wait()

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    holder_ready.wait()
    result: list[library.Deleted] = []
    deleter = threading.Thread(
        target=lambda: result.append(library.delete_article(settings, haidian.id, progress=True))
    )
    deleter.start()
    deleter.join(timeout=1.0)
    waited = deleter.is_alive() and not result
    release.set()
    holder.join()
    deleter.join()
    assert waited, "a deletion must wait for the writer that holds the lock"

    assert result[0].articles == 1 and result[0].chunks == haidian.chunks
    assert result[0].rebuilt and "vector index rebuilt" in result[0].summary()  # 6 of 17 vectors deleted
    assert "rebuild: 100%" in capsys.readouterr().err  # the chat page shows this bar (track_tqdm)
    assert archive.collection.count() == before - haidian.chunks
    assert archive.catalog.get_articles([haidian.id]) == {}
    assert HAIDIAN_TITLE not in [r.title for r in library.list_articles(settings)]
    answer = ask("谁在海淀区工会第十七次代表大会上讲话？", settings=settings)
    assert HAIDIAN_TITLE not in [c.title for c in answer.citations]
    assert SEED_PAGE.exists()  # only uploads are deleted from disk
    with pytest.raises(InputError, match="no article"):
        library.delete_article(settings, haidian.id)
