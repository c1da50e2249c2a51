"""Every id a request names is resolved by a selector under the access rule, the same for the
page and the API (docs/decisions/ids-from-a-request-are-resolved-in-reach.md): views, API
modules and forms hold no `<Model>.objects.…` of their own. The scan reads the source as a
syntax tree (not text), resolves each name to what the module imports, and fails on any model
but the reference tables below; the few places that must read a record directly are listed
with their reason."""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import models

import shequ

ROOT = Path(shequ.__file__).parent

# Catalogues of codes and names (the same for everybody, no division, nothing personal):
# a view may read them directly.
REFERENCE_TABLES = {
    "accounts.Role": "the role catalogue: codes and names of roles, the same everywhere",
    "community_orgs.OrgType": "the catalogue of community-organization types",
    "community_orgs.OrgStage": "the catalogue of incubation stages",
    "projects.ServiceArea": "the catalogue of service areas",
    "placements.PracticumRequirement": "the catalogue of degrees and their practicum hours",
    "protection.Situation": "the catalogue of situations a report names",
    "protection.RiskGrade": "the catalogue of risk grades",
    "residents.SpecialGroup": "the catalogue of special groups",
    "residents.NeedCategory": "the catalogue of need categories",
    "residents.Ethnicity": "the 56 ethnic groups of GB/T 3304 and their codes",
    "trainings.ProgrammeType": "the catalogue of training programmes",
    "trainings.CERequirement": "the catalogue of professional titles and their CE hours",
}

# (module under shequ/, function, what it reads): why the read is not through a selector.
# A public verification page would be listed here too (none reads a model in its view today:
# volunteers' verify page reads through `volunteers.certificates.certificate_check`).
ALLOWED = {
    ("accounts/views.py", "login_otp_view", "accounts.User"): (
        "the second step of signing in: the account is the one the password step put in the "
        "server's session, not an id from the request, and nobody is signed in yet to have a "
        "reach"
    ),
    ("trainings/api.py", "_by_code", "model"): (
        "a code of a reference table (ProgrammeType, CERequirement), passed in as `model`"
    ),
    ("residents/api.py", "<module>", "residents.ResidentSpecialGroup"): (
        "the Prefetch of the groups of residents already read through resident_list: it only "
        "ever follows rows of visible residents"
    ),
}

MANAGER_ATTRS = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    function: str
    what: str  # a model's label, or the source of an expression that is not a model

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.function, self.what)


