"""The role × operation matrix, generated from the OpenAPI document.

Every operation of the document is called as every demo account (the demo world's users), on
a record in the account's reach and on one out of it, and the answer must follow the rule:

- a record out of reach answers 404, like a missing one (the selector of the path parameter
  decides what is in reach: docs/decisions/one-selector-decides.md, out-of-reach-is-not-found);
- in reach, the answer is 403 exactly when a capability object consulted by the request says
  no (`Capabilities.require` and every other `require` of an app's `permissions.py`), and a
  success (200/201/202/204) for a read otherwise;
- a write whose capability allows it never answers 403, and never 500.

Reads run for every account; writes run for every account too, each in a transaction rolled
back after it. A new operation is covered without editing this file; a new path parameter must
be added to `TARGETS` (the operation fails loudly until it is).
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import inspect
import json
import pkgutil
import re
import secrets
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pytest
from django.db import models, transaction
from django.test import Client

import shequ
from shequ.core.errors import Forbidden, NotFound
from shequ.testing import openapi_spec

PREFIX = "/api/v1"


# ------------------------------------------------------------------ what a path parameter names


@dataclass(frozen=True)
class Target:
    """How to find records a path parameter names: `model` lists the candidates, `get(user,
    pk)` is the selector the API resolves the parameter with (it raises NotFound out of
    reach). A child parameter (`parent`) is looked up among `relation` of the parent's record."""

    model: str  # "app_label.Model"
    get: str | None = None  # "module:function"
    parent: str | None = None
    relation: str | None = None
    value: Callable[[Any], Any] = field(default=lambda record: record.pk)
    make: Callable[[], Any] | None = None  # a record, when the demo world has none in reach


def _waiting_referral() -> Any:
    """The demo referral was answered: one waiting for the school."""
    from shequ.accounts.models import User
    from shequ.organizations.models import Organization
    from shequ.protection.models import ProtectionCase, Referral

    school = User.objects.get(username="school").grants.filter(revoked_at=None).first()
    return Referral.objects.create(
        case=ProtectionCase.objects.earliest("pk"),
        to_organization=Organization.objects.get(pk=school.organization_id),
        reason="矩阵测试的转介",
        by=User.objects.get(username="child_sup"),
    )


def _impact_report() -> Any:
    """The demo world has no impact report: a finished one of the district's last month."""
    from django.core.files.base import ContentFile

    from shequ.accounts.models import User
    from shequ.stats.models import ImpactReport, ReportStatus

    district = User.objects.get(username="district")
    end = date.today().replace(day=1)
    report = ImpactReport.objects.create(
        division_id=district.division_id,
        period_kind="month",
        start=end.replace(month=end.month - 1 or 12, year=end.year - (end.month == 1)),
        end=end,
        requested_by=district,
        status=ReportStatus.DONE,
    )
    report.pdf.save("matrix.pdf", ContentFile(b"%PDF-1.4 matrix"), save=False)
    report.xlsx.save("matrix.xlsx", ContentFile(b"PK matrix"), save=True)
    return report


def _selector(spec: str) -> Callable[[Any, Any], Any]:
    module_name, name = spec.split(":")
    function = getattr(importlib.import_module(module_name), name)
    parameters = inspect.signature(function).parameters
    extra = {"channel": "api"} if "channel" in parameters else {}
    key = "code" if "code" in parameters else "pk"

    def get(user: Any, value: Any) -> Any:
        if parameters["user"].kind is inspect.Parameter.KEYWORD_ONLY:
            return function(user=user, **{key: value}, **extra)
        return function(user, value, **extra)

    return get


