"""Importing the trainees of one training from Excel, through the same engine as the residents
import (all or nothing, every problem listed by row). A trainee already registered in the same
community with the same name and phone is enrolled again rather than registered twice; one
already enrolled is left as it is (a second import of the same file changes nothing)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.audit.services import audit_record
from shequ.core.errors import Forbidden, InvalidInput, NotFound
from shequ.divisions.models import Division, Level
from shequ.imports.engine import ImportSpec, RowProblem, ValidationResult, register
from shequ.imports.models import ImportJob
from shequ.imports.reading import BadDate, Column
from shequ.trainings.models import CERequirement, Enrollment, Trainee, Training
from shequ.trainings.permissions import may_organize
from shequ.trainings.selectors import training_list
from shequ.trainings.services import MANAGE, trainee_build

if TYPE_CHECKING:
    from shequ.accounts.models import User

COLUMNS = [
    Column("name", "姓名", required=True, aliases=("name",)),
    Column("community", "所在社区", required=True, aliases=("社区", "社区代码", "community")),
    Column("workplace", "工作单位", aliases=("单位", "workplace")),
    Column("phone", "联系电话", aliases=("电话", "手机", "手机号", "phone")),
    Column("title", "职称", aliases=("职业水平", "title")),
    Column("title_since", "取得职称日期", kind="date", aliases=("title_since",)),
]

EXAMPLE = ["张丽", "220102001001", "东岭社区居委会", "13800000000", "助理社会工作师", "2024-06-30"]


def _organized(user: User) -> list[Training]:
    return [t for t in training_list(user=user) if may_organize(user, t)]


def _targets(user: User) -> list[tuple[str, str]]:
    return [(str(t.pk), f"{t.title}（{t.start_date:%Y-%m-%d}）") for t in _organized(user)]


def _training(user: User, target_id: int | None) -> Training:
    training = training_list(user=user).filter(pk=target_id or 0).first()
    if training is None:
        raise NotFound()
    return training


def _resolve(user: User, value: str) -> tuple[Division, int | None]:
    training = _training(user, int(value) if value.isdigit() else None)
    return training.division, training.pk


def _authorize(user: User, division: Division, target_id: int | None) -> None:
    training = _training(user, target_id)
    if training.division_id != division.code or not may_organize(user, training):
        raise Forbidden(_("Only the training's organizer may do this."))


def _community_finder() -> Callable[[str], Division | str]:
    """A community by its 12-digit code or by a name that only one community has; otherwise
    the message to show."""
    communities = list(Division.objects.filter(level=Level.COMMUNITY).only("code", "name"))
    by_code = {c.code: c for c in communities}
    by_name: dict[str, list[Division]] = {}
    for c in communities:
        by_name.setdefault(c.name, []).append(c)

    def find(value: str) -> Division | str:
        value = value.strip()
        if value in by_code:
            return by_code[value]
        named = by_name.get(value, [])
        if len(named) == 1:
            return named[0]
        if named:
            return _("Several communities are called %(v)s: give the 12-digit code.") % {"v": value}
        return _("Unknown community: %(v)s (give its name or 12-digit code).") % {"v": value}

    return find


def _title_finder() -> Callable[[str], CERequirement | None]:
    titles: dict[str, CERequirement] = {}
    for t in CERequirement.objects.all():
        titles.update({t.code: t, t.name: t, t.name_en.lower(): t})
    return lambda value: titles.get(value.strip()) or titles.get(value.strip().lower())


def validate_rows(
    job: ImportJob, rows: Iterable[tuple[int, dict[str, Any]]], progress: Callable[[int], None]
) -> ValidationResult:
    find_community, find_title = _community_finder(), _title_finder()
    result = ValidationResult()
    seen: dict[tuple[str, str, str], int] = {}
    for count, (row_number, values) in enumerate(rows, start=1):
        result.total = count
        progress(count)
        problems: list[RowProblem] = []
        community = find_community(str(values.get("community") or ""))
        if isinstance(community, str):
            problems.append(RowProblem(row_number, "community", community))
        title_text = str(values.get("title") or "").strip()
        title = find_title(title_text) if title_text else None
        if title_text and title is None:
            problems.append(
                RowProblem(row_number, "title", _("Unknown title: %(v)s.") % {"v": title_text})
            )
        since = values.get("title_since")
        if isinstance(since, BadDate):
            problems.append(
                RowProblem(
                    row_number,
                    "title_since",
                    _("Not a date: %(v)s (use 1980-01-31).") % {"v": since},
                )
            )
            since = None
        trainee = None
        try:
            trainee = trainee_build(
                division=community if isinstance(community, Division) else Division(code=""),
                name=str(values.get("name") or ""),
                workplace=str(values.get("workplace") or ""),
                phone=str(values.get("phone") or ""),
                title=title,
                title_since=since or None,
            )
        except InvalidInput as exc:
            problems.append(RowProblem(row_number, exc.field or "", str(exc.message)))
        if trainee is not None and not problems:
            key = (trainee.division_id, trainee.name, trainee.phone_hash)
            if key in seen:
                problems.append(
                    RowProblem(
                        row_number,
                        "name",
                        _("The same person is already on row %(row)d.") % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = row_number
                result.rows.append((row_number, trainee))
        result.problems += problems
    return result


def commit_rows(job: ImportJob, rows: list[tuple[int, Any]]) -> tuple[int, int]:
    """Register the new trainees and enrol everyone in the training: (enrolled now, enrolled
    already)."""
    training = Training.objects.get(pk=job.target_id or 0)
    people: list[Trainee] = [trainee for _row, trainee in rows]
    existing = {
        (t.division_id, t.name, t.phone_hash): t
        for t in Trainee.objects.filter(
            division_id__in={p.division_id for p in people}, name__in={p.name for p in people}
        )
    }
    new = [p for p in people if (p.division_id, p.name, p.phone_hash) not in existing]
    Trainee.objects.bulk_create(new, batch_size=2000)
    if new and new[0].pk is None:  # backends that do not return ids from bulk inserts
        raise RuntimeError("the database did not return the new ids")
    ids = [existing.get((p.division_id, p.name, p.phone_hash), p).pk for p in people]
    enrolled = set(
        Enrollment.objects.filter(training=training, trainee_id__in=ids).values_list(
            "trainee_id", flat=True
        )
    )
    Enrollment.objects.bulk_create(
        [Enrollment(training=training, trainee_id=pk) for pk in ids if pk not in enrolled],
        batch_size=2000,
    )
    audit_record(
        actor=job.created_by,
        action="training.import",
        obj=training,
        detail={
            "registered": len(new),
            "enrolled": len(ids) - len(enrolled),
            "file": job.original_name,
        },
    )
    return len(ids) - len(enrolled), len(enrolled)


SPEC = register(
    ImportSpec(
        kind="trainees",
        permission=MANAGE,
        columns=COLUMNS,
        validate=validate_rows,
        commit=commit_rows,
        title="学员",
        example=EXAMPLE,
        target_label=gettext_lazy("Training"),
        targets=_targets,
        resolve=_resolve,
        authorize=_authorize,
        back=lambda job: reverse("trainings:detail", args=[job.target_id]),
    )
)
