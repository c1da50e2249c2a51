"""Synthetic dataset for the statistics benchmark (issue 8). Prints how long each step takes.

    .venv/bin/python bench/generate.py --scale province   # 1,000,000 residents, 10,000,000 records
    .venv/bin/python bench/generate.py --scale city       # about a tenth
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shequ_bench_stats_tiny \
        .venv/bin/python bench/generate.py --scale tiny   # a few seconds, for trying things out

Builds a fresh PostgreSQL database (DATABASE_URL, by default shequ_bench_stats; its name must
start with shequ_bench) with the divisions of bench/residents.py (10 districts x 10 streets x
10 communities), residents loaded with COPY (bench/residents.py), projects, casework and service
records loaded with COPY (bench/delivery.py), more cases, volunteers with activities and
confirmed hours (sign-ups with check-in and check-out), trainings with sessions, trainees and
attendance, community organizations with their members and stage moves, and students with
placements and assistant assignments. Then every roll-up the application keeps is filled from
the records in SQL: the four of shequ/delivery/rollup.py (bench/delivery.py's statements), the
volunteer hours of shequ/volunteers/hours_rollup.py and the people counters of
shequ/delivery/people_counts.py (fill_people_counts below).

    .venv/bin/python bench/generate.py --rollups-only   # migrate and refill the roll-ups only
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# before bench.delivery, which has a default database of its own
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shequ_bench_stats")

from bench.delivery import (  # noqa: E402
    ROLLUPS,
    check_database,
    load_records,
    make_casework,
    make_projects,
    residents_by_community,
    sql,
    step,
    without_indexes,
)
from bench.residents import (  # noqa: E402
    GIVEN,
    SURNAMES,
    divisions,
    fresh_database,
    load_residents,
    setup_django,
)

TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Scale:
    residents: int
    records: int
    projects: int
    cases: int
    volunteers: int
    hour_entries: int  # confirmed sign-ups (check-in, check-out, hours)
    trainings: int
    community_orgs: int
    students: int


SCALES = {
    "tiny": Scale(3_000, 30_000, 20, 300, 300, 3_000, 4, 40, 20),
    "city": Scale(100_000, 1_000_000, 100, 10_000, 5_000, 100_000, 40, 400, 150),
    "province": Scale(1_000_000, 10_000_000, 1_000, 100_000, 50_000, 1_000_000, 300, 3_000, 1_000),
}

# People served per division (every level), period (year, quarter, month) and dimension, from
# the month roll-up: the keys of shequ/delivery/people_counts.py Served.keys(), people =
# count(DISTINCT resident). Expanding every row to its keys and counting distinct residents
# per key is hundreds of millions of rows at province scale; instead, a resident served in one
# community only in a year (nearly everyone) is counted once per key in that community, and
# the counts of the communities add up at every level above; the few residents served in
# several communities in a year (SEVERAL) are counted distinct at every level, and added.
# The communities are counted district by district, so that each sort stays in memory (all
# at once, the province spilled 15 GB to disk).
KEYED = """
keyed AS NOT MATERIALIZED (
    SELECT s.resident_id, s.division_code AS code, extract(year FROM s.month)::int AS year,
           p.period, d.dim, d.value
    FROM delivery_servedmonth s
    CROSS JOIN LATERAL (VALUES (to_char(s.month, 'YYYY')), (to_char(s.month, 'YYYY"Q"Q')),
                               (to_char(s.month, 'YYYY-MM'))) AS p (period)
    CROSS JOIN LATERAL (VALUES ('', ''), ('m', s.method), ('a', nullif(s.area_id, 0)::text),
                               ('p', nullif(s.project_id, 0)::text)) AS d (dim, value)
    WHERE d.value IS NOT NULL AND s.division_code LIKE %(district)s
)"""

SEVERAL = """
CREATE TEMPORARY TABLE bench_several AS  -- residents served in more than one community in a year
SELECT resident_id, extract(year FROM month)::int AS year FROM delivery_servedmonth
GROUP BY 1, 2 HAVING min(division_code) <> max(division_code)
"""

ONE_COMMUNITY = f"""
INSERT INTO delivery_peoplecount (prefix, level, period, dim, value, people, person_times)
WITH {KEYED},
levels (level) AS (VALUES (6), (9), (12)),
one_community AS (  -- distinct residents per community and key
    SELECT code, period, dim, value, count(*) AS people
    FROM (SELECT DISTINCT resident_id, code, period, dim, value FROM keyed k
          WHERE NOT EXISTS (SELECT FROM bench_several m
                            WHERE m.resident_id = k.resident_id AND m.year = k.year)) AS pairs
    GROUP BY 1, 2, 3, 4
)
SELECT left(code, level), level, period, dim, value, sum(people), 0
FROM one_community CROSS JOIN levels GROUP BY 1, 2, 3, 4, 5
"""

ABOVE_DISTRICTS = """
INSERT INTO delivery_peoplecount (prefix, level, period, dim, value, people, person_times)
SELECT left(prefix, up), up, period, dim, value, sum(people), 0
FROM delivery_peoplecount CROSS JOIN (VALUES (2), (4)) AS levels (up)
WHERE level = 6 GROUP BY 1, 2, 3, 4, 5
"""

SEVERAL_COMMUNITIES = f"""
INSERT INTO delivery_peoplecount (prefix, level, period, dim, value, people, person_times)
WITH {KEYED}
SELECT left(k.code, level), level, period, dim, value, count(DISTINCT k.resident_id), 0
FROM keyed k JOIN bench_several m ON m.resident_id = k.resident_id AND m.year = k.year
CROSS JOIN (VALUES (2), (4), (6), (9), (12)) AS levels (level) GROUP BY 1, 2, 3, 4, 5
ON CONFLICT (prefix, period, dim, value)
DO UPDATE SET people = delivery_peoplecount.people + EXCLUDED.people
"""

# Confirmed volunteer hours per month of the activity's local start day, community and
# organizer: shequ/volunteers/hours_rollup.py.
HOURS_MONTH = (
    "volunteers_hoursmonth",
    """INSERT INTO volunteers_hoursmonth (month, division_code, organizer_id, hours)
    SELECT date_trunc('month', a.starts_at AT TIME ZONE 'Asia/Shanghai')::date, a.division_id,
           a.organizer_id, sum(s.hours)
    FROM volunteers_signup s JOIN volunteers_volunteeractivity a ON a.id = s.activity_id
    WHERE s.confirmed_at IS NOT NULL AND s.hours IS NOT NULL
    GROUP BY 1, 2, 3""",
)
TABLE_FILLS = [*ROLLUPS, HOURS_MONTH]
ROLLUP_TABLES = [table for table, _ in TABLE_FILLS] + ["delivery_peoplecount"]

# Person-times beside the people, per district: every row of the month roll-up adds its
# person-times to each of its keys (additive, no distinct count).
PERSON_TIMES = """
INSERT INTO delivery_peoplecount (prefix, level, period, dim, value, people, person_times)
SELECT left(t.division_code, l.level), l.level, p.period, d.dim, d.value, 0, sum(t.person_times)
FROM delivery_persontimesmonth t
CROSS JOIN LATERAL (VALUES (to_char(t.month, 'YYYY')), (to_char(t.month, 'YYYY"Q"Q')),
                           (to_char(t.month, 'YYYY-MM'))) AS p (period)