# (app of the endpoint's module, parameter) -> Target; (None, parameter) for any app.
TARGETS: dict[tuple[str | None, str], Target] = {
    ("accounts", "user_id"): Target("accounts.User", "shequ.accounts.selectors:user_get"),
    ("notifications", "notification_id"): Target(
        "notifications.Notification", "shequ.notifications.selectors:notification_get"
    ),
    ("accounts", "grant_id"): Target("accounts.RoleGrant", "shequ.accounts.services:grant_get"),
    ("divisions", "code"): Target(
        "divisions.Division", "shequ.divisions.selectors:division_get", value=lambda d: d.code
    ),
    ("organizations", "org_id"): Target(
        "organizations.Organization", "shequ.organizations.selectors:organization_get"
    ),
    ("community_orgs", "org_id"): Target(
        "community_orgs.CommunityOrganization", "shequ.community_orgs.selectors:organization_get"
    ),
    ("residents", "resident_id"): Target(
        "residents.Resident", "shequ.residents.selectors:resident_get"
    ),
    ("residents", "household_id"): Target(
        "residents.Household", "shequ.residents.selectors:household_get"
    ),
    ("residents", "transfer_id"): Target(
        "residents.ResidentTransfer", "shequ.residents.transfers:transfer_get"
    ),
    ("projects", "project_id"): Target(
        "projects.ServiceProject", "shequ.projects.selectors:project_get"
    ),
    ("delivery", "record_id"): Target(
        "delivery.ServiceRecord", "shequ.delivery.selectors:record_get"
    ),
    ("delivery", "case_id"): Target("delivery.Case", "shequ.delivery.cases:case_get"),
    ("delivery", "group_id"): Target("delivery.Group", "shequ.delivery.selectors:group_get"),
    ("protection", "report_id"): Target(
        "protection.Report", "shequ.protection.selectors:report_get"
    ),
    ("protection", "case_id"): Target(
        "protection.ProtectionCase", "shequ.protection.selectors:case_get"
    ),
    ("protection", "referral_id"): Target(
        "protection.Referral",
        "shequ.protection.selectors:referral_waiting_get",
        make=_waiting_referral,
    ),
    ("protection", "meeting_id"): Target(
        "protection.Meeting", "shequ.protection.selectors:meeting_get"
    ),
    ("protection", "task_id"): Target("protection.Task", "shequ.protection.selectors:task_get"),
    ("volunteers", "volunteer_id"): Target(
        "volunteers.Volunteer", "shequ.volunteers.selectors:volunteer_get"
    ),
    ("volunteers", "activity_id"): Target(
        "volunteers.VolunteerActivity", "shequ.volunteers.selectors:activity_get"
    ),
    ("volunteers", "signup_id"): Target(
        "volunteers.SignUp", "shequ.volunteers.selectors:signup_get"
    ),
    ("volunteers", "team_id"): Target("volunteers.Team", "shequ.volunteers.selectors:team_get"),
    ("trainings", "training_id"): Target(
        "trainings.Training", "shequ.trainings.selectors:training_get"
    ),
    ("trainings", "session_id"): Target(
        "trainings.TrainingSession", parent="training_id", relation="sessions"
    ),
    ("trainings", "enrollment_id"): Target(
        "trainings.Enrollment", "shequ.trainings.selectors:enrollment_get"
    ),
    ("placements", "placement_id"): Target(
        "placements.Placement", "shequ.placements.selectors:placement_get"
    ),
    ("placements", "log_id"): Target(
        "placements.PracticumLog", "shequ.placements.selectors:log_get"
    ),
    ("placements", "journal_id"): Target(
        "placements.WeeklyJournal", parent="placement_id", relation="journals"
    ),
    ("placements", "assignment_id"): Target(
        "placements.AssistantAssignment", parent="placement_id", relation="assignments"
    ),
    ("sharing", "study_id"): Target("sharing.CaseStudy", "shequ.sharing.selectors:case_study_get"),
    ("research", "project_id"): Target(
        "research.ResearchProject", "shequ.research.selectors:project_get"
    ),
    ("research", "extract_id"): Target("research.Extract", "shequ.research.selectors:extract_get"),
    ("stats", "report_id"): Target(
        "stats.ImpactReport", "shequ.stats.selectors:report_get", make=_impact_report
    ),
}
# Parameters that name no record: a value taken from the document (its enum) or given here.
VALUES = {"kind": "pdf"}
# A team's members are named by `volunteer_id` under `team_id`.
CHILD_OF = {("volunteers", "volunteer_id", "team_id"): "members"}


