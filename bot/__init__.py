"""newsbot: ask a Chinese news archive, get answers that cite the articles."""

from bot.answer_types import Answer, Citation
from bot.api import ask, ask_stream, ingest, stats
from bot.evaluate import evaluate
from bot.settings import Settings
from vectorstore.ingest import IngestReport

__all__ = [
    "Answer",
    "Citation",
    "IngestReport",
    "Settings",
    "ask",
    "ask_stream",
    "evaluate",
    "ingest",
    "stats",
]
