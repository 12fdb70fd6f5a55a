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


def keyword_tokens(text: str) -> list[str]:
    jieba = jieba_tokenizer()
    return [t.lower() for t in jieba.lcut_for_search(text) if t.strip() and _WORDLIKE.search(t)]
