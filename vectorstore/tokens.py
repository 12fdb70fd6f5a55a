"""Keyword tokens for BM25: jieba's search mode (words and their sub-words), lower-cased."""

from __future__ import annotations

import logging
import re
from functools import cache

_WORDLIKE = re.compile(r"\w", re.UNICODE)


@cache
def jieba_tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def keyword_tokens(text: str, search: bool = True) -> list[str]:
    """Words of ``text`` (with their sub-words in jieba's search mode), lower-cased, punctuation dropped."""
    jieba = jieba_tokenizer()
    words = jieba.lcut_for_search(text) if search else jieba.lcut(text)
    return [t.lower() for t in words if t.strip() and _WORDLIKE.search(t)]


def word_frequency(word: str) -> int:
    """How often jieba's dictionary counts ``word`` (0 when it does not know it)."""
    return jieba_tokenizer().dt.FREQ.get(word) or 0
