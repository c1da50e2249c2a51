"""Reference data of community organizations, kept as data: the incubation stages (and the
permission each move into them needs), the types, the capacity dimensions and the national
targets (at least 10 organizations per urban community, 5 per rural one)."""

from __future__ import annotations

from typing import Any

from shequ.core.catalogs import seed_rows

# code, 中文, English, permission needed to move an organization into the stage
STAGES = [
    ("application", "申请", "Application", "community_org.manage"),
    ("pre_incubation", "预孵化", "Pre-incubation", "community_org.manage"),
    ("incubation", "孵化", "Incubation", "community_org.manage"),
    ("mature", "成熟", "Mature", "community_org.manage"),
    ("graduated", "出壳", "Graduated", "community_org.graduate"),
]

ORG_TYPES = [
    ("culture_sports", "文体", "Culture and sports"),
    ("charity", "公益慈善", "Public welfare and charity"),
    ("life_services", "生活服务", "Life services"),
    ("mediation", "专业调处", "Mediation"),
    ("other", "其他", "Other"),
]

# code, 中文, English, highest score, what is scored
CAPACITY_DIMENSIONS = [
    ("governance", "内部治理", "Governance", "25", "章程、负责人、议事规则、民主决策"),
    ("finance", "财务管理", "Finance", "25", "资金来源、收支记录、公开透明"),
    ("activities", "活动开展", "Activities", "25", "活动频次、参与人数、居民评价"),
    ("members", "成员发展", "Members", "25", "成员数量、骨干培养、志愿参与"),
]

# kind, 中文, English, at least
TARGETS = [
    ("urban", "城市社区", "Urban community", 10),
    ("rural", "农村社区", "Rural community", 5),
]


def seed(apps: Any = None) -> None:
    seed_rows(
        apps,
        "community_orgs.OrgStage",
        STAGES,
        columns=("code", "name", "name_en", "permission"),
    )
    seed_rows(apps, "community_orgs.OrgType", ORG_TYPES)
    seed_rows(
        apps,
        "community_orgs.CapacityDimension",
        CAPACITY_DIMENSIONS,
        columns=("code", "name", "name_en", "max_score", "guidance"),
        keep_edits=True,
    )
    seed_rows(
        apps,
        "community_orgs.OrgTarget",
        TARGETS,
        columns=("kind", "name", "name_en", "minimum"),
        key="kind",
        keep_edits=True,
    )