# ------------------------------------------------------------------ the operations


@dataclass
class Operation:
    method: str
    path: str
    app: str
    operation: dict[str, Any]

    @property
    def params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path.removeprefix(PREFIX)}"


def _view_apps() -> dict[tuple[str, str], str]:
    """(method, path) -> the app whose module defines the endpoint."""
    from config.api import api

    found: dict[tuple[str, str], str] = {}
    for prefix, router in api._routers:
        for route, path_view in router.path_operations.items():
            for op in path_view.operations:
                path = re.sub(r"{\w+:(\w+)}", r"{\1}", (PREFIX + "/" + prefix + route))
                path = re.sub(r"/+", "/", path)
                app = op.view_func.__module__.split(".")[1]
                for method in op.methods:
                    found[(method.lower(), path.rstrip("/") or path)] = app
    return found


def operations() -> list[Operation]:
    apps = _view_apps()
    result = []
    for path, methods in openapi_spec()["paths"].items():
        for method, operation in methods.items():
            if path.startswith(f"{PREFIX}/auth/"):
                continue  # signing in and out: tested on their own (test_api_access, accounts)
            app = apps.get((method, path.rstrip("/")), "")
            result.append(Operation(method, path, app, operation))
    return result


def _target(app: str, param: str) -> Target | None:
    return TARGETS.get((app, param)) or TARGETS.get((None, param))


# ------------------------------------------------------------------ records in and out of reach

_REACH: dict[tuple[str, str, str], tuple[Any, Any]] = {}


def _candidates(target: Target) -> list[Any]:
    from django.apps import apps

    model: type[models.Model] = apps.get_model(target.model)
    return list(model._default_manager.order_by("pk")[:300])


def in_and_out(app: str, param: str, user: Any) -> tuple[Any, Any]:
    """A record of the parameter in the user's reach and one out of it (None when the demo
    world has none), decided by the parameter's selector."""
    key = (app, param, user.username)
    target = _target(app, param)
    assert target is not None and target.get, f"no selector for {param} in {app}"
    if target.make is not None:
        _REACH.pop(key, None)  # made in this test: gone with its transaction
    if key not in _REACH:
        get = _selector(target.get)
        inside = outside = None
        for record in _candidates(target):
            value = target.value(record)
            try:
                with transaction.atomic():  # a read that logs (protection) leaves no trace
                    get(user, value)
                    transaction.set_rollback(True)
            except NotFound:
                outside = outside or record
            else:
                inside = inside or record
            if inside is not None and outside is not None:
                break
        _REACH[key] = (inside, outside)
    return _REACH[key]


def _child(app: str, param: str, parent_param: str, parent: Any) -> Any:
    relation = CHILD_OF.get((app, param, parent_param))
    target = _target(app, param)
    if relation is None and target is not None:
        relation = target.relation
    assert relation, f"{param} under {parent_param}: name its relation in TARGETS or CHILD_OF"
    return getattr(parent, relation).order_by("pk").first()


def fill(op: Operation, user: Any, reach: str) -> dict[str, Any] | None:
    """Values for the path parameters: the first names a record in reach (or out of it, when
    `reach == "out"`), the others records under it. None: the demo world has no such record."""
    values: dict[str, Any] = {}
    parent: tuple[str, Any] | None = None
    for param in op.params:
        schema: dict[str, Any] = next(
            (p["schema"] for p in op.operation.get("parameters", []) if p["name"] == param), {}
        )
        if param in VALUES or "enum" in schema:
            values[param] = VALUES.get(param) or schema["enum"][0]
            continue
        target = _target(op.app, param)
        if target is None:
            pytest.fail(f"{op}: the matrix does not know what `{param}` names; add it to TARGETS")
        if parent is None:
            inside, outside = in_and_out(op.app, param, user)
            record = inside if reach == "in" else outside
        elif target.parent or (op.app, param, parent[0]) in CHILD_OF:
            record = _child(op.app, param, parent[0], parent[1])
        else:
            record = in_and_out(op.app, param, user)[0]  # an independent record: in reach
        if record is None:
            return None
        values[param] = (target.value)(record)
        parent = (param, record)
    return values


