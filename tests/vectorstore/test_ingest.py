"""Ingestion on the real model and a real Chroma in tmp_path."""

import shutil
from pathlib import Path

import pytest

from bot import ingest
from bot.api import open_archive
from tests.conftest import SEED_PAGE
from vectorstore import archive as archive_module
from vectorstore import ingest as ingest_module

pytestmark = pytest.mark.slow


def _state(settings):
    archive = open_archive(settings)
    keywords = archive.keyword_index()
    return archive.catalog.counts(), archive.collection.count(), len(keywords.chunk_ids)


def test_ingest_twice_adds_nothing_the_second_time(make_settings):
    settings = make_settings()
    shutil.copy(SEED_PAGE, settings.data_dir / SEED_PAGE.name)
    first = ingest(settings=settings)
    assert (first.files, first.articles, first.errors) == (1, 6, [])
    assert first.chunks_added > 6
    before = _state(settings)
    second = ingest(settings=settings)
    assert second.chunks_added == 0 and second.chunks_removed == 0
    assert second.chunks_unchanged == first.chunks_added
    assert _state(settings) == before
    counts, vectors, keyword_chunks = before
    assert counts["chunks"] == vectors == keyword_chunks == first.chunks_added


def test_changed_file_replaces_only_its_changed_articles(make_settings):
    settings = make_settings()
    page = settings.data_dir / "page.txt"
    shutil.copy(SEED_PAGE, page)
    first = ingest(settings=settings)
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("共有来自市直机关", "共有来自全市市直机关"), encoding="utf-8")
    second = ingest(settings=settings)
    assert second.articles == 6
    assert 0 < second.chunks_removed < first.chunks_added
    assert second.chunks_added == second.chunks_removed  # same article, same number of chunks
    assert second.chunks_unchanged + second.chunks_added == first.chunks_added
    archive = open_archive(settings)
    assert archive.collection.count() == archive.catalog.counts()["chunks"] == first.chunks_added
    football = [a for a, _ in archive.catalog.list_articles() if "足球" in a.title]
    assert "全市市直机关" in football[0].text


def test_prune_removes_articles_of_deleted_files(make_settings):
    settings = make_settings()
    shutil.copy(SEED_PAGE, settings.data_dir / "page.txt")
    extra = settings.data_dir / "extra.txt"
    extra.write_text("朝阳区职工篮球赛开幕\n\n比赛在朝阳体育馆举行，共有16支队伍参赛。\n", encoding="utf-8")
    ingest(settings=settings)
    assert open_archive(settings).catalog.counts()["articles"] == 7
    extra.unlink()
    kept = ingest(settings=settings)
    assert kept.chunks_removed == 0 and open_archive(settings).catalog.counts()["articles"] == 7
    pruned = ingest(settings=settings, prune=True)
    assert pruned.chunks_removed == 1
    archive = open_archive(settings)
    assert archive.catalog.counts()["articles"] == 6
    assert archive.collection.count() == archive.catalog.counts()["chunks"]
    assert all("篮球赛开幕" not in a.title for a, _ in archive.catalog.list_articles())