CROSS JOIN LATERAL (VALUES ('', ''), ('m', t.method), ('a', nullif(t.area_id, 0)::text),
                           ('p', nullif(t.project_id, 0)::text)) AS d (dim, value)
CROSS JOIN (VALUES (2), (4), (6), (9), (12)) AS l (level)
WHERE d.value IS NOT NULL AND t.division_code LIKE %(district)s
GROUP BY 1, 2, 3, 4, 5
ON CONFLICT (prefix, period, dim, value)
DO UPDATE SET person_times = delivery_peoplecount.person_times + EXCLUDED.person_times
"""


def fill_people_counts() -> None:
    """The people counters (indexes dropped while the communities are counted), then the
    person-times of every counter."""
    sql("DROP TABLE IF EXISTS bench_several")
    sql(SEVERAL)
    ddl = without_indexes("delivery_peoplecount")
    districts = [
        d for (d,) in sql("SELECT DISTINCT left(division_code, 6) FROM delivery_servedmonth")
    ]
    for district in sorted(districts):
        sql(ONE_COMMUNITY, {"district": district + "%"})
    sql(ABOVE_DISTRICTS)
    for index in ddl:
        sql(index)
    sql(SEVERAL_COMMUNITIES, {"district": "%"})
    sql("DROP TABLE bench_several")
    tallied = sql("SELECT DISTINCT left(division_code, 6) FROM delivery_persontimesmonth")
    for (district,) in sorted(tallied):
        sql(PERSON_TIMES, {"district": district + "%"})


def fill_rollups(report: bool = True) -> None:
    """Empty and refill every roll-up from the records: the four of rollup.py and the
    volunteer hours (indexes dropped while filling), then the people counters from the month
    roll-up."""
    sql("TRUNCATE " + ", ".join(ROLLUP_TABLES))
    fills = [(table, _insert_without_indexes(table, statement)) for table, statement in TABLE_FILLS]
    fills.append(("delivery_peoplecount", fill_people_counts))
    for table, fill in fills:
        start = time.perf_counter()
        fill()
        if report:
            ((rows,),) = sql(f"SELECT count(*) FROM {table}")
            print(
                f"  roll-up {table} ({rows:,} rows): INSERT ... SELECT, indexes: "
                f"{time.perf_counter() - start:.1f} s",
                flush=True,
            )


def _insert_without_indexes(table: str, statement: str) -> Any:
    def fill() -> None:
        ddl = without_indexes(table)
        sql(statement)
        for index in ddl:
            sql(index)

    return fill


# ---------------------------------------------------------------------------------------------
# the records of the other apps


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _name(rng: random.Random) -> str:
    return (
        rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    )


def _users() -> dict[str, Any]:
    from shequ.accounts.models import User

    staff = User.objects.get(username="bench_staff")  # made by bench/delivery.py make_projects
    teacher, _ = User.objects.get_or_create(
        username="bench_teacher", defaults={"full_name": "督导老师"}
    )
    field, _ = User.objects.get_or_create(
        username="bench_field", defaults={"full_name": "机构督导"}
    )
    secretary, _ = User.objects.get_or_create(
        username="bench_secretary", defaults={"full_name": "社区书记"}
    )
    return {"staff": staff, "teacher": teacher, "field": field, "secretary": secretary}


def _organizations() -> tuple[dict[str, list[int]], dict[str, int]]:
    """The agencies and the civil-affairs bureau of each district (made by make_projects)."""
    from shequ.organizations.models import Organization, OrganizationKind

    agencies: dict[str, list[int]] = defaultdict(list)
    bureaus: dict[str, int] = {}
    for pk, code, kind in Organization.objects.values_list("pk", "division_id", "kind"):
        if kind == OrganizationKind.AGENCY:
            agencies[code[:6]].append(pk)
        elif kind == OrganizationKind.CIVIL_AFFAIRS:
            bureaus[code[:6]] = pk
    return agencies, bureaus


def more_cases(n: int, residents: dict[str, list[int]], rng: random.Random) -> int:
    """Cases up to n in all (make_casework made a few per project), under the projects that
    cover the client's community, opened within the project's period and never in the future."""
    from shequ.accounts.models import User
    from shequ.delivery.models import Case, CaseStage
    from shequ.projects.models import ProjectCommunity, ServiceProject

    have = Case.objects.count()
    if have >= n:
        return have
    worker = User.objects.get(username="bench_staff")
    yesterday = date.today() - timedelta(days=1)
    projects = {
        p.pk: p
        for p in ServiceProject.objects.filter(start_date__lte=yesterday).prefetch_related("areas")
    }
    coverage = [
        (c, p)
        for p, c in ProjectCommunity.objects.values_list("project_id", "community_id")
        if p in projects and residents.get(c)
    ]
    areas = {pk: [a.pk for a in p.areas.all()] for pk, p in projects.items()}
    stages = list(CaseStage)
    problems = [
        "独居老人，需要定期探访",
        "困境儿童，学业与情绪支持",
        "残疾人康复与就业",
        "家庭关系紧张",
    ]
    cases = []
    for _ in range(n - have):
        community, pk = rng.choice(coverage)
        project = projects[pk]
        span = (min(project.end_date, yesterday) - project.start_date).days
        opened = project.start_date + timedelta(days=rng.randint(0, span))
        stage = rng.choice(stages)
        cases.append(
            Case(
                division_id=community,
                client_id=rng.choice(residents[community]),
                worker=worker,
                project_id=pk,
                area_id=rng.choice(areas[pk]) if areas[pk] else None,
                stage=stage,
                opened_on=opened,
                closed_on=opened + timedelta(days=30) if stage == CaseStage.CLOSED else None,
                presenting_problem=rng.choice(problems),
            )
        )
    Case.objects.bulk_create(cases, batch_size=5000)
    return have + len(cases)


def make_volunteers(
    scale: Scale, communities: list[str], rng: random.Random, users: dict[str, Any]
) -> str:
    """Volunteers registered in the communities (2024-2026), activities organized by the
    district's agencies (some under a project its provider runs in a covered community, inside
    the project's period), and sign-ups with check-in, check-out and confirmed hours (COPY),
    plus one unconfirmed sign-up per activity."""
    from django.db import connection

    from shequ.projects.models import ProjectCommunity, ServiceProject
    from shequ.volunteers.models import ActivityStatus, Volunteer, VolunteerActivity

    first_registration = date(2024, 1, 1)
    span = (date.today() - first_registration).days
    volunteers = []
    for i in range(scale.volunteers):
        volunteers.append(
            Volunteer(
                division_id=rng.choice(communities),
                number=f"V{i + 1:09d}",
                name=_name(rng),
                gender="M" if i % 2 else "F",
                birth_date=date(1950, 1, 1) + timedelta(days=rng.randint(0, 20000)),
                id_type="resident",
            )
        )
    Volunteer.objects.bulk_create(volunteers, batch_size=5000)
    stamps = [
        _aware(first_registration + timedelta(days=rng.randint(0, span)), 10)
        for _ in range(len(volunteers))
    ]
    by_district: dict[str, list[int]] = defaultdict(list)
    with connection.cursor() as cursor:  # registration dates spread over the years
        cursor.execute("CREATE TEMP TABLE bench_registered (id bigint, at timestamptz)")
        with (
            cursor.connection.cursor() as cur,
            cur.copy("COPY bench_registered FROM STDIN") as copy,
        ):
            for v, at in zip(volunteers, stamps, strict=True):
                copy.write_row((v.pk, at))
                by_district[v.division_id[:6]].append(v.pk)
        cursor.execute(
            "UPDATE volunteers_volunteer v SET created_at = r.at, updated_at = r.at "
            "FROM bench_registered r WHERE r.id = v.id; DROP TABLE bench_registered"
        )

    agencies, _ = _organizations()
    yesterday = date.today() - timedelta(days=1)
    runs = [
        (p.pk, p.provider_id, p.start_date, min(p.end_date, yesterday))
        for p in ServiceProject.objects.filter(start_date__lte=yesterday)
    ]
    covered: dict[int, list[str]] = defaultdict(list)
    for p, c in ProjectCommunity.objects.values_list("project_id", "community_id"):
        covered[p].append(c)
    per_activity = 20
    n_activities = max(1, scale.hour_entries // per_activity)
    first_day = date(2025, 1, 1)
    days = (yesterday - first_day).days
    titles = ["社区环境清洁", "为独居老人送物资", "儿童课业辅导", "防疫物资配送", "文明交通劝导"]
    activities = []
    for _ in range(n_activities):
        if rng.random() < 0.4 and runs:  # under a project, organized by its provider
            project, organizer, start, end = rng.choice(runs)
            community = rng.choice(covered[project])
            day = start + timedelta(days=rng.randint(0, max(0, (end - start).days)))
        else:
            project = None
            community = rng.choice(communities)
            organizer = rng.choice(agencies[community[:6]])
            day = first_day + timedelta(days=rng.randint(0, days))
        starts = _aware(day, rng.choice([8, 9, 14, 15]), rng.choice([0, 30]))
        activities.append(
            VolunteerActivity(
                division_id=community,
                organizer_id=organizer,
                project_id=project,
                title=rng.choice(titles),
                content="志愿服务",
                place="社区服务站",
                starts_at=starts,
                ends_at=starts + timedelta(hours=rng.choice([2, 3, 4])),
                capacity=per_activity + 5,
                status=ActivityStatus.CLOSED,
                code_secret=secrets.token_hex(16),
            )
        )
    VolunteerActivity.objects.bulk_create(activities, batch_size=5000)
    cols = (
        "created_at, updated_at, activity_id, volunteer_id, status, checked_in_at, "
        "checked_out_at, hours, confirmed_by_id, confirmed_at"
    )
    confirmer = users["staff"].pk
    written = 0
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor() as cur, cur.copy(f"COPY volunteers_signup ({cols}) FROM STDIN") as copy:
            for activity in activities:
                pool = by_district[activity.division_id[:6]]
                chosen = rng.sample(pool, min(len(pool), per_activity + 1))
                for k, volunteer in enumerate(chosen):
                    if k == per_activity:  # applied, never served: not counted
                        copy.write_row(
                            (
                                activity.starts_at,
                                activity.starts_at,
                                activity.pk,
                                volunteer,
                                "applied",
                                None,
                                None,
                                None,
                                None,
                                None,
                            )
                        )
                        continue
                    came = activity.starts_at + timedelta(minutes=rng.choice([-10, 0, 5, 15]))
                    went = activity.ends_at - timedelta(minutes=rng.choice([0, 0, 20, 45]))
                    hours = Decimal(round((went - came).total_seconds() / 3600, 1))
                    copy.write_row(
                        (
                            activity.starts_at,
                            went,
                            activity.pk,
                            volunteer,
                            "approved",
                            came,
                            went,
                            hours,
                            confirmer,
                            went + timedelta(hours=2),
                        )
                    )
                    written += 1
    return f"{len(volunteers):,} volunteers, {len(activities):,} activities, {written:,} confirmed hour entries"


def make_trainings(
    scale: Scale, communities: list[str], rng: random.Random, users: dict[str, Any]
) -> str:
    """Trainings organized by a university or a district's agencies, commissioned by a
    district bureau, each with 4-8 sessions (the last ones may be planned), 20-60 trainees
    working in the district's communities, and their attendance."""
    from shequ.divisions.models import Division
    from shequ.organizations.models import Organization, OrganizationKind
    from shequ.trainings.models import (
        Attendance,
        Enrollment,
        ProgrammeType,
        Trainee,
        Training,
        TrainingSession,
    )

    city = Division.objects.get(code="220100000000")
    university, _ = Organization.objects.get_or_create(
        division=city, name="长春社会工作学院", defaults={"kind": OrganizationKind.UNIVERSITY}
    )
    agencies, bureaus = _organizations()
    programmes = list(ProgrammeType.objects.values_list("pk", flat=True))
    districts = sorted(bureaus)
    today = date.today()
    trainings, plans = [], []
    for i in range(scale.trainings):
        district = districts[i % len(districts)]
        start = date(2025, 1, 1) + timedelta(days=rng.randint(0, (today - date(2025, 1, 1)).days))
        weeks = rng.randint(4, 8)
        end = start + timedelta(weeks=weeks - 1)
        organizer = university if rng.random() < 0.5 else None
        trainings.append(
            Training(
                division_id=university.division_id if organizer else district + "000000",
                programme_id=rng.choice(programmes),
                title=f"社区治理与三社联动培训（第{i + 1}期）",
                organizer_id=university.pk if organizer else rng.choice(agencies[district]),
                partner_id=bureaus[district],
                start_date=start,
                end_date=end,
            )
        )
        plans.append((district, weeks))
    Training.objects.bulk_create(trainings, batch_size=2000)
    sessions: list[TrainingSession] = []
    trainees: list[Trainee] = []
    enrollments: list[Enrollment] = []
    for training, (district, count) in zip(trainings, plans, strict=True):
        for w in range(count):
            sessions.append(
                TrainingSession(
                    training=training,
                    held_on=training.start_date + timedelta(weeks=w),
                    hours=Decimal("3.0"),
                    trainer="王老师",
                    place="区社工服务中心",
                )
            )
        own = [c for c in communities if c.startswith(district)]
        for _ in range(rng.randint(20, 60)):
            trainee = Trainee(division_id=rng.choice(own), name=_name(rng), workplace="社区居委会")
            trainees.append(trainee)
            enrollments.append(Enrollment(training=training, trainee=trainee))
    TrainingSession.objects.bulk_create(sessions, batch_size=5000)
    Trainee.objects.bulk_create(trainees, batch_size=5000)
    by_training: dict[int, list[TrainingSession]] = defaultdict(list)
    for s in sessions:
        by_training[s.training_id].append(s)
    Enrollment.objects.bulk_create(enrollments, batch_size=5000)
    attendance = []
    for enrollment in enrollments:
        for session in by_training[enrollment.training_id]:
            if session.held_on < today and rng.random() < 0.85:
                attendance.append(Attendance(session=session, enrollment=enrollment))
    Attendance.objects.bulk_create(attendance, batch_size=5000)
    return (
        f"{len(trainings):,} trainings, {len(sessions):,} sessions, {len(trainees):,} trainees, "
        f"{len(enrollments):,} enrolments, {len(attendance):,} attendances"
    )