# ------------------------------------------------------------------ a body the schema accepts


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = openapi_spec()["components"]["schemas"][name]
    return schema


def example(schema: dict[str, Any], user: Any, app: str, name: str = "") -> Any:
    """The smallest value the schema accepts; ids of records in the user's reach where the
    field names a parameter the matrix knows (`resident_id`)."""
    schema = _resolve(schema)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(s).get("type") != "null"]
            return example(options[0], user, app, name) if options else None
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if name and _target(app, name) is not None and kind in ("integer", "string"):
        inside, _outside = in_and_out(app, name, user)
        if inside is not None:
            return _target(app, name).value(inside)  # type: ignore[union-attr]
    if kind == "object":
        properties = schema.get("properties", {})
        return {
            key: example(properties[key], user, app, key)
            for key in schema.get("required", [])
            if key in properties
        }
    if kind == "array":
        count = schema.get("minItems", 0)
        return [example(schema.get("items", {}), user, app) for _ in range(count)]
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if kind == "string":
        if schema.get("format") == "date":
            return date.today().isoformat()
        if schema.get("format") == "date-time":
            return datetime.now().astimezone().isoformat()
        if name.endswith("code") and getattr(user, "division_id", None):
            return user.division_id
        text = "矩阵测试生成的一段说明文字，足够长"  # services ask for a reason of 10 characters
        return (text * 4)[
            : max(schema.get("minLength", 1), min(len(text), schema.get("maxLength", 99)))
        ]
    return None


def body_of(op: Operation, user: Any) -> Any:
    content = op.operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    return None if schema is None else example(schema, user, op.app)


# ------------------------------------------------------------------ what the request consulted


@dataclass
class Consulted:
    refused: list[str] = field(default_factory=list)  # "ProjectCaps.advance"
    allowed: list[str] = field(default_factory=list)
    forbidden_from: list[str] = field(default_factory=list)  # modules that raised Forbidden
    lacks: list[str] = field(default_factory=list)  # permissions `has_perm`/`covers` denied
    listed: list[str] = field(default_factory=list)  # capability classes asked for `actions()`
    states: set[str] = field(default_factory=set)  # `state()` fields required (not actions)


def _capability_classes() -> list[type]:
    """Every class of an app's permissions.py with a `require(action)` method."""
    found: dict[str, type] = {}
    for info in pkgutil.iter_modules(shequ.__path__):
        try:
            module = importlib.import_module(f"shequ.{info.name}.permissions")
        except ModuleNotFoundError:
            continue
        for cls in vars(module).values():
            if inspect.isclass(cls) and "require" in vars(cls):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    from shequ.core.capabilities import Capabilities

    found["core"] = Capabilities
    return list(found.values())


@pytest.fixture
def consulted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Consulted]]:
    """Records the capabilities the requests consult and where a Forbidden comes from."""
    log: list[Consulted] = [Consulted()]

    for cls in _capability_classes():
        original = vars(cls)["require"]

        def require(self: Any, action: str, *args: Any, _original: Any = original) -> Any:
            name = f"{type(self).__name__}.{action}"
            (log[-1].allowed if getattr(self, action) else log[-1].refused).append(name)
            if dataclasses.is_dataclass(self) and any(
                f.name == action and f.metadata.get("state") for f in dataclasses.fields(self)
            ):
                log[-1].states.add(name)
            return _original(self, action, *args)

        monkeypatch.setattr(cls, "require", require)

    from shequ.core.capabilities import Capabilities

    original_actions = Capabilities.actions

    def actions(self: Any) -> list[str]:
        log[-1].listed.append(type(self).__name__)
        return original_actions(self)

    monkeypatch.setattr(Capabilities, "actions", actions)

    original_init = Forbidden.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        frame = sys._getframe(1)
        while frame and frame.f_globals.get("__name__", "").startswith("shequ.core.errors"):
            frame = frame.f_back  # type: ignore[assignment]
        log[-1].forbidden_from.append(frame.f_globals.get("__name__", "?") if frame else "?")
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(Forbidden, "__init__", init)

    from shequ.access import rule as access

    for name in ("has_perm", "covers", "reach"):
        original_check = getattr(access, name)

        def check(user: Any, perm: Any, *args: Any, _original: Any = original_check) -> Any:
            result = _original(user, perm, *args)
            if not result:
                log[-1].lacks.append(str(perm))
            return result

        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("shequ") and (
                getattr(module, name, None) is original_check
            ):
                monkeypatch.setattr(module, name, check)
    yield log


