"""The layers hold (issue 17, point 6): ground < foundation < statistics registry < domain apps
< statistics pages and operations, as the import contracts in pyproject.toml say."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def _layer_packages() -> set[str]:
    (layers,) = [c for c in CONFIG["contracts"] if c["id"] == "layers"]
    return {name.strip() for layer in layers["layers"] for name in layer.split("|")}


def test_every_package_has_a_layer():
    """A new app cannot escape the contracts by being left out of them."""
    packages = {
        f"shequ.{p.name}" for p in (ROOT / "shequ").iterdir() if (p / "__init__.py").exists()
    }
    assert packages - _layer_packages() == set()


def test_the_import_contracts_are_kept():
    """Every import, at module or function level, follows the layers (grimp reads both, so a
    function-level import cannot dodge a cycle)."""
    linter = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