def test_unreadable_file_is_reported_and_changes_nothing(make_settings):
    settings = make_settings()
    shutil.copy(SEED_PAGE, settings.data_dir / "page.txt")
    ingest(settings=settings)
    before = _state(settings)
    (settings.data_dir / "broken.jsonl").write_text('{"text": "好。"}\n{oops\n', encoding="utf-8")
    (settings.data_dir / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    report = ingest(settings=settings)
    assert len(report.errors) == 2
    assert any("broken.jsonl:2" in e for e in report.errors)
    assert any("binary.txt" in e and "not a text file" in e for e in report.errors)
    assert _state(settings) == before


def test_missing_path_is_an_input_error_before_any_write(make_settings, tmp_path: Path):
    from bot.errors import InputError

    settings = make_settings()
    with pytest.raises(InputError, match="no such file or directory"):
        ingest([tmp_path / "nope"], settings=settings)
    assert not (settings.index_dir / "catalog.sqlite3").exists()


def test_files_read_by_an_older_reader_are_read_again(make_settings, monkeypatch):
    settings = make_settings()
    shutil.copy(SEED_PAGE, settings.data_dir / SEED_PAGE.name)
    first = ingest(settings=settings)
    catalog = open_archive(settings).catalog
    [path] = catalog.files()
    assert catalog.file_sha(path).endswith(f":r{ingest_module.READER_VERSION}")
    monkeypatch.setattr(ingest_module, "READER_VERSION", ingest_module.READER_VERSION + 1)
    read = []
    real_load = ingest_module.load_file
    monkeypatch.setattr(ingest_module, "load_file", lambda p: read.append(p) or real_load(p))
    second = ingest(settings=settings)
    assert len(read) == 1  # read again: the reader changed …
    assert (second.chunks_added, second.chunks_removed) == (0, 0)  # … but its articles did not
    assert second.chunks_unchanged == first.chunks_added
    assert catalog.file_sha(path).endswith(f":r{ingest_module.READER_VERSION}")
    assert ingest(settings=settings).chunks_unchanged == first.chunks_added and len(read) == 1


def test_deleted_vectors_pile_up_until_chroma_is_built_anew(make_settings, monkeypatch):
    settings = make_settings()
    page = settings.data_dir / "page.txt"
    shutil.copy(SEED_PAGE, page)
    first = ingest(settings=settings)
    archive = open_archive(settings)
    built = archive.collection.id
    monkeypatch.setattr(archive_module, "REBUILD_SHARE", 0.5)
    page.write_text(
        page.read_text(encoding="utf-8").replace("共有来自市直机关", "共有来自全市市直机关"), "utf-8"
    )
    changed = ingest(settings=settings)
    assert not changed.rebuilt and archive.collection.id == built
    assert archive.catalog.deleted_vectors() == changed.chunks_removed > 0
    stale = archive.collection  # what another process (a chat server) still holds
    before = archive.collection.get(include=["embeddings", "documents", "metadatas"])
    monkeypatch.setattr(archive_module, "REBUILD_SHARE", 0.1)  # the default: 2 of 17 is more
    again = ingest(settings=settings)
    assert again.rebuilt and again.chunks_added == 0 and "vector index rebuilt" in again.summary()
    assert archive.collection.id != built and archive.catalog.deleted_vectors() == 0
    after = archive.collection.get(include=["embeddings", "documents", "metadatas"])
    assert after["ids"] == before["ids"] and len(after["ids"]) == first.chunks_added
    assert after["documents"] == before["documents"] and after["metadatas"] == before["metadatas"]
    assert abs(after["embeddings"] - before["embeddings"]).max() < 1e-6  # copied, not embedded again
    for chunk_id, vector in zip(after["ids"], after["embeddings"], strict=True):
        assert archive.dense_search(vector.tolist(), 1)[0][0] == chunk_id
    archive.collection = stale
    assert archive.dense_search(after["embeddings"][0].tolist(), 1)[0][0] == after["ids"][0]
    assert archive.collection.id != built  # the stale handle was replaced by the rebuilt collection
    assert ingest(settings=settings).rebuilt is False


def test_a_rebuild_never_leaves_the_archive_without_its_vectors(make_settings, monkeypatch):
    settings = make_settings()
    shutil.copy(SEED_PAGE, settings.data_dir / "page.txt")
    first = ingest(settings=settings)
    archive = open_archive(settings)

    def names() -> list[str]:
        return sorted(c.name for c in archive.client.list_collections())

    # a copy interrupted half-way: the collection in use is untouched, the next rebuild starts over
    half = archive.client.create_collection(f"{settings.collection}-r1", embedding_function=None)
    half.add(ids=["x:0"], embeddings=[[1.0] * 384])
    assert archive.live_collection() == settings.collection and archive.vector_count() == first.chunks_added
    archive.catalog.add_deleted_vectors(first.chunks_added)  # as if every vector had been replaced
    report = ingest(settings=settings)
    assert report.rebuilt and archive.live_collection() == f"{settings.collection}-r1"
    assert names() == [f"{settings.collection}-r1"] and archive.vector_count() == first.chunks_added
    # interrupted after the catalog named the new collection, before the old one was dropped
    stale_copy = archive.client.create_collection(settings.collection, embedding_function=None)
    stale_copy.add(ids=["x:0"], embeddings=[[1.0] * 384])
    monkeypatch.setattr(archive_module, "REBUILD_SHARE", 0.5)
    assert not ingest(settings=settings).rebuilt  # the writer drops it under its lock
    assert names() == [f"{settings.collection}-r1"] and archive.vector_count() == first.chunks_added


def _chunks_match_their_articles(settings) -> int:
    """Catalog and Chroma hold the same chunks, each the article text at its offsets, none longer
    than the chunk size; returns how many."""
    archive = open_archive(settings)
    stored = archive.collection.get(include=["documents", "metadatas"])
    assert set(stored["ids"]) == archive.catalog.all_chunk_ids()
    texts = {a.id: a.text for a, _ in archive.catalog.list_articles()}
    for document, meta in zip(stored["documents"], stored["metadatas"], strict=True):
        assert document == texts[meta["article_id"]][meta["start"] : meta["end"]]
        assert len(document) <= settings.chunk_size
    return len(stored["ids"])


def test_a_new_chunk_size_cuts_every_article_anew_once(make_settings, monkeypatch):
    settings = make_settings()
    shutil.copy(SEED_PAGE, settings.data_dir / "page.txt")
    first = ingest(settings=settings)
    assert open_archive(settings).catalog.chunking() == "300/60"
    smaller = make_settings(chunk_size=120, chunk_overlap=20)
    real_split = ingest_module.split_article
    calls = []

    def interrupted(article, size, overlap):
        calls.append(article.id)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real_split(article, size, overlap)

    monkeypatch.setattr(ingest_module, "split_article", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest(settings=smaller)
    assert open_archive(smaller).catalog.chunking() == "300/60"  # recorded last: starts over
    monkeypatch.setattr(ingest_module, "split_article", real_split)
    second = ingest(settings=smaller)
    assert second.rechunked == 6 and "6 articles re-chunked" in second.summary()
    assert (second.chunks_added, second.chunks_removed) == (0, 0)  # the articles did not change
    assert second.rebuilt  # every vector was overwritten or deleted: Chroma is built anew
    assert open_archive(smaller).catalog.chunking() == "120/20"
    assert _chunks_match_their_articles(smaller) > first.chunks_added
    third = ingest(settings=smaller)
    assert third.rechunked == 0 and third.chunks_unchanged == _chunks_match_their_articles(smaller)


def test_an_index_from_before_the_chunking_record_is_taken_as_cut_as_now(make_settings):
    settings = make_settings()
    shutil.copy(SEED_PAGE, settings.data_dir / "page.txt")
    first = ingest(settings=settings)
    catalog = open_archive(settings).catalog
    with catalog.db:
        catalog.db.execute("DELETE FROM meta WHERE key = 'chunking'")
    other = make_settings(chunk_size=120, chunk_overlap=20)
    again = ingest(settings=other)
    assert again.rechunked == 0 and again.chunks_unchanged == first.chunks_added
    assert open_archive(other).catalog.chunking() == "120/20"


def test_the_date_range_is_of_full_dates(make_settings):
    settings = make_settings()
    lines = [
        '{"doc_id": "a", "text": "2023-07-25 09:25，正文：某市举办科技节。共有50家企业参展。"}',
        '{"doc_id": "b", "text": "2023-08-03 16:12，正文：某县举办读书节。共有30家书店参加。"}',
        '{"doc_id": "c", "text": "7-19 21:28，正文：某区举办运动会。共有20支队伍参赛。"}',
    ]
    (settings.data_dir / "news.jsonl").write_text("\n".join(lines), encoding="utf-8")
    assert ingest(settings=settings).articles == 3
    assert open_archive(settings).catalog.date_range() == ("2023-07-25", "2023-08-03")  # not 07-19