# ------------------------------------------------------------------ the matrix


def demo_accounts() -> list[Any]:
    from shequ.accounts.models import User

    # a locked account is refused at the door (401, shequ/accounts/tests), before any rule
    accounts = User.objects.filter(grants__revoked_at=None).distinct().order_by("username")
    return [user for user in accounts if user.is_active and not user.is_locked()]


def _token(user: Any) -> str:
    from shequ.accounts.models import ApiToken
    from shequ.accounts.services import _hash_token

    raw = secrets.token_urlsafe(24)
    ApiToken.objects.create(user=user, key_hash=_hash_token(raw))
    return raw


def call(client: Client, token: str, op: Operation, values: dict[str, Any], body: Any) -> Any:
    url = op.path.format(**values)
    kwargs: dict[str, Any] = {"headers": {"Authorization": f"Bearer {token}"}}
    if op.method == "patch":
        kwargs["headers"]["If-Match"] = "*"
    if body is not None:
        kwargs["data"] = json.dumps(body, default=str)
        kwargs["content_type"] = "application/json"
    return getattr(client, op.method)(url, **kwargs)


# Operations that name a record beyond the reach on purpose, with why: out of reach they may
# succeed (when the capability allows) instead of answering 404.
BEYOND_REACH = {
    "POST /protection/cases/{case_id}/break-glass": "emergency access to a case out of reach, "
    "logged and reviewed (docs: break the glass)",
}

SUCCESS = {200, 201, 202, 204}
# In reach and allowed, a write may still be refused for what its body says (a generated body
# names no real thing): a bad value, a conflict with the record's state, a reference out of
# reach in the body (404), a stale version.
NOT_ABOUT_ACCESS = {400, 404, 409, 412, 413, 422, 428}


def verdict(op: Operation, reach: str, status: int, seen: Consulted) -> str | None:
    """Why the answer breaks the rule (None when it follows it)."""
    if status >= 500:
        return f"answered {status}"
    if status == 401:
        return "answered 401 to a valid token"
    if reach == "out" and str(op) not in BEYOND_REACH:
        return None if status == 404 else f"out of reach answered {status}, not 404"
    if seen.refused:
        if status != 403:
            return f"the capability refused ({', '.join(seen.refused)}) but it answered {status}"
        return None
    if status == 403:
        if seen.allowed and not set(seen.forbidden_from) - {"shequ.core.capabilities"}:
            return f"answered 403 though the capabilities allowed ({', '.join(seen.allowed)})"
        return None  # a rule not yet in a capability object (docs/decisions: the matrix)
    if status == 404 and not op.params and seen.lacks:
        return None  # open only to holders of a permission: 404 to everyone else
    if op.method == "get":
        if status in SUCCESS or status == 409:  # 409: a file not ready yet (a report, a download)
            return None
        return f"in reach answered {status}"
    return None if status in SUCCESS | NOT_ABOUT_ACCESS else f"in reach answered {status}"


OPERATIONS = operations()


