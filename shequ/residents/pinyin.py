"""Pinyin keys of a Chinese name: 张三 -> {"zhangsan", "zs"}. The surname gets every reading it
has (单 -> dan, shan, chan; 曾 -> zeng, ceng), because surnames are often read differently
from the same character in a word."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from pypinyin import Style, lazy_pinyin, pinyin

ASCII_LETTERS = re.compile(r"[^a-z]")
MAX_SURNAME_READINGS = 3


def _clean(syllable: str) -> str:
    return ASCII_LETTERS.sub("", syllable.lower())


@lru_cache(maxsize=65536)
def primary_pinyin(name: str) -> str:
    """The most common reading, for sorting: 'zhangsan'."""
    return "".join(_clean(s) for s in lazy_pinyin(name.replace("·", ""), errors="default"))


@lru_cache(maxsize=65536)
def name_keys(name: str) -> frozenset[str]:
    """Full pinyin and initials for every reading of the surname (cached: names repeat)."""
    plain = name.replace("·", "")
    if not plain:
        return frozenset()
    first = [_clean(r) for r in pinyin(plain[0], heteronym=True, style=Style.NORMAL)[0]]
    first = [r for r in dict.fromkeys(first) if r][:MAX_SURNAME_READINGS] or [""]
    rest = [_clean(s) for s in lazy_pinyin(plain[1:])]
    keys: set[str] = set()
    for head in product(first):
        syllables = [head[0], *rest]
        full = "".join(syllables)
        initials = "".join(s[0] for s in syllables if s)
        if full:
            keys.add(full[:200])
        if initials:
            keys.add(initials[:200])
    return frozenset(keys)


def is_pinyin_query(q: str) -> bool:
    return bool(q) and q.isascii() and q.isalpha()