def make_community_orgs(
    scale: Scale, residents: dict[str, list[int]], rng: random.Random, users: dict[str, Any]
) -> str:
    """Resident self-organizations applied for in 2023-2026 in random communities, at every
    stage (with the moves that led there), with 5-15 members from the community."""
    from shequ.community_orgs.models import (
        CommunityOrganization,
        LegalStatus,
        Member,
        MemberRole,
        OrgStage,
        OrgType,
        StageMove,
    )

    stages = list(OrgStage.objects.order_by("sort"))
    types = list(OrgType.objects.values_list("pk", flat=True))
    populated = [c for c, ids in residents.items() if ids]
    agencies, _ = _organizations()
    today = date.today()
    kinds = ["舞蹈队", "志愿服务队", "调解委员会", "读书会", "老年协会", "互助会", "合唱团"]
    orgs, reached = [], []
    for i in range(scale.community_orgs):
        community = rng.choice(populated)
        applied = date(2023, 1, 1) + timedelta(days=rng.randint(0, (today - date(2023, 1, 1)).days))
        depth = rng.randint(0, len(stages) - 1)
        status = LegalStatus.INFORMAL
        if stages[depth].code == "graduated":
            status = rng.choice([LegalStatus.FILED, LegalStatus.REGISTERED])
        orgs.append(
            CommunityOrganization(
                division_id=community,
                name=f"{rng.choice(kinds)}{i + 1}",
                org_type_id=rng.choice(types),
                stage=stages[depth],
                applied_on=applied,
                incubator_id=rng.choice(agencies[community[:6]]),
                status=status,
                filed_on=applied + timedelta(days=300) if status != LegalStatus.INFORMAL else None,
                filing_number=f"备{i + 1:06d}" if status != LegalStatus.INFORMAL else "",
                created_by=users["staff"],
            )
        )
        reached.append(depth)
    CommunityOrganization.objects.bulk_create(orgs, batch_size=2000)
    moves, members = [], []
    for org, depth in zip(orgs, reached, strict=True):
        previous = None
        for k in range(depth + 1):
            moves.append(
                StageMove(
                    organization=org,
                    from_stage=previous,
                    to_stage=stages[k],
                    moved_on=min(today, org.applied_on + timedelta(days=60 * k)),
                    reason="按计划推进",
                    by=users["staff"],
                )
            )
            previous = stages[k]
        pool = residents[org.division_id]
        for j, resident in enumerate(rng.sample(pool, min(len(pool), rng.randint(5, 15)))):
            members.append(
                Member(
                    organization=org,
                    resident_id=resident,
                    role=MemberRole.values[0] if j == 0 else MemberRole.values[-1],
                    joined_on=org.applied_on,
                )
            )
    StageMove.objects.bulk_create(moves, batch_size=5000)
    Member.objects.bulk_create(members, batch_size=5000)
    return f"{len(orgs):,} community organizations, {len(moves):,} stage moves, {len(members):,} members"