def offered(
    op: Operation,
    client: Client,
    token: str,
    values: dict[str, Any],
    seen: Consulted,
    consulted: list[Consulted],
) -> str | None:
    """The record's detail answer lists in `actions` what the write allows: a phone client
    shows the same buttons as the page, and a button it shows must work (and the reverse)."""
    if not op.params:
        return None
    first = op.params[0]
    detail_path = op.path[: op.path.index("{" + first + "}") + len(first) + 2]
    if detail_path == op.path or "get" not in openapi_spec()["paths"].get(detail_path, {}):
        return None
    consulted.append(Consulted())
    with transaction.atomic():
        response = client.get(
            detail_path.format(**values), headers={"Authorization": f"Bearer {token}"}
        )
        transaction.set_rollback(True)
    listed = consulted.pop().listed
    body = response.json() if response.status_code == 200 else {}
    if not isinstance(body, dict) or "actions" not in body:
        return None
    for name, allowed in [(n, True) for n in seen.allowed] + [(n, False) for n in seen.refused]:
        cls, action = name.split(".")
        if name not in seen.states and cls in listed and (action in body["actions"]) is not allowed:
            shown = "offers" if allowed is False else "does not offer"
            return f"the detail {shown} `{action}` but the write {'refuses' if not allowed else 'allows'} it"
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_every_account_gets_what_the_rule_says(op: Operation, consulted: list[Consulted]) -> None:
    client = Client()
    failures: list[str] = []
    exercised = {"in": 0, "out": 0}
    for param in op.params:
        target = _target(op.app, param)
        if target is not None and target.make is not None:
            target.make()
    for user in demo_accounts():
        token = _token(user)
        for reach in ("in", "out") if op.params else ("in",):
            values = fill(op, user, reach)
            if values is None:
                continue
            body = body_of(op, user) if op.method != "get" else None
            consulted.append(Consulted())
            with transaction.atomic():
                response = call(client, token, op, values, body)
                transaction.set_rollback(True)
            exercised[reach] += 1
            seen = consulted[-1]
            problem = verdict(op, reach, response.status_code, seen)
            if (
                problem is None
                and reach == "in"
                and op.method != "get"
                and seen.allowed + seen.refused
            ):
                problem = offered(op, client, token, values, seen, consulted)
            if problem:
                detail = response.content[:160].decode(errors="replace")
                failures.append(
                    f"{user.username} {values} ({reach + ' reach' if op.params else 'a list'}): {problem} {detail}"
                )
    assert exercised["in"], f"{op}: no demo account has a record in reach for {op.params}"
    if op.params:
        assert exercised["out"], f"{op}: no demo account has a record out of reach"
    assert not failures, f"{op}:\n" + "\n".join(failures)


def _operation(name: str) -> Operation:
    return next(op for op in OPERATIONS if str(op) == name)


@pytest.mark.django_db
def test_the_matrix_fails_for_a_lookup_out_of_reach(
    monkeypatch: pytest.MonkeyPatch, consulted: list[Consulted]
) -> None:
    """An endpoint that fetches the project by id without the access rule is caught."""
    from shequ.projects import api
    from shequ.projects.models import ServiceProject

    monkeypatch.setattr(api, "project_get", lambda *, user, pk: ServiceProject.objects.get(pk=pk))
    with pytest.raises(AssertionError, match="out of reach answered 200, not 404"):
        test_every_account_gets_what_the_rule_says(
            _operation("GET /projects/{project_id}/indicators"), consulted
        )


@pytest.mark.django_db
def test_the_matrix_fails_when_a_refusal_is_swallowed(
    monkeypatch: pytest.MonkeyPatch, consulted: list[Consulted]
) -> None:
    """An endpoint that goes on when the capability says no is caught."""
    from shequ.projects import api
    from shequ.projects.permissions import project_caps

    def advance(*, by: Any, project: Any, **kwargs: Any) -> None:
        with contextlib.suppress(Forbidden):
            project_caps(by, project).require("advance")

    monkeypatch.setattr(api, "project_advance", advance)
    with pytest.raises(AssertionError, match=r"the capability refused \(ProjectCaps.advance"):
        test_every_account_gets_what_the_rule_says(
            _operation("POST /projects/{project_id}/advance"), consulted
        )
