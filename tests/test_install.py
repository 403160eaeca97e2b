"""The game works from a plain, non-editable install, run from another folder: the bundled
story ships inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def sh(args: list[str], cwd: Path, stdin: bytes = b"", timeout: float = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(args, cwd=cwd, input=stdin, capture_output=True, timeout=timeout, env=env)


def test_wheel_installs_into_an_empty_venv_and_plays_from_elsewhere(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    built = sh([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)], cwd=tmp_path)
    assert built.returncode == 0, built.stderr.decode()[-2000:]
    [wheel] = list(wheels.glob("ghostlight-*.whl"))

    venv = tmp_path / "venv"
    made = sh([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    assert made.returncode == 0, made.stderr.decode()
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    installed = sh([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr.decode()[-2000:]

    elsewhere = tmp_path / "somewhere-else"
    elsewhere.mkdir()
    checked = sh([str(bin_dir / "ghostlight"), "validate"], cwd=elsewhere)
    assert checked.returncode == 0, checked.stdout.decode() + checked.stderr.decode()
    assert "site-packages" not in checked.stdout.decode() or "ok:" in checked.stdout.decode()

    played = sh([str(bin_dir / "ghostlight"), "play", "--new"], cwd=elsewhere, stdin=b"1\n")
    assert played.returncode == 0, played.stderr.decode()[-2000:]
    assert "Act 1" in played.stdout.decode()
    # Nothing was written into the install or the folder it ran from.
    assert not any(elsewhere.iterdir())
