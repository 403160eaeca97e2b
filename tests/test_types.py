"""The type check, run by the suite: mypy on the package (strict on game/core, settings in
pyproject.toml), and a check that a forgotten effect really fails it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT

api = pytest.importorskip("mypy.api", reason="mypy is in the test extra: pip install -e '.[test]'")


def _mypy(*args: str) -> tuple[str, int]:
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), *args])
    return out + err, status


def test_mypy_passes_on_the_package() -> None:
    out, status = _mypy(str(ROOT / "game"))
    assert status == 0, out


FORGETFUL = '''
from typing import assert_never

from game.core.model import Add, Branch, ClearFlag, Effect, Gain, Goto, Lose, Say, SetFlag, Spend, StartAct


def handled(effect: Effect) -> str:
    match effect:
        case Gain() | Lose() | SetFlag() | ClearFlag() | Add() | Spend() | Say() | Goto() | StartAct() | Branch():
            return "handled"
        case _:
            assert_never(effect)  # Talk is forgotten
'''


def test_a_forgotten_effect_fails_the_type_check(tmp_path: Path) -> None:
    # The engine's match over effects (and rules.changes) end in assert_never: this is what
    # mypy says when a module forgets one.
    module = tmp_path / "forgetful.py"
    module.write_text(FORGETFUL, encoding="utf-8")
    out, status = _mypy(str(module))
    assert status == 1 and 'incompatible type "Talk"; expected "Never"' in out, out
