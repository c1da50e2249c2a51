"""The person acting is typed (docs/decisions/actors-are-typed-user.md): no parameter that names
the actor (`user`, `by`, `actor`, `…_by`, `…_user`) is left `Any`, `object` or unannotated in
the application, so that mypy catches a call handing a service, a selector or a capability the
wrong thing (a resident, an organization, an id, the anonymous visitor). The scan reads the
source as a syntax tree; the few parameters that must stay open are listed with their reason."""

from __future__ import annotations

import ast
from pathlib import Path

import shequ

ROOT = Path(shequ.__file__).parent

ACTOR_NAMES = {"user", "by", "actor"}
OPEN = {"Any", "object", "typing.Any"}

# (module under shequ/, function, parameter): why the parameter is not typed `User`.
ALLOWED = {
    ("accounts/backends.py", "user_can_authenticate", "user"): (
        "Django's authentication hook: it overrides ModelBackend, whose signature takes any user"
    ),
}


def _names_an_actor(name: str) -> bool:
    return name in ACTOR_NAMES or name.endswith(("_by", "_user"))


def _is_open(annotation: ast.expr | None) -> bool:
    """No annotation, `Any`, `object`, or a union with one of them (`Any | None`)."""
    if annotation is None:
        return True
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        annotation = ast.parse(annotation.value, mode="eval").body
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return _is_open(annotation.left) or _is_open(annotation.right)
    return ast.unparse(annotation) in OPEN


def open_actors(source: str, path: str) -> set[tuple[str, str, str]]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        arguments = node.args
        for arg in arguments.posonlyargs + arguments.args + arguments.kwonlyargs:
            if _names_an_actor(arg.arg) and _is_open(arg.annotation):
                found.add((path, node.name, arg.arg))
    return found


def application_modules() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts)
    ]


def test_every_actor_is_typed():
    found: set[tuple[str, str, str]] = set()
    for path in application_modules():
        found |= open_actors(path.read_text(), path.relative_to(ROOT).as_posix())
    assert sorted(found - set(ALLOWED)) == [], (
        "type the actor `User` (or `User | None` where nobody may act, the access rule's "
        "`Actor` where the anonymous visitor may): see docs/decisions/actors-are-typed-user.md"
    )
    assert sorted(set(ALLOWED) - found) == [], "an allowance no longer needed: remove it"


def test_the_scan_sees_an_open_actor():
    """The scan finds each way of leaving an actor open, and lets a typed one pass."""
    source = (
        "def a(*, by: Any, case: Any) -> None: ...\n"
        "def b(user: 'Any | None' = None) -> None: ...\n"
        "def c(request, requested_by: object) -> None: ...\n"
        "def d(actor) -> None: ...\n"
        "def e(*, by: User, user: User | None, actor: Actor) -> None: ...\n"
    )
    assert open_actors(source, "m.py") == {
        ("m.py", "a", "by"),
        ("m.py", "b", "user"),
        ("m.py", "c", "requested_by"),
        ("m.py", "d", "actor"),
    }
