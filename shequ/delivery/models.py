"""Service records: who was served, where, when, for how long, by which method, under which
project. From them come the two numbers every report needs: people served (distinct
residents) and person-times (attendances plus headcounts).

Roll-ups kept in the same transaction as every record write make both numbers fast for any
division and period: `ServedMonth` holds one row per resident, month, community, project,
method and area; `ServedYear` one row per resident, year and community (for the distinct count
of a whole year); `PersonTimesMonth` the person-times (attendances and anonymous headcounts) per
month, community, project, method and area. In the two "served" tables `person_times` is the
number of attendances behind the row: the row goes when it reaches zero."""

from __future__ import annotations

from uuid import uuid4

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.access.models import DivisionOwnedModel
from shequ.core.models import Versioned


class Method(models.TextChoices):
    CASE = "case", _("casework")
    GROUP = "group", _("group work")
    ACTIVITY = "activity", _("community activity")


class ServiceRecord(DivisionOwnedModel):
    """One service to one resident (or an anonymous headcount) in a community."""

    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_records",
    )
    headcount = models.PositiveIntegerField(_("person-times"), default=1)
    project = models.ForeignKey(
        "projects.ServiceProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_records",
    )
    area = models.ForeignKey(
        "projects.ServiceArea", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    served_on = models.DateField(_("date"), db_index=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    source = models.CharField(_("source"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-served_on", "-id"]
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        indexes = [
            models.Index(  # the partial days of a period, for a division, from the index alone
                fields=["served_on", "division"],
                name="record_date_division",
                opclasses=["date_ops", "varchar_pattern_ops"],
                include=["resident", "headcount"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.served_on} {self.get_method_display()}"


class MonthlyTally(models.Model):
    """The key of a roll-up row (0 stands for no project or no area) and its person-times."""

    month = models.DateField()
    division_code = models.CharField(max_length=12)
    project_id = models.BigIntegerField(default=0)
    method = models.CharField(max_length=10)
    area_id = models.BigIntegerField(default=0)
    person_times = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.division_code}@{self.month}"


class ServedMonth(MonthlyTally):
    """Roll-up: one row per resident, month, community, project, method and area."""

    resident_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resident_id", "month", "division_code", "project_id", "method", "area_id"],
                name="served_month_once",
            )
        ]
        indexes = [
            models.Index(  # covering: distinct residents from the index alone
                fields=["division_code", "month", "resident_id"],
                name="served_month_div",
                opclasses=["varchar_pattern_ops", "date_ops", "int8_ops"],
            ),
            models.Index(
                fields=["project_id", "month", "resident_id"], name="served_month_project"
            ),
        ]


class PersonTimesMonth(MonthlyTally):
    """Roll-up of person-times (named attendances plus anonymous headcounts): one row per month,
    community, project, method and area, so any sum reads a few thousand rows."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "division_code", "project_id", "method", "area_id"],
                name="person_times_month_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["division_code", "month"],
                name="person_times_month_div",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            models.Index(fields=["project_id", "month"], name="person_times_month_project"),
        ]


class ServedProject(models.Model):
    """Roll-up for a project's people served: one row per project and resident. A record lies
    inside its project's period (the services check it), so the project's whole-period figure
    is a count of its rows."""

    project_id = models.BigIntegerField()
    resident_id = models.BigIntegerField()
    person_times = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project_id", "resident_id"], name="served_project_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id}:{self.resident_id}"


class ServedYear(models.Model):
    """Roll-up for people served over whole months without other filters: one row per
    resident, year and community, with `months` the bitmask of the months served (bit 0 =
    January). Any span of whole months in a year reads one row per person, from an index."""

    resident_id = models.BigIntegerField()
    year = models.PositiveSmallIntegerField()
    division_code = models.CharField(max_length=12)
    months = models.PositiveIntegerField(default=0)
    person_times = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resident_id", "year", "division_code"], name="served_year_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["year", "division_code", "resident_id"],
                name="served_year_div",
                opclasses=["int2_ops", "varchar_pattern_ops", "int8_ops"],
                include=["months"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.division_code}@{self.year}"


class PeopleCount(models.Model):
    """Roll-up of people served (distinct residents) and person-times per division at every
    level, per period (year "2026", quarter "2026Q2", month "2026-05") and per dimension (all:
    "", method "m", service area "a", project "p", with its value), kept exact on every write
    (delivery/people_counts.py). A dashboard reads its figures in a handful of rows. A key
    served only anonymously (headcounts) has person-times and no people."""

    prefix = models.CharField(max_length=12)  # the division's code prefix: 2, 4, 6, 9, 12 digits
    level = models.PositiveSmallIntegerField()  # len(prefix)
    period = models.CharField(max_length=8)
    dim = models.CharField(max_length=1, blank=True)
    value = models.CharField(max_length=20, blank=True)
    people = models.IntegerField(default=0)
    person_times = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "period", "dim", "value"], name="people_count_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["period", "dim", "level", "prefix"],
                name="people_count_children",
                opclasses=[
                    "varchar_pattern_ops",
                    "varchar_pattern_ops",
                    "int2_ops",
                    "varchar_pattern_ops",
                ],
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}@{self.period}{self.dim}{self.value}={self.people}"


class CaseStage(models.TextChoices):
    """The stages of casework in MZ/T 094."""

    INTAKE = "intake", _("intake")
    ASSESSMENT = "assessment", _("assessment")
    PLAN = "plan", _("planning")
    INTERVENTION = "intervention", _("intervention")
    EVALUATION = "evaluation", _("evaluation")
    CLOSED = "closed", pgettext_lazy("case status", "closed")


CASE_STAGE_ORDER = [s.value for s in CaseStage]


class Case(Versioned, DivisionOwnedModel):
    """个案: a client (a resident) served by a worker under a project. Its notes are
    confidential to the worker, the worker's supervisors and roles that hold the permission."""

    client = models.ForeignKey(
        "residents.Resident",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("client"),
    )
    worker = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="cases", verbose_name=_("worker")
    )
    project = models.ForeignKey(
        "projects.ServiceProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("project"),
    )
    area = models.ForeignKey(
        "projects.ServiceArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service area"),
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=CaseStage.choices, default=CaseStage.INTAKE
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    presenting_problem = models.TextField(_("presenting problem"))
    assessment = models.TextField(_("assessment"), blank=True)
    goals = models.TextField(_("goals and plan"), blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    closure_reason = models.CharField(_("closure reason"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return f"{self.client} ({self.get_stage_display()})"


class CaseIntervention(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interventions")
    served_on = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    way = models.CharField(_("how"), max_length=40)
    notes = models.TextField(_("notes"), blank=True)
    # DO_NOTHING: record_delete removes the link first (the database's foreign key refuses a
    # record still linked), so deleting a record needs no look into the three link tables.
    record = models.OneToOneField(ServiceRecord, on_delete=models.DO_NOTHING, related_name="+")
    by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["served_on", "id"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self) -> str:
        return f"{self.case_id}@{self.served_on}"


class CaseTransfer(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_worker = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    to_worker = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_worker_id} -> {self.to_worker_id}"


class GroupStage(models.TextChoices):
    PREPARING = "preparing", _("preparing")
    FORMING = "forming", _("forming")
    TRANSITION = "transition", _("transition")
    MATURE = "mature", _("mature")
    ENDING = "ending", _("ending")


class Group(DivisionOwnedModel):
    """小组: a group of residents with a goal, meeting in sessions."""

    name = models.CharField(_("name"), max_length=120)
    goal = models.TextField(_("goal"))
    project = models.ForeignKey(
        "projects.ServiceProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
    )
    area = models.ForeignKey(
        "projects.ServiceArea", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    worker = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(
        _("stage"), max_length=12, choices=GroupStage.choices, default=GroupStage.PREPARING
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    resident = models.ForeignKey("residents.Resident", on_delete=models.PROTECT, related_name="+")
    pre_score = models.DecimalField(
        _("pre-measure"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    post_score = models.DecimalField(
        _("post-measure"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "resident"], name="group_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.resident_id}"


class GroupSession(models.Model):
    """A session of a group: planned (a date and a topic), then held (with its attendance)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    topic = models.CharField(_("topic"), max_length=120, blank=True)
    held = models.BooleanField(_("held"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")

    def __str__(self) -> str:
        return f"{self.group_id}@{self.held_on}"


class GroupAttendance(models.Model):
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendance")
    resident = models.ForeignKey("residents.Resident", on_delete=models.PROTECT, related_name="+")
    # DO_NOTHING: record_delete removes the link first (the database's foreign key refuses a
    # record still linked), so deleting a record needs no look into the three link tables.
    record = models.OneToOneField(ServiceRecord, on_delete=models.DO_NOTHING, related_name="+")

    def __str__(self) -> str:
        return f"{self.session_id}:{self.resident_id}"


class Activity(Versioned, DivisionOwnedModel):
    """社区活动: an event with registered participants and, for open events, a headcount."""

    theme = models.CharField(_("theme"), max_length=120)
    place = models.CharField(_("place"), max_length=120)
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    project = models.ForeignKey(
        "projects.ServiceProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    area = models.ForeignKey(
        "projects.ServiceArea", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organizers = models.CharField(_("organizers"), max_length=200, blank=True)
    headcount = models.PositiveIntegerField(_("anonymous headcount"), default=0)
    community_organization = models.ForeignKey(
        "community_orgs.CommunityOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("community organization"),
        help_text=_("The resident self-organization that held it, if any"),
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("community activity")
        verbose_name_plural = _("community activities")

    def __str__(self) -> str:
        return self.theme


class ActivityParticipant(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    resident = models.ForeignKey("residents.Resident", on_delete=models.PROTECT, related_name="+")
    # DO_NOTHING: record_delete removes the link first (the database's foreign key refuses a
    # record still linked), so deleting a record needs no look into the three link tables.
    record = models.OneToOneField(ServiceRecord, on_delete=models.DO_NOTHING, related_name="+")

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.resident_id}"


def _photo_path(instance: ActivityPhoto, filename: str) -> str:
    return f"activities/{instance.activity_id}/{uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


class ActivityPhoto(models.Model):
    """A photo of an activity, shown only to those who see the activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=_photo_path, max_length=200)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")

    def __str__(self) -> str:
        return self.caption or f"{self.activity_id}"