def request_modules() -> list[Path]:
    """The modules that read a request: views, API modules and forms (by file name, and any
    `views`/`api` package), tests and migrations left out."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        name = path.name
        if (
            name in {"views.py", "api.py", "forms.py"}
            or name.endswith(("_views.py", "_api.py"))
            or any(p in {"views", "api"} for p in parts[:-1])
        ):
            found.append(path)
    return found


def _imported_names(tree: ast.AST) -> dict[str, Any]:
    """Every name an import statement binds anywhere in the module (in a function too),
    resolved to the object it names (the project imports absolutely)."""
    names: dict[str, Any] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            module = importlib.import_module(node.module)
            for alias in node.names:
                value = getattr(module, alias.name, None)
                if value is None:  # a submodule not imported by its package
                    try:
                        value = importlib.import_module(f"{node.module}.{alias.name}")
                    except ImportError:
                        continue
                names[alias.asname or alias.name] = value
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = importlib.import_module(alias.name)
                else:
                    top = alias.name.split(".")[0]
                    importlib.import_module(alias.name)
                    names[top] = importlib.import_module(top)
    return names


def _resolve(node: ast.expr, names: dict[str, Any]) -> Any:
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, names)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def _model_label(value: Any) -> str | None:
    if isinstance(value, type) and issubclass(value, models.Model):
        return value._meta.label
    return None


def scan(source: str, path: str, namespace: dict[str, Any]) -> list[Finding]:
    """The direct reads of a model in one module's source: `X.objects` (or another manager
    attribute) and `get_object_or_404(X, …)`, except reference tables and a read that starts
    with the access rule itself (`X.objects.visible_to(user, perm)`)."""
    tree = ast.parse(source)
    names = {**_imported_names(tree), **namespace}
    parents: dict[ast.AST, ast.AST] = {}
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            parents[child] = parent
    reference = set(REFERENCE_TABLES)
    findings = []

    def function_of(node: ast.AST) -> str:
        while node in parents:
            node = parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node.name
        return "<module>"

    def report(node: ast.AST, target: ast.expr) -> None:
        label = _model_label(_resolve(target, names))
        if label in reference:
            return
        what = label or ast.unparse(target)
        findings.append(Finding(path, node.lineno, function_of(node), what))  # type: ignore[attr-defined]

    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGER_ATTRS:
            above = parents.get(node)
            if isinstance(above, ast.Attribute) and above.attr == "visible_to":
                continue
            report(node, node.value)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in SHORTCUTS
            and node.args
            # a related manager (`project.documents`) is reached through a record in hand
            and _model_label(_resolve(node.args[0], names)) is not None
        ):
            report(node, node.args[0])
    return findings


def scan_module(path: Path) -> list[Finding]:
    relative = path.relative_to(ROOT).as_posix()
    dotted = "shequ." + relative[: -len(".py")].replace("/", ".")
    module = importlib.import_module(dotted)
    return scan(path.read_text(encoding="utf-8"), relative, vars(module))


def all_findings() -> list[Finding]:
    return [f for path in request_modules() for f in scan_module(path)]


def test_views_and_api_modules_resolve_ids_through_selectors():
    unexplained = [f for f in all_findings() if f.key not in ALLOWED]
    assert not unexplained, (
        "A view, API module or form reads a model directly. Resolve the id through a selector "
        "under the access rule (get_visible_or_404, or core.access.named among the choices the "
        "page offers), or list a reference table or a public page here with its reason:\n"
        + "\n".join(f"  {f.path}:{f.line} in {f.function}: {f.what}.objects" for f in unexplained)
    )


def test_every_allowed_place_is_still_there():
    keys = {f.key for f in all_findings()}
    stale = [key for key in ALLOWED if key not in keys]
    assert not stale, f"allowed reads that no longer exist (take them off the list): {stale}"


def test_reference_tables_are_catalogues_not_records():
    """A model listed as a reference table belongs to no division and has no access rule:
    otherwise its reads must go through a selector."""
    for label in REFERENCE_TABLES:
        model = apps.get_model(label)
        fields = {f.name for f in model._meta.get_fields()}
        assert "division" not in fields, label
        assert not hasattr(model._default_manager, "visible_to"), label


def test_the_scan_finds_a_direct_read_however_it_is_written():
    """The scan can fail: the ways a direct read is written are found, the allowed ones not."""
    source = """
from shequ.organizations.models import Organization
from shequ.projects.models import ServiceArea
from shequ import accounts


def create(request, payload):
    host = Organization.objects.get(pk=payload.host_id)
    other = Organization._default_manager.filter(pk=payload.partner_id).first()
    area = ServiceArea.objects.get(code=payload.area)
    seen = Organization.objects.visible_to(request.user, "organization.view")


def nested(request, pk):
    from shequ.accounts.models import User
    from django.shortcuts import get_object_or_404

    return User.objects.filter(pk=pk).first(), get_object_or_404(accounts.models.RoleGrant, pk=pk)
"""
    found = {(f.line, f.function, f.what) for f in scan(source, "x/views.py", {})}
    assert found == {
        (8, "create", "organizations.Organization"),
        (9, "create", "organizations.Organization"),
        (18, "nested", "accounts.User"),
        (18, "nested", "accounts.RoleGrant"),
    }


def test_the_scan_covers_every_app_with_pages_or_an_api():
    scanned = {p.relative_to(ROOT).parts[0] for p in request_modules()}
    assert {"placements", "trainings", "volunteers", "accounts", "residents", "protection"} <= (
        scanned
    )
