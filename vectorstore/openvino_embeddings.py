"""The embedding model on OpenVINO's CPU runtime: the same sentence-transformers model (tokenizer,
prompts, pooling, normalisation), its transformer converted once to OpenVINO's format and cached.

Measured here (2 cores, 300-character chunks; ``docs/models.md``): 2.2–2.6× the chunks per second
of PyTorch fp32, cosine 0.99999 to its vectors (OpenVINO computes in bf16 on CPUs that have it), and
1.3–1.5× more for ingests in throughput mode.
sentence-transformers' own ``backend="openvino"`` needs optimum-intel, which does not install beside
transformers 5.x here, so the runtime is driven directly: tokenize, infer, pool, normalise.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import threading
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

FORMAT_VERSION = "2"  # bump when the converted folder changes
# passages embedded in OpenVINO's throughput mode (an ingest batch; not a question's few sentences),
# in batches of this many: two at once on two cores
THROUGHPUT_MIN_TEXTS = 64
THROUGHPUT_BATCH = 16
# a few texts (a question, an English question's candidate sentences) in batches of this many, one
# after another: less padding than one batch of all (benchmarks/sentence_batch.py: 26 sentences in
# 186 ms instead of 242 as one batch)
LATENCY_BATCH = 8
POOLING_MODES = ("mean", "cls")


def pooling_mode(model: SentenceTransformer) -> str | None:
    """``mean`` or ``cls`` when the model is a transformer, that pooling and perhaps a normalisation
    (what this runtime reproduces); None for anything else."""
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    modules = list(model)
    if len(modules) < 2 or not isinstance(modules[0], Transformer) or not isinstance(modules[1], Pooling):
        return None
    if any(not isinstance(m, Normalize) for m in modules[2:]) or not modules[1].include_prompt:
        return None
    mode = modules[1].pooling_mode
    return mode if mode in POOLING_MODES else None


def _fingerprint(source: str) -> str:
    """A model folder's files by name, size and time (a rebuilt folder is converted again); a
    model name as it is."""
    folder = Path(source)
    if not folder.is_dir():
        return source
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return source + "".join(
        f"\n{p.relative_to(folder)} {p.stat().st_size} {p.stat().st_mtime_ns}" for p in files
    )


def converted_model(model: SentenceTransformer, source: str, cache_dir: Path) -> Path:
    """The model's transformer in OpenVINO's format under ``cache_dir``, converted on first use;
    ``source`` is the model's folder or name."""
    import openvino as ov

    identity = f"{_fingerprint(source)}\n{ov.__version__}\n{FORMAT_VERSION}"
    key = hashlib.sha256(identity.encode()).hexdigest()[:16]
    target = cache_dir / "openvino" / key
    if (target / "model.xml").is_file():
        return target / "model.xml"
    print(f"newsbot: converting the embedding model for OpenVINO in {target} (one time) …", file=sys.stderr)
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    example = model.tokenizer(
        ["passage: 例句", "passage: an example sentence"], padding=True, return_tensors="pt"
    )
    with warnings.catch_warnings():  # tracing warnings about the causal-mask branches it does not take
        warnings.simplefilter("ignore")
        converted = ov.convert_model(model[0].auto_model, example_input=dict(example))
    # fp16 weights: half the disk (224 MB), the same speed and vectors (computed in bf16 or fp32)
    ov.save_model(converted, staging / "model.xml", compress_to_fp16=True)
    (staging / "source.json").write_text(json.dumps({"source": source}), encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    # the same model, changed since or converted by an older newsbot
    for other in target.parent.glob("*/source.json"):
        if other.parent != target and json.loads(other.read_text(encoding="utf-8")) == {"source": source}:
            shutil.rmtree(other.parent, ignore_errors=True)
    return target / "model.xml"


class OpenVINOEmbeddings(Embeddings):
    """Queries and passages with the model's own prompts, like ``SentenceTransformerEmbeddings``."""

    def __init__(self, model: SentenceTransformer, model_xml: Path, batch_size: int = LATENCY_BATCH) -> None:
        import openvino as ov

        mode, dimension = pooling_mode(model), model.get_embedding_dimension()
        if mode is None or dimension is None:
            raise ValueError("OpenVINO runs transformer + mean or CLS pooling models only")
        self.pooling = mode
        self.normalise = len(list(model)) > 2
        self.tokenizer = model.tokenizer
        self.max_length = model.max_seq_length
        self.dimension = dimension
        self.prompts = dict(model.prompts)
        self.batch_size = batch_size
        self.model_xml = model_xml
        self.compiled = ov.Core().compile_model(str(model_xml), "CPU", {"PERFORMANCE_HINT": "LATENCY"})
        self.inputs = {port.get_any_name() for port in self.compiled.inputs}
        self._throughput: Any = None  # compiled on the first long list of passages (an ingest)
        self._throughput_lock = threading.Lock()  # two threads' first long lists compile it once

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        prompt = self.prompts.get("document") or self.prompts.get("passage") or ""
        return self._encode([prompt + t for t in texts]).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._encode([(self.prompts.get("query") or "") + text])[0].tolist()

    def _encode(self, texts: list[str]) -> np.ndarray:
        """Longest first in batches (less padding), returned in the order given. A question or a
        few sentences run one batch after another on all cores (the lowest latency); a long list
        of passages runs in OpenVINO's throughput mode, a batch on each core at once (1.4× the
        chunks per second here, the same vectors)."""
        import openvino as ov

        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        many = len(texts) >= THROUGHPUT_MIN_TEXTS
        compiled = self._throughput_model() if many else self.compiled
        requests = compiled.get_property("OPTIMAL_NUMBER_OF_INFER_REQUESTS") if many else 1
        queue = ov.AsyncInferQueue(compiled, requests)

        def pooled(request: Any, data: tuple[list[int], np.ndarray]) -> None:
            picked, mask = data
            vectors[picked] = self._pool(
                np.asarray(request.get_output_tensor(0).data, dtype=np.float32), mask
            )

        queue.set_callback(pooled)
        size = THROUGHPUT_BATCH if many else self.batch_size
        for start in range(0, len(texts), size):
            picked = order[start : start + size]
            batch: dict[str, Any] = self.tokenizer(
                [texts[i] for i in picked], padding=True, truncation=True, max_length=self.max_length,
                return_tensors="np",
            )  # fmt: skip
            feed = {name: np.asarray(batch[name], dtype=np.int64) for name in self.inputs if name in batch}
            queue.start_async(feed, (picked, np.asarray(batch["attention_mask"])))
        queue.wait_all()
        return vectors

    def _throughput_model(self) -> Any:
        import openvino as ov

        with self._throughput_lock:
            if self._throughput is None:
                self._throughput = ov.Core().compile_model(
                    str(self.model_xml), "CPU", {"PERFORMANCE_HINT": "THROUGHPUT"}
                )
            return self._throughput

    def _pool(self, hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
        if self.pooling == "cls":
            pooled = hidden[:, 0]
        else:
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        if self.normalise:
            pooled = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return pooled
