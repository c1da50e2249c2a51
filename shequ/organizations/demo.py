from __future__ import annotations

from stdnum.cn import uscc

from shequ.core.demo import DemoContext
from shequ.organizations.models import Organization


def _uscc(base17: str) -> str:
    return base17 + uscc.calc_check_digit(base17)


# key: (division key, name, kind, unified social credit code base or "")
ORGANIZATIONS = [
    ("city_bureau", "city", "长春市民政局", "civil_affairs", "11220100MB0000001"),
    ("nanguan_bureau", "nanguan", "南关区民政局", "civil_affairs", "11220102MB0000012"),
    ("nanguan_org_dept", "nanguan", "中共长春市南关区委组织部", "org_department", ""),
    ("kuancheng_bureau", "kuancheng", "宽城区民政局", "civil_affairs", "11220103MB0000023"),
    ("chaoyang_bureau", "chaoyang", "朝阳区民政局", "civil_affairs", ""),
    ("university", "city", "长春工业大学公共管理学院", "university", ""),
    ("agency", "nanguan", "长春市同创社会工作服务中心", "agency", "52220102MJ0000011"),
    ("agency_k", "kuancheng", "长春市同盛社会工作服务中心", "agency", "52220103MJ0000022"),
    ("ziqiang_office", "ziqiang", "自强街道办事处", "street_office", ""),
    ("community_a_committee", "community_a", "东岭社区居民委员会", "community_committee", ""),
    ("community_b_committee", "community_b", "西岭社区居民委员会", "community_committee", ""),
    ("xinfa_committee", "xinfa", "新发社区居民委员会", "community_committee", ""),
    ("school", "ziqiang", "南关区自强小学", "school", ""),
    ("hospital", "nanguan", "南关区妇幼保健院", "hospital", ""),
    ("police", "ziqiang", "自强派出所", "police", ""),
    ("volunteer_team", "community_a", "东岭社区志愿服务队", "self_organization", ""),
]


def load(ctx: DemoContext) -> None:
    for key, division_key, name, kind, base in ORGANIZATIONS:
        org, _ = Organization.objects.get_or_create(
            division=ctx[f"division:{division_key}"],
            name=name,
            defaults={"kind": kind, "uscc": _uscc(base) if base else ""},
        )
        ctx[f"org:{key}"] = org
