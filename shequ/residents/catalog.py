"""Reference lists kept as data: special groups and need categories. Seeded by a migration,
and by `seed_reference_data()` wherever a database was emptied (tests)."""

from __future__ import annotations

from typing import Any

from shequ.core.catalogs import seed_rows

SPECIAL_GROUPS = [
    # code, 中文, English, has grade, minors only
    ("elderly_alone", "独居老人", "Elderly living alone", False, False),
    ("empty_nest", "空巢老人", "Empty-nest elderly", False, False),
    ("disabled", "残疾人", "Person with a disability", True, False),
    ("dibao", "低保", "Minimum living allowance (dibao)", False, False),
    ("tekun", "特困", "Extreme poverty support (tekun)", False, False),
    ("difficult_child", "困境儿童", "Child in difficulty", False, True),
    ("left_behind_child", "留守儿童", "Left-behind child", False, True),
    ("veteran", "退役军人", "Veteran", False, False),
    ("low_income", "低收入家庭", "Low-income household", False, False),
    ("single_parent", "单亲家庭", "Single-parent family", False, False),
    ("serious_illness", "重病患者", "Serious illness", False, False),
]

NEED_CATEGORIES = [
    ("elder_care", "养老照护", "Elder care"),
    ("child_care", "儿童关爱", "Child care"),
    ("disability", "残疾康复", "Disability and rehabilitation"),
    ("employment", "就业帮扶", "Employment"),
    ("mental_health", "心理健康", "Mental health"),
    ("environment", "环境整治", "Environment"),
    ("health", "健康医疗", "Health"),
    ("education", "教育辅导", "Education and tutoring"),
    ("living", "生活救助", "Living support"),
    ("legal", "法律援助", "Legal aid"),
    ("community_life", "社区参与", "Community life"),
]


def seed(apps: Any = None) -> None:
    seed_rows(
        apps,
        "residents.SpecialGroup",
        SPECIAL_GROUPS,
        columns=("code", "name", "name_en", "has_grade", "is_minor_group"),
    )
    seed_rows(apps, "residents.NeedCategory", NEED_CATEGORIES)
