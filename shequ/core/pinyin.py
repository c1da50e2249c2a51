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
    return "".join(_clean(s) for s in lazy_pinyin(NAME_DOTS.sub("", name), errors="default"))


# the middle dot of transcribed names (买买提·热合曼) and the look-alikes people type for it
NAME_DOTS = re.compile(r"[\u00b7\u2022\u2027\u30fb\uff0e\uff65.]")


def name_parts(name: str) -> list[str]:
    return [part for part in NAME_DOTS.split(name) if part.strip()]


def _pinyin_keys(plain: str) -> set[str]:
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
    return keys


@lru_cache(maxsize=65536)
def name_keys(name: str) -> frozenset[str]:
    """Full pinyin and initials for every reading of the surname (cached: names repeat). A name
    written with a middle dot (热合曼·买买提) is found by each of its parts too: each part's
    characters (after the first, which the name itself starts with) and its pinyin."""
    parts = name_parts(name)
    plain = "".join(parts)
    if not plain:
        return frozenset()
    keys = _pinyin_keys(plain)
    if len(parts) > 1:
        for index, part in enumerate(parts):
            keys |= _pinyin_keys(part)
            if index:
                keys.add(part[:200])
    return frozenset(keys)


def is_pinyin_query(q: str) -> bool:
    return bool(q) and q.isascii() and q.isalpha()
