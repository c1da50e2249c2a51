"""No view or API module decides a permission itself (issue 17, point 2).

Who may do what is the app's capability object (`<app>/permissions.py`): views and templates
read it, API detail answers list its `actions`, services call its `require(...)`. A call of
`covers(`, `has_perm(` or `require_perm(` in a views or API module is a rule written a second
time, which is how the page and the API came to disagree. The one form allowed is the page
gate `@require_perm(Perm.X)` as a decorator (`access/pages.py`): it opens a whole section to the
holders of a permission and decides nothing about a record.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

SHEQU = Path(settings.BASE_DIR, "shequ")
FORBIDDEN = {"covers", "has_perm", "require_perm"}
# the decorator that gates a whole page by permission (see the docstring); nothing else
ALLOWED_DECORATORS = {"require_perm"}


def view_and_api_modules() -> list[Path]:
    found = []
    for path in SHEQU.rglob("*.py"):
        relative = path.relative_to(SHEQU)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        name = path.name
        in_package = any(part in ("views", "api") for part in relative.parts[:-1])
        if name in ("views.py", "api.py") or name.endswith(("_views.py", "_api.py")) or in_package:
            found.append(path)
    return sorted(found)


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def permission_calls(source: str) -> list[tuple[int, str]]:
    """(line, name) of every call of a permission check that is not a page gate decorator."""
    tree = ast.parse(source)
    gates: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and (
                    _called_name(decorator) in ALLOWED_DECORATORS
                ):
                    gates.add(id(decorator))
    return sorted(
        (node.lineno, name)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (name := _called_name(node)) in FORBIDDEN
        and id(node) not in gates
    )


def test_the_scan_sees_the_modules_it_guards() -> None:
    names = {str(p.relative_to(SHEQU)) for p in view_and_api_modules()}
    assert {"residents/views.py", "residents/api.py", "delivery/record_views.py"} <= names


def test_the_scan_finds_a_check_and_lets_the_page_gate_pass() -> None:
    source = (
        "@require_perm(Perm.X)\n"
        "def page(request):\n"
        "    if has_perm(request.user, Perm.Y):\n"
        "        return access.covers(request.user, Perm.Z, 'x')\n"
        "    return require_perm(Perm.X)(page)\n"
    )
    assert permission_calls(source) == [(3, "has_perm"), (4, "covers"), (5, "require_perm")]


def test_no_view_or_api_module_decides_a_permission() -> None:
    offenders = [
        f"{path.relative_to(SHEQU)}:{line}: {name}("
        for path in view_and_api_modules()
        for line, name in permission_calls(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], (
        "Read the app's capability object (permissions.py) instead:\n" + "\n".join(offenders)
    )
