"""A case's history reads as words: no stored code (`grade · red`, `escalate · 220102…`)."""

from __future__ import annotations

import re

import pytest

from shequ.protection.models import ProtectionCase, RiskGrade
from shequ.protection.services.cases import case_grade, escalate

pytestmark = pytest.mark.django_db


def test_the_history_shows_labels_and_names_not_codes(client_as, world):
    case = ProtectionCase.objects.get(child__name="李小雨")
    director = world.user("director_a")
    red = RiskGrade.objects.get(code="red")
    case_grade(by=director, case=case, grade="red", reasons="测试")
    escalate(by=director, case=case, reason="需要街道协调")
    page = client_as("director_a").get(f"/protection/cases/{case.pk}/")
    assert page.status_code == 200
    history = re.search(r'<ul data-testid="events">(.*?)</ul>', page.content.decode(), re.S)
    assert history is not None
    text = re.sub(r"<[^>]+>", "", history.group(1))
    assert "风险定级" in text and red.name in text
    assert "上移一级" in text and world.division("ziqiang").name in text
    assert not re.search(r"\b(grade|escalate|open|red)\b", text)
    assert world.division("ziqiang").code not in text
