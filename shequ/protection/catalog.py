"""Reference data of juvenile protection, kept as data: the reportable situations of the 2020
mandatory-reporting opinion (关于建立侵害未成年人案件强制报告制度的意见（试行）, article 4), the
risk grades with their home-visit rhythm, and the acknowledgement deadline."""

from __future__ import annotations

from typing import Any

from shequ.core.catalogs import seed_rows

# code, 中文, English
SITUATIONS = [
    (
        "private_parts",
        "未成年人的生殖器官或隐私部位遭受或疑似遭受非正常损伤",
        "Injury to the genitals or private parts",
    ),
    (
        "girl_under_14",
        "不满十四周岁的女性未成年人遭受或疑似遭受性侵害、怀孕、流产",
        "A girl under 14 sexually abused, pregnant or after an abortion",
    ),
    (
        "girl_14_plus",
        "十四周岁以上女性未成年人遭受或疑似遭受性侵害所致怀孕、流产",
        "A girl of 14 or more pregnant or after an abortion from sexual abuse",
    ),
    (
        "multiple_injuries",
        "身体存在多处损伤、严重营养不良、意识不清，存在或疑似存在受到家庭暴力、欺凌、虐待、殴打或者被人麻醉等情形",
        "Multiple injuries, severe malnutrition or unconsciousness from suspected violence",
    ),
    (
        "self_harm",
        "因自杀、自残、工伤、中毒、被人麻醉、殴打等非正常原因导致伤残、死亡",
        "Disability or death from suicide, self-harm, poisoning or violence",
    ),
    ("abandoned", "被遗弃或长期处于无人照料状态", "Abandoned or left with no one caring"),
    (
        "trafficked",
        "来源不明、失踪或者被拐卖、收买",
        "Of unknown origin, missing, trafficked or bought",
    ),
    ("begging", "被组织乞讨", "Organized begging"),
    (
        "other_harm",
        "其他严重侵害未成年人身心健康的情形或正在面临不法侵害危险",
        "Other serious harm, or in danger of unlawful harm",
    ),
]

# code, 中文, English, days between home visits, order
RISK_GRADES = [
    ("red", "红色（高风险）", "Red (high risk)", 7, 10),
    ("yellow", "黄色（较高风险）", "Yellow (elevated risk)", 14, 20),
    ("blue", "蓝色（一般风险）", "Blue (some risk)", 30, 30),
    ("green", "绿色（低风险）", "Green (low risk)", 30, 40),
]

ACKNOWLEDGE_HOURS = 24  # default; a division's setting may change it
BREAK_GLASS_HOURS = 4
FOLLOW_UP_MONTHS = (3, 12)


def seed(apps: Any = None) -> None:
    seed_rows(apps, "protection.Situation", SITUATIONS)
    seed_rows(
        apps,
        "protection.RiskGrade",
        RISK_GRADES,
        columns=("code", "name", "name_en", "visit_every_days", "sort"),
        keep_edits=True,
    )
