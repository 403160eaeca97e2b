"""The shape of the package: the import contracts of pyproject.toml, and modules kept small.

The contracts are the architecture (docs/ARCHITECTURE.md): core imports nothing else of the
game; loading and saves import only core; ui only core; play core, saves and ui; authoring core
and loading; the command line wires them all. A change that breaks one fails here, with
import-linter's own account of the offending chain.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAME = ROOT / "game"

#: the most lines a module may have (the aim is ~400): past this a module is doing more than one
#: job. Nearest the line now: core/model.py and core/expr.py (both under 450).
MAX_MODULE_LINES = 480


def test_the_import_contracts_hold() -> None:
    # In a subprocess: import-linter builds the whole import graph, and this keeps its caches
    # and its output out of the test process.
    run = subprocess.run(
        [sys.executable, "-c",
         "import sys; from importlinter.cli import lint_imports; "
         "sys.exit(lint_imports(no_cache=True, no_logo=True))"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


def test_every_part_is_a_package_with_a_docstring() -> None:
    parts = sorted(p.parent.name for p in GAME.glob("*/__init__.py"))
    assert parts == ["authoring", "cli", "core", "loading", "play", "saves", "ui"]
    for part in parts:
        text = (GAME / part / "__init__.py").read_text(encoding="utf-8")
        assert text.lstrip().startswith('"""'), f"game/{part}/__init__.py should say what the part holds"


def test_no_module_grows_past_one_job() -> None:
    long = {str(p.relative_to(ROOT)): n for p in sorted(GAME.rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, f"split these by job (over {MAX_MODULE_LINES} lines): {long}"
