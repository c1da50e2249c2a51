"""Reference lists kept as data: special groups, need categories and ethnicities (民族).
Seeded by a migration, and by `seed_reference_data()` wherever a database was emptied (tests)."""

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


# GB/T 3304 中国各民族名称的罗马字母拼写法和代码: code, 中文, romanization (the standard's).
ETHNICITIES = [
    ("01", "汉族", "Han"),
    ("02", "蒙古族", "Mongol"),
    ("03", "回族", "Hui"),
    ("04", "藏族", "Zang"),
    ("05", "维吾尔族", "Uygur"),
    ("06", "苗族", "Miao"),
    ("07", "彝族", "Yi"),
    ("08", "壮族", "Zhuang"),
    ("09", "布依族", "Buyei"),
    ("10", "朝鲜族", "Chosen"),
    ("11", "满族", "Man"),
    ("12", "侗族", "Dong"),
    ("13", "瑶族", "Yao"),
    ("14", "白族", "Bai"),
    ("15", "土家族", "Tujia"),
    ("16", "哈尼族", "Hani"),
    ("17", "哈萨克族", "Kazak"),
    ("18", "傣族", "Dai"),
    ("19", "黎族", "Li"),
    ("20", "傈僳族", "Lisu"),
    ("21", "佤族", "Va"),
    ("22", "畲族", "She"),
    ("23", "高山族", "Gaoshan"),
    ("24", "拉祜族", "Lahu"),
    ("25", "水族", "Sui"),
    ("26", "东乡族", "Dongxiang"),
    ("27", "纳西族", "Naxi"),
    ("28", "景颇族", "Jingpo"),
    ("29", "柯尔克孜族", "Kirgiz"),
    ("30", "土族", "Tu"),
    ("31", "达斡尔族", "Daur"),
    ("32", "仫佬族", "Mulao"),
    ("33", "羌族", "Qiang"),
    ("34", "布朗族", "Blang"),
    ("35", "撒拉族", "Salar"),
    ("36", "毛南族", "Maonan"),
    ("37", "仡佬族", "Gelao"),
    ("38", "锡伯族", "Xibe"),
    ("39", "阿昌族", "Achang"),
    ("40", "普米族", "Pumi"),
    ("41", "塔吉克族", "Tajik"),
    ("42", "怒族", "Nu"),
    ("43", "乌孜别克族", "Uzbek"),
    ("44", "俄罗斯族", "Russ"),
    ("45", "鄂温克族", "Ewenki"),
    ("46", "德昂族", "Deang"),
    ("47", "保安族", "Bonan"),
    ("48", "裕固族", "Yugur"),
    ("49", "京族", "Gin"),
    ("50", "塔塔尔族", "Tatar"),
    ("51", "独龙族", "Derung"),
    ("52", "鄂伦春族", "Oroqen"),
    ("53", "赫哲族", "Hezhen"),
    ("54", "门巴族", "Monba"),
    ("55", "珞巴族", "Lhoba"),
    ("56", "基诺族", "Jino"),
    ("97", "其他", "Other"),
    ("98", "外国血统", "Of foreign origin"),
]


def ethnicity_aliases(rows: Any) -> dict[str, str]:
    """What people type for an ethnicity, to its official name: the name (汉族), the name
    without 族 (汉), the code (01) and the romanization (han), each trimmed and lower-cased.
    `rows`: (code, name, name_en) of the table (live or historical)."""
    aliases: dict[str, str] = {}
    for code, name, name_en in rows:
        for key in (code, name_en, name.removesuffix("族"), name):
            if key:
                aliases[alias_key(key)] = name
    return aliases


def alias_key(value: Any) -> str:
    return str(value or "").strip().replace("\u3000", "").replace(" ", "").lower()


def seed(apps: Any = None) -> None:
    seed_lists(apps)
    seed_rows(apps, "residents.Ethnicity", ETHNICITIES)


def seed_lists(apps: Any = None) -> None:
    """The lists older than the ethnicities (their first migration seeds only these)."""
    seed_rows(
        apps,
        "residents.SpecialGroup",
        SPECIAL_GROUPS,
        columns=("code", "name", "name_en", "has_grade", "is_minor_group"),
    )
    seed_rows(apps, "residents.NeedCategory", NEED_CATEGORIES)
