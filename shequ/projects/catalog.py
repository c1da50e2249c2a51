"""Reference data of projects, kept as data: the service areas (the six of the article, and more)
and the evaluation rubric (dimensions with their highest scores, and the grade bands)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shequ.core.catalogs import seed_rows

SERVICE_AREAS = [
    ("environment", "环境整治", "Environment"),
    ("children_youth", "儿童青少年关爱保护", "Care and protection of children and youth"),
    ("health_elderly", "康养", "Health and elderly care"),
    ("elderly_selfcare", "老年人自护", "Elderly self-care"),
    ("disability_rehab", "残疾人康复", "Disability rehabilitation"),
    ("public_services", "社区公共服务", "Community public services"),
]

# code, 中文, English, highest score, what is scored
EVALUATION_DIMENSIONS = [
    ("management", "项目管理", "Management", "20", "制度、团队、档案、进度与风险管理"),
    ("finance", "财务管理", "Finance", "15", "预算执行、专款专用、票据与支出合规"),
    ("service_output", "服务产出", "Service output", "35", "合同指标完成情况与服务质量"),
    ("social_evaluation", "社会评价", "Social evaluation", "20", "服务对象、社区和购买方满意度"),
    ("innovation", "创新与可持续", "Innovation", "10", "服务模式创新、经验总结与推广"),
]

# lowest total for each grade, highest first; below the last: 不合格
GRADE_BANDS = [
    (Decimal("90"), "优秀", "excellent"),
    (Decimal("80"), "良好", "good"),
    (Decimal("60"), "合格", "pass"),
]
FAIL_GRADE = ("不合格", "fail")


def grade_for(total: Decimal, full_marks: Decimal) -> str:
    """The grade for a total, on a rubric scaled to 100."""
    percent = total * 100 / full_marks if full_marks else Decimal("0")
    for lowest, name, _code in GRADE_BANDS:
        if percent >= lowest:
            return name
    return FAIL_GRADE[0]


def seed(apps: Any = None) -> None:
    seed_rows(apps, "projects.ServiceArea", SERVICE_AREAS)
    try:
        seed_rows(
            apps,
            "projects.EvaluationDimension",
            EVALUATION_DIMENSIONS,
            columns=("code", "name", "name_en", "max_score", "guidance"),
            keep_edits=True,
        )
    except LookupError:  # an early migration, before the rubric existed
        return
