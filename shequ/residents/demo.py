"""Demo residents in both demo communities (and one in 宽城区): households, special groups,
needs assessments, and a pair of likely duplicates for the duplicates page."""

from __future__ import annotations

import random
from datetime import date, timedelta

from shequ.core.demo import DemoContext
from shequ.residents.identity import id_check_char
from shequ.residents.models import Relation, Resident
from shequ.residents.services import (
    household_add_member,
    household_create,
    needs_assessment_create,
    resident_create,
)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗单曾"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "桂兰",
    "建华",
    "玉兰",
    "志强",
    "淑珍",
    "国庆",
    "子涵",
    "欣怡",
    "浩然",
    "梓轩",
]
GROUPS_BY_AGE = [(70, "elderly_alone"), (65, "empty_nest"), (0, "left_behind_child")]


def make_id(region: str, born: date, gender: str, serial: int) -> str:
    seq = serial * 2 + (1 if gender == "M" else 0)
    first17 = f"{region}{born:%Y%m%d}{seq % 1000:03d}"
    return first17 + id_check_char(first17)


def load(ctx: DemoContext) -> None:
    rng = random.Random(2026)  # noqa: S311 (demo data, not secrets)
    today = date.today()
    plan = [
        ("community_a", "worker_a", 24),
        ("community_b", "worker_b", 18),
        ("xinfa", "worker_k", 6),
    ]
    serial = 100
    for key, username, count in plan:
        division = ctx[f"division:{key}"]
        worker = ctx[f"user:{username}"]
        households = [
            household_create(
                by=worker,
                division=division,
                number=f"{division.code[-3:]}-{n:03d}",
                address=f"{division.name}{n}号楼{rng.randint(1, 6)}单元",
            )
            for n in range(1, count // 3 + 1)
        ]
        residents: list[Resident] = []
        for i in range(count):
            age = rng.choice([8, 12, 16, 35, 42, 58, 67, 72, 81])
            born = today - timedelta(days=age * 365 + rng.randint(10, 300))
            gender = rng.choice("MF")
            serial += 1
            minor = age < 18
            groups = []
            if age >= 70 and i % 2 == 0:
                groups.append({"code": "elderly_alone", "start_date": today - timedelta(days=400)})
            elif age >= 60 and i % 3 == 0:
                groups.append({"code": "empty_nest", "start_date": today - timedelta(days=300)})
            if minor and i % 2 == 0:
                groups.append(
                    {"code": "left_behind_child", "start_date": today - timedelta(days=200)}
                )
            if i % 7 == 3 and not minor:
                groups.append(
                    {"code": "disabled", "grade": "二级", "start_date": today - timedelta(days=900)}
                )
            if i % 5 == 1:
                groups.append({"code": "dibao", "start_date": today - timedelta(days=500)})
            household = households[i % len(households)]
            data = {
                "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                "gender": gender,
                "birth_date": born,
                "id_number": make_id(division.code[:6], born, gender, serial),
                "phone": f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                "address": household.address,
                "ethnicity": rng.choice(["汉族"] * 8 + ["满族", "朝鲜族", "回族"]),
                "guardian_name": "监护人" if minor else "",
                "guardian_consent": minor,
                "guardian_consent_date": today - timedelta(days=30) if minor else None,
                "consent": True,
                "special_groups": groups,
            }
            resident = resident_create(
                by=worker,
                division=division,
                data=data,
                household=None,
                confirm_possible_duplicate=True,
            )
            relation = (
                Relation.HEAD
                if i < len(households)
                else rng.choice([Relation.SPOUSE, Relation.CHILD, Relation.PARENT])
            )
            household_add_member(
                by=worker, household=household, resident=resident, relation=relation
            )
            residents.append(resident)
        ctx[f"residents:{key}"] = residents
        ctx[f"households:{key}"] = households
        for n, resident in enumerate(residents[:6]):
            needs_assessment_create(
                by=worker,
                division=division,
                resident=resident,
                assessed_on=today - timedelta(days=n * 9),
                items=[
                    {"category": c, "priority": p}
                    for c, p in [
                        ("elder_care", "high"),
                        ("health", "medium"),
                        ("child_care", "high"),
                        ("employment", "low"),
                        ("mental_health", "medium"),
                        ("community_life", "low"),
                    ][n % 3 : n % 3 + 2]
                ],
            )
    # a likely duplicate in community A: the same person typed twice, once without an ID number
    first = ctx["residents:community_a"][4]
    twin = resident_create(
        by=ctx["user:worker_a"],
        division=ctx["division:community_a"],
        confirm_possible_duplicate=True,
        data={
            "name": first.name,
            "gender": first.gender,
            "birth_date": first.birth_date,
            "address": first.address,
            "consent": True,
            "guardian_name": "监护人",
            "guardian_consent": True,
        },
    )
    ctx["resident:duplicate"] = twin
