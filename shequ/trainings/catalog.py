"""Reference data of trainings, kept as data: the programme types of the article and the
continuing-education requirements (hours over a registration period, by title)."""

from __future__ import annotations

from typing import Any

from shequ.core.catalogs import seed_rows

PROGRAMME_TYPES = [
    ("exam_prep", "社工师考前培训", "Exam preparation for social workers"),
    ("pre_job", "社工岗岗前培训", "Pre-job training for social-work posts"),
    ("supervision", "社会工作行政督导培训", "Administrative supervision in social work"),
    ("governance", "社区治理与三社联动培训", "Community governance and three-sector linkage"),
]

# title code, 中文, English, hours, over years
CE_REQUIREMENTS = [
    ("assistant", "助理社会工作师", "Assistant social worker", 72, 3),
    ("social_worker", "社会工作师", "Social worker", 90, 3),
]


def seed(apps: Any = None) -> None:
    seed_rows(apps, "trainings.ProgrammeType", PROGRAMME_TYPES)
    seed_rows(
        apps,
        "trainings.CERequirement",
        CE_REQUIREMENTS,
        columns=("code", "name", "name_en", "hours", "years"),
        keep_edits=True,
    )
