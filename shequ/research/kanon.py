"""k-anonymity by full-domain generalization with suppression, on plain rows.

Each quasi-identifier of a row is given as its *ladder*: the value from the most precise to the
most general, ending in "*" (e.g. an age: ("35-39", "30-39", "*"); a community: ("东岭社区",
"自强街道", "南关区", "*")). A *node* chooses one rung per quasi-identifier. The search walks the
nodes from the least generalized (by the sum of the rungs' fractions of their ladders), and
keeps the first acceptable one, the fewest suppressed among equally generalized: a node is
acceptable when the rows whose combination appears fewer than k times are at most
`max_suppressed` of all rows. Those rows are suppressed; the top node ("*" everywhere) is always
acceptable when there are at least k rows, and when there are fewer, every row is suppressed.

Whatever comes out satisfies k-anonymity on the quasi-identifiers: every combination appears
at least k times. Pure Python, no database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any

MIN_K = 5
TOP = "*"


@dataclass
class Anonymized:
    rows: list[dict[str, Any]]
    levels: dict[str, int]  # the rung chosen per quasi-identifier (0 = most precise)
    ladders: dict[str, int]  # how many rungs each quasi-identifier had
    suppressed: int
    k: int
    classes: int = 0  # equivalence classes released
    notes: list[str] = field(default_factory=list)


def _ladder_lengths(rows: Sequence[Mapping[str, Any]], quasi: Sequence[str]) -> dict[str, int]:
    lengths: dict[str, int] = {}
    for q in quasi:
        sizes = {len(row[q]) for row in rows}
        if len(sizes) > 1:
            raise ValueError(f"the ladders of {q!r} differ in length")
        lengths[q] = sizes.pop() if sizes else 1
        if any(row[q][-1] != TOP for row in rows):
            raise ValueError(f"the ladder of {q!r} must end in {TOP!r}")
    return lengths


def _key(row: Mapping[str, Any], quasi: Sequence[str], node: Sequence[int]) -> tuple[Any, ...]:
    return tuple(row[q][level] for q, level in zip(quasi, node, strict=True))


def anonymize(
    rows: Sequence[Mapping[str, Any]],
    *,
    quasi: Sequence[str],
    k: int,
    max_suppressed: float = 0.05,
) -> Anonymized:
    """Generalize and suppress until every combination of the quasi-identifiers appears at
    least k times. Rows keep their other keys; each quasi-identifier becomes its chosen rung."""
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
    quasi = list(quasi)
    lengths = _ladder_lengths(rows, quasi)
    n = len(rows)
    allowed = int(max_suppressed * n)

    def loss(node: tuple[int, ...]) -> float:
        return sum(
            level / (lengths[q] - 1) if lengths[q] > 1 else 0.0
            for q, level in zip(quasi, node, strict=True)
        )

    nodes = sorted(product(*(range(lengths[q]) for q in quasi)), key=lambda nd: (loss(nd), nd))
    best: tuple[int, ...] | None = None
    best_small: set[tuple[Any, ...]] = set()
    best_suppressed = n + 1
    best_loss: float | None = None
    for node in nodes:
        if best_loss is not None and loss(node) > best_loss + 1e-9:
            break
        counts = Counter(_key(row, quasi, node) for row in rows)
        small = {key for key, c in counts.items() if c < k}
        suppressed = sum(counts[key] for key in small)
        if suppressed <= allowed and suppressed < best_suppressed:
            best, best_small, best_suppressed, best_loss = node, small, suppressed, loss(node)
    if best is None:  # fewer than k rows, or nothing within the suppression allowed
        best = tuple(lengths[q] - 1 for q in quasi)
        counts = Counter(_key(row, quasi, best) for row in rows)
        best_small = {key for key, c in counts.items() if c < k}
    out: list[dict[str, Any]] = []
    suppressed = 0
    for row in rows:
        key = _key(row, quasi, best)
        if key in best_small:
            suppressed += 1
            continue
        released = dict(row)
        for q, value in zip(quasi, key, strict=True):
            released[q] = value
        out.append(released)
    return Anonymized(
        rows=out,
        levels=dict(zip(quasi, best, strict=True)),
        ladders=lengths,
        suppressed=suppressed,
        k=k,
        classes=len({tuple(row[q] for q in quasi) for row in out}),
    )


def is_k_anonymous(rows: Sequence[Mapping[str, Any]], quasi: Sequence[str], k: int) -> bool:
    """Does every combination of the (released) quasi-identifier values appear at least k
    times?"""
    counts = Counter(tuple(row[q] for q in quasi) for row in rows)
    return all(c >= k for c in counts.values())


# ---------------------------------------------------------------- ladders for the usual values


def age_ladder(age: int | None) -> tuple[str, ...]:
    """5-year band, 10-year band, 20-year band, *."""
    if age is None or age < 0:
        return (TOP, TOP, TOP, TOP)
    five = age // 5 * 5
    ten = age // 10 * 10
    twenty = age // 20 * 20
    return (f"{five}-{five + 4}", f"{ten}-{ten + 9}", f"{twenty}-{twenty + 19}", TOP)


def month_ladder(month: str) -> tuple[str, ...]:
    """'2026-03' → ('2026-03', '2026Q1', '2026', '*')."""
    if not month:
        return (TOP, TOP, TOP, TOP)
    year, mon = month.split("-")
    return (month, f"{year}Q{(int(mon) - 1) // 3 + 1}", year, TOP)


def flat_ladder(value: str) -> tuple[str, ...]:
    return (value or TOP, TOP)
