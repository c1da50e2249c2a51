"""From a closed source (a case, a group, a project) to the de-identified draft of a case
study: what the source says, who is in it, which places it names, and the text
`deidentify` makes of it. Reads only what the author may see (the delivery and project
selectors); the identifiers are decrypted here, in memory, only to be removed."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from shequ.access.codes import Level, is_valid_code, parent_code
from shequ.core import crypto
from shequ.core.errors import InvalidInput, NotFound
from shequ.delivery.cases import case_get, case_list
from shequ.delivery.models import Case, CaseStage, Group, GroupStage
from shequ.delivery.selectors import group_get, group_list
from shequ.divisions.models import Division
from shequ.projects.models import ServiceProject, Stage
from shequ.projects.selectors import project_get, project_list
from shequ.residents.models import Resident, age_on
from shequ.sharing.deidentify import Deidentified, Person, Place, deidentify
from shequ.sharing.models import SourceKind

if TYPE_CHECKING:
    from shequ.accounts.models import User

SMALL_COMMUNITY = 500  # fewer residents than this: the community is named by its street


def small_community_threshold() -> int:
    return int(getattr(settings, "SHEQU_SMALL_COMMUNITY_RESIDENTS", SMALL_COMMUNITY))


@dataclass
class Material:
    title: str
    text: str
    people: list[Person]
    division: Division
    area_id: int | None


def eligible_sources(*, user: User) -> dict[str, list[Any]]:
    """The closed sources the user sees: closed cases (with their community, which the page
    names), ended groups, closed projects."""
    cases = case_list(user=user).filter(stage=CaseStage.CLOSED).select_related("division")
    return {
        SourceKind.CASE: list(cases[:100]),
        SourceKind.GROUP: list(group_list(user=user).filter(stage=GroupStage.ENDING)[:100]),
        SourceKind.PROJECT: list(project_list(user=user, stage=Stage.CLOSED)[:100]),
    }


def source_get(*, user: User, kind: str, pk: int) -> Any:
    """The source if the user sees it (404 otherwise) and it is closed (400 otherwise)."""
    if kind == SourceKind.CASE:
        source: Any = case_get(user=user, pk=pk)
        closed = source.stage == CaseStage.CLOSED
    elif kind == SourceKind.GROUP:
        source = group_get(user=user, pk=pk)
        closed = source.stage == GroupStage.ENDING
    elif kind == SourceKind.PROJECT:
        source = project_get(user=user, pk=pk)
        closed = source.stage == Stage.CLOSED
    else:
        raise NotFound()
    if not closed:
        raise InvalidInput(
            _("A case study is drafted from a closed case, an ended group or a closed project."),
            field="source",
            code="source_open",
        )
    return source


def _resident_person(resident: Resident, role: str) -> Person:
    try:
        id_number = crypto.decrypt(resident.id_number_cipher)
        phone = crypto.decrypt(resident.phone_cipher)
    except crypto.DecryptionError:
        id_number = phone = ""
    address = resident.address or (resident.household.address if resident.household else "")
    return Person(resident.name, role, id_number, phone, address)


def _staff(user: User, role: str = "staff") -> Person:
    return Person(user.full_name or user.username, role)


def _family(resident: Resident) -> list[Person]:
    people = []
    if resident.household_id:
        others = Resident.objects.filter(household_id=resident.household_id).exclude(pk=resident.pk)
        people += [_resident_person(r, "family") for r in others.select_related("household")]
    if resident.guardian_name and resident.guardian_name != "监护人":
        people.append(Person(resident.guardian_name, "family"))
    return people


def _age_phrase(born: date, on: date) -> str:
    age = age_on(born, on)
    if age < 18:
        return "未成年"
    return f"{age // 10 * 10}余岁"


def _case_material(case: Case) -> Material:
    client = case.client
    groups = [g.group.name for g in client.special_groups.select_related("group") if g.is_current]
    lines = [
        "一、案例背景",
        f"{client.name}，{client.get_gender_display()}，"
        f"{_age_phrase(client.birth_date, case.opened_on)}"
        + (f"，{'、'.join(groups)}" if groups else "")
        + f"，居住在{case.division.name}。",
        f"接案时间：{case.opened_on:%Y年%m月%d日}。",
        f"主要问题：{case.presenting_problem}",
        "二、需求评估",
        case.assessment or "（待补充）",
        "三、服务目标与计划",
        case.goals or "（待补充）",
        "四、服务过程",
    ]
    interventions = list(case.interventions.select_related("by"))
    for i in interventions:
        lines.append(f"{i.served_on:%Y年%m月%d日}，{i.way}（{i.duration_minutes}分钟）。{i.notes}")
    if not interventions:
        lines.append("（待补充）")
    lines += [
        "五、成效评估",
        case.evaluation or "（待补充）",
        f"结案：{case.closed_on:%Y年%m月%d日}，{case.closure_reason}" if case.closed_on else "",
        "六、专业反思",
        "（请作者撰写：理论视角、伦理议题、经验与不足。）",
    ]
    people = [_resident_person(client, "client"), *_family(client), _staff(case.worker)]
    people += [_staff(i.by) for i in interventions]
    if case.reviewed_by:
        people.append(_staff(case.reviewed_by, "supervisor"))
    title = (
        f"{case.area.name}个案：{case.presenting_problem[:20]}"
        if case.area
        else f"个案：{case.presenting_problem[:24]}"
    )
    return Material(
        title, "\n".join(line for line in lines if line), people, case.division, case.area_id
    )


def _group_material(group: Group) -> Material:
    members = list(group.members.select_related("resident__household"))
    sessions = list(group.sessions.filter(held=True))
    scored = [m for m in members if m.pre_score is not None and m.post_score is not None]
    lines = [
        "一、小组背景",
        f"小组名称：{group.name}。小组目标：{group.goal}",
        f"组员{len(members)}人，活动开展于{group.division.name}。",
        "二、小组过程",
    ]
    for s in sessions:
        topic = s.topic or "小组活动"
        lines.append(f"{s.held_on:%Y年%m月%d日}，{topic}（{s.duration_minutes}分钟）。{s.notes}")
    if not sessions:
        lines.append("（待补充）")
    lines.append("三、成效评估")
    if scored:
        pre = sum(m.pre_score for m in scored) / len(scored)  # type: ignore[misc]
        post = sum(m.post_score for m in scored) / len(scored)  # type: ignore[misc]
        lines.append(f"{len(scored)}名组员前后测平均分由{pre:.1f}变为{post:.1f}。")
    else:
        lines.append("（待补充）")
    lines += ["四、专业反思", "（请作者撰写：小组动力、带领技巧、经验与不足。）"]
    people = [_resident_person(m.resident, "member") for m in members]
    people.append(_staff(group.worker))
    return Material(
        f"小组工作：{group.name}", "\n".join(lines), people, group.division, group.area_id
    )


def _project_material(project: ServiceProject) -> Material:
    communities = [c.community for c in project.coverage.select_related("community")]
    lines = [
        "一、项目背景",
        f"项目名称：{project.name}（{project.number}）。",
        f"购买方：{project.buyer.name}；承接方：{project.provider.name}。",
        f"服务周期：{project.start_date:%Y年%m月}至{project.end_date:%Y年%m月}。",
        f"服务社区：{'、'.join(c.name for c in communities)}。",
        project.description,
        "二、服务领域与目标",
        "、".join(a.name for a in project.areas.all()),
        "三、成效与评估",
    ]
    for evaluation in project.evaluations.all():
        lines.append(
            f"{evaluation.get_kind_display()}：{evaluation.total}分，{evaluation.grade}。"
            f"{evaluation.conclusion}"
        )
    lines += ["四、专业反思", "（请作者撰写：项目设计、三社联动、经验与不足。）"]
    people = [_staff(u) for u in project.staff.all()]
    clients = Resident.objects.filter(
        Q(cases__project=project) | Q(pk__in=project.groups.values("members__resident_id"))
    ).select_related("household")
    people += [_resident_person(r, "client") for r in clients.distinct()[:500]]
    return Material(
        f"项目案例：{project.name}",
        "\n".join(line for line in lines if line),
        people,
        smallest_division_of([c.code for c in communities]) or project.division,
        None,
    )


def _chain(code: str) -> list[str]:
    """The code and the codes above it, up to the province (from the code alone)."""
    chain: list[str] = []
    current: str | None = code
    while current:
        chain.append(current)
        current = parent_code(current)
    return chain


def smallest_division_of(codes: list[str]) -> Division | None:
    """The smallest division that holds every one of these communities: their common
    ancestors follow from the codes; one query fetches the smallest that exists."""
    chains = [_chain(code) for code in codes if is_valid_code(code)]
    if not chains:
        return None
    common = set(chains[0]).intersection(*chains[1:])
    if not common:
        return None
    return Division.objects.filter(code__in=common).order_by("-level").first()


def places_for(division: Division) -> list[Place]:
    """Every community of the division's district (of each district of a city or a province),
    each named as precisely as its size allows: a community with fewer residents than the
    threshold is named by its street (or, if the street is small too, its district). Two
    queries, whatever the number of streets."""
    threshold = small_community_threshold()
    prefix = division.code[:6] if division.level >= Level.DISTRICT else division.prefix
    counts = dict(
        Resident.objects.filter(division__code__startswith=prefix, merged_into__isnull=True)
        .values_list("division_id")
        .annotate(n=Count("id"))
        .values_list("division_id", "n")
    )
    in_street: Counter[str] = Counter()
    for code, n in counts.items():
        in_street[code[:9]] += n
    districts: dict[str, Division] = {}
    streets: list[Division] = []
    communities: dict[str, list[Division]] = defaultdict(list)
    for node in Division.objects.filter(
        code__startswith=prefix, level__in=(Level.DISTRICT, Level.STREET, Level.COMMUNITY)
    ).order_by("code"):
        if node.level == Level.DISTRICT:
            districts[node.code] = node
        elif node.level == Level.STREET:
            streets.append(node)
        elif node.parent_id:
            communities[node.parent_id].append(node)
    places = []
    for street in streets:
        district = districts.get(street.parent_id or "")
        if district is None:
            continue
        large_street = in_street[street.code[:9]] >= threshold
        if not large_street:
            places.append(Place(street.name, f"{district.name}某街道"))
        for community in communities[street.code]:
            if counts.get(community.code, 0) < threshold:
                holder = street.name if large_street else district.name
                replacement = f"{holder}某社区"
                places.append(Place(community.name, replacement))
                for suffix in ("社区", "村"):
                    short = community.name.removesuffix(suffix)
                    if short != community.name and len(short) >= 2:
                        places.append(Place(short, replacement))
    return places


def material_for(kind: str, source: Any) -> Material:
    if kind == SourceKind.CASE:
        return _case_material(source)
    if kind == SourceKind.GROUP:
        return _group_material(source)
    return _project_material(source)


def draft_for(kind: str, source: Any) -> tuple[Material, Deidentified]:
    """The source's material and its de-identified text (title and text)."""
    material = material_for(kind, source)
    places = places_for(material.division)
    text = deidentify(material.text, people=material.people, places=places)
    title = deidentify(material.title, people=material.people, places=places).text
    material.title = title[:200]
    return material, text
