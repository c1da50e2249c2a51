"""Charts drawn on the server, without a browser, as PNG images for the PDF and the Word file:
matplotlib with its Agg backend and the CJK font of the PDFs (`core.pdf.cjk_font`, Noto CJK of
fonts-noto-cjk), so that Chinese labels are drawn rather than boxes. Three shapes: a ranked bar
chart (a breakdown), a line by month (a trend), and pairs of bars (this period against the last,
or a target against the actual). A value of None is a gap (a small people count not disclosed)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from shequ.core.pdf import cjk_font

Value = float | None
COLOURS = ("#9aa5b1", "#c0392b")  # the period before (grey), this period (the house red)
WIDTH = 6.4  # inches: about 16 cm, the width of the text on A4


def _font() -> font_manager.FontProperties:
    return font_manager.FontProperties(fname=cjk_font())


def _figure(height: float) -> Figure:
    figure = Figure(figsize=(WIDTH, height), dpi=120)
    figure.set_layout_engine("constrained")
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _style(axes: Any, title: str, font: font_manager.FontProperties) -> None:
    axes.set_title(title, fontproperties=font, fontsize=11, loc="left")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for label in axes.get_xticklabels() + axes.get_yticklabels():
        label.set_fontproperties(font)
        label.set_fontsize(8)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def bar_chart(title: str, labels: Sequence[str], values: Sequence[Value]) -> bytes:
    """A breakdown: horizontal bars, largest first (a ranked list reads better than a column
    chart once there are more than a handful of categories)."""
    font = _font()
    pairs = sorted(zip(labels, values, strict=True), key=lambda p: -(p[1] or 0))
    figure = _figure(0.6 + 0.3 * max(len(pairs), 2))
    axes = figure.add_subplot()
    names = [name for name, _value in reversed(pairs)]
    numbers = [value or 0 for _name, value in reversed(pairs)]
    bars = axes.barh(names, numbers, color=COLOURS[1])
    axes.bar_label(
        bars,
        labels=["" if v is None else _number(v) for _n, v in reversed(pairs)],
        padding=3,
        fontsize=8,
    )
    axes.margins(x=0.15)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    _style(axes, title, font)
    return _png(figure)


def line_chart(
    title: str, labels: Sequence[str], values: Sequence[Value], xlabel: str = ""
) -> bytes:
    """A trend: one value per month, a gap where a value is not disclosed."""
    font = _font()
    figure = _figure(2.0)
    axes = figure.add_subplot()
    numbers = [float("nan") if v is None else v for v in values]
    axes.plot(range(len(numbers)), numbers, marker="o", color=COLOURS[1])
    axes.set_xticks(range(len(numbers)), list(labels))
    for x, value in enumerate(values):
        if value is not None:
            axes.annotate(
                _number(value), (x, value), textcoords="offset points", xytext=(0, 5), ha="center",
                fontsize=7,
            )  # fmt: skip
    axes.set_ylim(bottom=0)
    axes.margins(y=0.2)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    if xlabel:
        axes.set_xlabel(xlabel, fontproperties=font, fontsize=8)
    _style(axes, title, font)
    return _png(figure)


def pairs_chart(
    title: str,
    names: Sequence[str],
    pairs: Sequence[tuple[Value, Value]],
    legend: tuple[str, str],
) -> bytes:
    """Two bars per figure, each figure on its own scale (figures of different units side by
    side): the period before against this one, or the target against the actual."""
    font = _font()
    count = max(len(names), 1)
    figure = _figure(2.4)
    figure.suptitle(title, fontproperties=font, fontsize=11, x=0.02, ha="left")
    for index, (name, (first, second)) in enumerate(zip(names, pairs, strict=True)):
        axes = figure.add_subplot(1, count, index + 1)
        bars = axes.bar([0, 1], [first or 0, second or 0], color=COLOURS, width=0.6)
        axes.bar_label(
            bars, labels=["" if v is None else _number(v) for v in (first, second)], fontsize=7
        )
        axes.set_xticks([])
        axes.set_yticks([])
        axes.margins(y=0.25)
        axes.set_xlabel(name, fontproperties=font, fontsize=8)
        for side in ("top", "right", "left"):
            axes.spines[side].set_visible(False)
    handles = [Patch(color=c) for c in COLOURS]
    figure.legend(handles, legend, prop=font, fontsize=8, loc="upper right", frameon=False)
    return _png(figure)
