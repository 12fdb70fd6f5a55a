"""What ``ask`` returns: an answer with inline markers [n] and the citations they point to."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Citation(BaseModel):
    n: int = Field(description="The number of the inline marker [n].")
    article_id: str
    title: str
    author: str = Field(description="The reporter.")
    date: str
    source: str = Field(description="The file (and doc id) the article came from.")
    quote: str = Field(description="Verbatim text of the article that supports the answer.")
    score: float = Field(description="Retrieval score of the article (higher is better).")
    quote_start: int = Field(-1, description="Offset of the quote in the article text.")


class Answer(BaseModel):
    question: str
    text: str
    found: bool
    citations: list[Citation] = Field(default_factory=list)
    unsupported: list[str] = Field(
        default_factory=list, description="Names or numbers the cited passages do not contain."
    )

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)