def make_placements(
    scale: Scale, communities: list[str], rng: random.Random, users: dict[str, Any]
) -> str:
    """Students of the university placed for a semester in 2025-2026 with a community
    committee (or an agency) of a random community; about half assist the community
    secretary for part of it."""
    from shequ.organizations.models import Organization, OrganizationKind
    from shequ.placements.models import (
        AssistantAssignment,
        Placement,
        PracticumRequirement,
        Student,
    )

    university = Organization.objects.get(name="长春社会工作学院")
    requirements = list(PracticumRequirement.objects.values_list("pk", flat=True))
    hosts: dict[str, int] = {}
    chosen = rng.sample(communities, min(len(communities), max(1, scale.students // 2)))
    committees = [
        Organization(
            division_id=c, name="社区居民委员会", kind=OrganizationKind.COMMUNITY_COMMITTEE
        )
        for c in chosen
    ]
    Organization.objects.bulk_create(committees)
    for org in committees:
        hosts[org.division_id] = org.pk
    students, placements = [], []
    for i in range(scale.students):
        students.append(
            Student(
                division_id=university.division_id,
                school=university,
                name=_name(rng),
                number=f"2024{i + 1:05d}",
                requirement_id=rng.choice(requirements),
                cohort=rng.choice([2023, 2024, 2025]),
            )
        )
    Student.objects.bulk_create(students, batch_size=2000)
    assignments = []
    for student in students:
        community = rng.choice(chosen)
        start = (
            date(2025, rng.choice([3, 9]), 1)
            if rng.random() < 0.5
            else date(2026, rng.choice([3, 9]), 1)
        )
        placements.append(
            Placement(
                division_id=community,
                student=student,
                host_id=hosts[community],
                start_date=start,
                end_date=start + timedelta(days=119),
                school_supervisor=users["teacher"],
                field_supervisor=users["field"],
            )
        )
    Placement.objects.bulk_create(placements, batch_size=2000)
    for placement in placements:
        if rng.random() < 0.5:
            assignments.append(
                AssistantAssignment(
                    placement=placement,
                    secretary=users["secretary"],
                    start_date=placement.start_date + timedelta(days=14),
                    end_date=placement.end_date,
                    duties="协助社区书记整理台账、走访居民",
                )
            )
    AssistantAssignment.objects.bulk_create(assignments, batch_size=2000)
    return f"{len(students):,} students, {len(placements):,} placements, {len(assignments):,} assistants"


# ---------------------------------------------------------------------------------------------


def generate(scale: Scale, seed: int = 8) -> None:
    rng = random.Random(seed)
    with step("fresh database, migrations"):
        fresh_database()
    with step("1,111 divisions (10 districts, 100 streets, 1,000 communities)"):
        communities = divisions()
    print("  ", end="")
    load_residents(scale.residents, communities, rng)  # prints its own time
    residents = residents_by_community()
    with step(f"{scale.projects:,} projects with coverage, areas, stages, indicators"):
        specs = make_projects(scale.projects, communities, rng)
    t = time.perf_counter()
    detail = make_casework(specs, residents, rng)
    print(f"  {detail}: {time.perf_counter() - t:.1f} s", flush=True)
    with step(f"cases up to {scale.cases:,}"):
        more_cases(scale.cases, residents, rng)
    sql("SET maintenance_work_mem = '1GB'")
    sql("SET work_mem = '256MB'")
    with step(f"{scale.records:,} service records with COPY (indexes and constraints dropped)"):
        ddl = without_indexes("delivery_servicerecord")
        load_records(scale.records, specs, residents, rng)
    with step("service-record indexes and foreign keys recreated"):
        for statement in ddl:
            sql(statement)
    users = _users()
    t = time.perf_counter()
    detail = make_volunteers(scale, communities, rng, users)
    print(f"  {detail}: {time.perf_counter() - t:.1f} s", flush=True)
    t = time.perf_counter()
    detail = make_trainings(scale, communities, rng, users)
    print(f"  {detail}: {time.perf_counter() - t:.1f} s", flush=True)
    t = time.perf_counter()
    detail = make_community_orgs(scale, residents, rng, users)
    print(f"  {detail}: {time.perf_counter() - t:.1f} s", flush=True)
    t = time.perf_counter()
    detail = make_placements(scale, communities, rng, users)
    print(f"  {detail}: {time.perf_counter() - t:.1f} s", flush=True)
    fill_rollups()
    with step("VACUUM ANALYZE"):
        sql("VACUUM ANALYZE")


def refill() -> None:
    """An existing dataset brought up to the application's schema, its roll-ups refilled."""
    from django.core.management import call_command

    with step("migrations"):
        call_command("migrate", verbosity=0)
    sql("SET maintenance_work_mem = '1GB'")
    sql("SET work_mem = '256MB'")
    fill_rollups()
    with step("VACUUM ANALYZE"):
        sql("VACUUM ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="city")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--rollups-only",
        action="store_true",
        help="keep the records of an existing dataset: migrate, refill every roll-up, analyze",
    )
    args = parser.parse_args()
    setup_django()
    check_database()
    from django.conf import settings

    scale = SCALES[args.scale]
    print(
        f"Shequ synthetic dataset, scale {args.scale} ({scale}) into "
        f"{settings.DATABASES['default']['NAME']} · {os.cpu_count()} cores · {date.today()}",
        flush=True,
    )
    start = time.perf_counter()
    if args.rollups_only:
        refill()
    else:
        generate(scale, args.seed)
    print(f"  generation in all: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
