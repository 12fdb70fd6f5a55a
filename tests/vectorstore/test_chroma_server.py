"""Server mode: a real `chroma run` on loopback instead of the embedded store."""

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import ask, ingest
from bot.api import open_archive
from tests.conftest import HAIDIAN_QUESTION, HAIDIAN_TITLE, SEED_PAGE, free_port
from vectorstore.archive import Archive
from vectorstore.chroma_store import open_client

pytestmark = [pytest.mark.slow, pytest.mark.server]


@pytest.fixture
def chroma_server(tmp_path: Path):
    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import chromadb

        deadline = time.monotonic() + 60
        while True:
            try:
                chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
                break
            except Exception:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("chroma run did not come up") from None
                time.sleep(0.2)  # polling for readiness, not a timing assertion
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_ingest_and_ask_through_a_chroma_server(make_settings, chroma_server):
    settings = make_settings(chroma_host="127.0.0.1", chroma_port=chroma_server)
    shutil.copy(SEED_PAGE, settings.data_dir / SEED_PAGE.name)
    report = ingest(settings=settings)
    assert report.articles == 6 and report.chunks_added > 0
    assert not (settings.index_dir / "chroma").exists()  # vectors live in the server
    assert open_archive(settings).collection.count() == report.chunks_added
    answer = ask(HAIDIAN_QUESTION, settings=settings)
    assert answer.found and "王合生" in answer.text
    assert answer.citations[0].title == HAIDIAN_TITLE
    assert ingest(settings=settings).chunks_added == 0


def test_a_rebuild_by_one_process_is_followed_by_another_on_the_server(make_settings, chroma_server):
    settings = make_settings(chroma_host="127.0.0.1", chroma_port=chroma_server)
    page = settings.data_dir / "page.txt"
    shutil.copy(SEED_PAGE, page)
    ingest(settings=settings)
    writer = open_archive(settings)
    # a chat server's own connection to the same server and index
    reader = Archive(
        settings.index_dir, open_client(settings.index_dir, "127.0.0.1", chroma_server), settings.collection,
        writer.embeddings, settings.chunk_size, settings.chunk_overlap,
    )  # fmt: skip
    question = writer.embeddings.embed_query(HAIDIAN_QUESTION)
    found = reader.dense_search(question, 3)
    built = reader.collection.id
    page.write_text(
        page.read_text(encoding="utf-8").replace("共有来自市直机关", "共有来自全市市直机关"), "utf-8"
    )
    assert ingest(settings=settings).rebuilt  # 2 of 17 vectors deleted: more than the 10 % share
    assert writer.collection.id != built
    again = reader.dense_search(question, 3)  # reopened by the name the catalog gives: same neighbours
    assert [c for c, _ in again] == [c for c, _ in found]
    assert max(abs(a - b) for (_, a), (_, b) in zip(again, found, strict=True)) < 1e-6
    assert reader.collection.id == writer.collection.id
