"""Demo moves, after every record exists: a person of 东岭社区 who moved to 西岭社区 (asked
for by 西岭, approved by 东岭), a request of 东岭 waiting for 西岭's decision, and in 西岭 a
person typed twice, served under both records, then merged (the duplicates page of 东岭 keeps
its pair to merge)."""

from __future__ import annotations

from datetime import date, timedelta

from shequ.core.demo import DemoContext
from shequ.delivery.services import record_create
from shequ.residents.merging import resident_merge
from shequ.residents.models import Relation, Resident
from shequ.residents.services import resident_create, resident_identifiers
from shequ.residents.transfers import transfer_approve, transfer_request


def _with_id(residents: list[Resident]) -> list[Resident]:
    """Adults with an ID number who head no household (a move takes them out of theirs)."""
    return [
        r
        for r in residents
        if r.id_number_hash and r.relation_to_head != Relation.HEAD and not r.is_minor
    ]


def load(ctx: DemoContext) -> None:
    worker_a, worker_b = ctx["user:worker_a"], ctx["user:worker_b"]
    a, b = ctx["division:community_a"], ctx["division:community_b"]

    # moved from A to B: 西岭 asks by ID number, 东岭 approves; the services stay in A
    mover = _with_id(ctx["residents:community_a"])[-1]
    number = resident_identifiers(by=worker_a, resident=mover, audit=False)["id_number"]
    moved = transfer_request(
        by=worker_b, to_division=b, id_number=number, name=mover.name, note="已搬到西岭社区居住"
    )
    transfer_approve(by=worker_a, transfer=moved)

    # waiting: 东岭 asks for a person of 西岭
    wanted = _with_id(ctx["residents:community_b"])[0]
    number = resident_identifiers(by=worker_b, resident=wanted, audit=False)["id_number"]
    transfer_request(
        by=worker_a, to_division=a, id_number=number, name=wanted.name, note="投靠子女"
    )

    # merged in B: the same person registered twice, served under both, then merged
    first = Resident.objects.get(pk=_with_id(ctx["residents:community_b"])[1].pk)
    twin = resident_create(
        by=worker_b,
        division=b,
        confirm_possible_duplicate=True,
        data={
            "name": first.name,
            "gender": first.gender,
            "birth_date": first.birth_date,
            "consent": True,
            "guardian_name": "监护人",
            "guardian_consent": True,
        },
    )
    day = date.today() - timedelta(days=20)
    for person in (first, twin):
        record_create(
            by=worker_b,
            division=b,
            method="activity",
            served_on=day,
            duration_minutes=60,
            resident=person,
            source="demo:merge",
        )
    resident_merge(by=worker_b, keep=first, remove=twin)
