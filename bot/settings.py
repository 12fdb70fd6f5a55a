"""newsbot's one settings object: environment variables ``NEWSBOT_*`` and a ``.env`` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from vectorstore.embeddings import Backend


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSBOT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("data"), description="What `newsbot ingest` reads when given no path.")
    index_dir: Path = Field(Path("index"), description="Where the index lives (Chroma, catalog, BM25).")
    cache_dir: Path = Field(
        Path.home() / ".cache" / "newsbot",
        description="Where the prepared embedding model and CC-CEDICT's tables are kept.",
    )
    chroma_host: str | None = Field(None, description="A Chroma server's host; unset = embedded Chroma.")
    chroma_port: int = Field(8000, description="The Chroma server's port.")
    collection: str = Field("newsbot", description="The Chroma collection name.")
    embedding_model: str = Field(
        "multilingual-e5-small",
        description="'multilingual-e5-small' (built offline from PyPI packages) or any "
        "sentence-transformers folder or model name.",
    )
    embedding_backend: Backend = Field(
        "openvino",
        description="What runs the embedding model: OpenVINO (2.2-2.6x faster on CPU here) or PyTorch fp32.",
    )
    chunk_size: int = Field(300, ge=50, description="Maximum characters per chunk.")
    chunk_overlap: int = Field(60, ge=0, description="Characters of whole sentences repeated between chunks.")
    top_k: int = Field(5, ge=1, le=50, description="Articles retrieved per question.")
    dense_candidates: int = Field(60, ge=1, description="Chunks fetched from Chroma before fusion.")
    dense_weight: float = Field(
        0.3, ge=0, le=1, description="Weight of the dense ranking in fusion (min-max normalised scores)."
    )
    english_dense_weight: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Weight of the dense ranking for a question in English (the keyword "
        "side looks for the Chinese words of its words).",
    )
    query_tokens: Literal["precise", "search"] = Field(
        "precise", description="jieba mode for the question's BM25 terms: precise words or search sub-words."
    )
    split_questions: bool = Field(
        True, description="Also retrieve and answer each part of a two-part question (A和B …) on its own."
    )
    split_dense_weight: float = Field(
        0.7, ge=0, le=1, description="Weight of the dense ranking when retrieving a part of a question."
    )
    split_articles: int = Field(
        3, ge=1, description="Articles each part of a two-part question adds, in turns, after the first."
    )
    coverage_weight: float = Field(
        1.0,
        ge=0,
        description="Weight of how much of a question's rare words an article's whole text holds, when "
        "the first 20 articles are re-scored (0 = an article counts by its best chunk only).",
    )
    min_support: float = Field(
        0.6, ge=0, le=1, description="Share of the question's key terms the evidence must contain."
    )
    min_dense_similarity: float = Field(
        0.82, ge=0, le=1, description="Cosine similarity below which a cross-lingual match is too weak."
    )
    answerer: Literal["extractive", "openai", "llamacpp"] = Field(
        "extractive", description="Who writes the answer."
    )
    llm_base_url: str = Field("http://127.0.0.1:8080/v1", description="OpenAI-compatible endpoint.")
    llm_model: str = Field("", description="Model name at the endpoint, or the GGUF path for llamacpp.")
    llm_api_key: str = Field("not-needed", description="API key for the endpoint.")
    llm_timeout: float = Field(60.0, gt=0, description="Seconds to wait for the language model.")
    llm_threads: int = Field(2, ge=1, description="CPU threads for llamacpp.")
    host: str = Field("127.0.0.1", description="Where `newsbot serve` listens.")
    port: int = Field(7860, description="Port of `newsbot serve`.")
    auth: str | None = Field(None, description="'user:password' to protect the chat page.")
