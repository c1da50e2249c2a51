"""The report's narrative is written from templates kept as data (stats/narratives.py) and the
dashboard's figures: every number of every sentence is a figure of the dashboard for the same
division and period (or its change), in Chinese and in English; and the change column says
what changed."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from shequ.figures.periods import parse_period
from shequ.figures.registry import SECTIONS
from shequ.stats.dashboard import Result, dashboard, scope_for
from shequ.stats.narratives import NARRATIVES
from shequ.stats.report import change_text, narrative, tidy

pytestmark = [pytest.mark.django_db]

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_number_of_the_narrative_is_a_figure_of_the_dashboard(world, language):
    scope = scope_for(world.user("district"), "220102000000", parse_period(str(date.today().year)))
    with translation.override(language):
        results = dashboard(scope, published=True)
        by_key = {r.figure.key: r for r in results}
        sentences = [s for section in SECTIONS for s in narrative(section, by_key, language)]
    allowed = {r.text for r in results} | {"5"}  # "<5": a small count not disclosed
    allowed |= {r.change.lstrip("+-").rstrip("%") for r in results if r.change}
    assert len(sentences) >= 6
    for sentence in sentences:
        for number in NUMBER.findall(sentence):
            assert number in allowed, (number, sentence)
    # the projects' sentence says the dashboard's figures
    projects = narrative("projects", by_key, language)[0]
    assert by_key["projects"].text in projects and by_key["contract_funds"].text in projects


def test_a_sentence_about_a_figure_out_of_sight_is_left_out(world):
    scope = scope_for(world.user("district"), "220102000000", parse_period(str(date.today().year)))
    by_key = {r.figure.key: r for r in dashboard(scope, published=True)}
    del by_key["contract_funds"]
    assert narrative("projects", by_key, "zh-hans") == []
    assert narrative("volunteers", by_key, "zh-hans")


def test_every_template_names_registered_figures():
    from shequ.figures.registry import FIGURES

    for language, sections in NARRATIVES.items():
        assert set(sections) <= set(SECTIONS), language
        for templates in sections.values():
            for template in templates:
                assert set(re.findall(r"\{(\w+)", template)) <= set(FIGURES), template


def _result(value, previous, text="", previous_text=""):
    from shequ.figures.registry import FIGURES

    return Result(
        figure=FIGURES["projects"],
        value=value,
        text=text or str(value),
        previous=previous,
        previous_text=previous_text or ("" if previous is None else str(previous)),
    )


def test_the_change_column():
    assert change_text(_result(12, 10)) == "+2 (+20.0%)"
    assert change_text(_result(Decimal("8"), Decimal("10"))) == "-2 (-20.0%)"
    assert change_text(_result(3, 0)) == "新增" or change_text(_result(3, 0)) == "new"
    assert change_text(_result(3, 3)) == "0"
    assert change_text(_result(3, None)) == "—"
    assert change_text(_result(3, 8, text="<5")) == "—"


def test_no_space_between_chinese_and_numbers():
    assert tidy("实施项目 1 个，合同金额 380,000 元") == "实施项目1个，合同金额380,000元"
    assert tidy("12 projects with 380,000 yuan") == "12 projects with 380,000 yuan"
