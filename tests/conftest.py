"""Shared fixtures: the sample story, a story writer for tmp folders, and isolation from the
user's real cache and save folders."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "stories" / "sample"
BUNDLED = ROOT / "story"


@pytest.fixture(autouse=True)
def _isolated_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's cache or saves; subprocesses inherit this too."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("GHOSTLIGHT_CACHE", str(base / "cache"))
    monkeypatch.setenv("GHOSTLIGHT_SAVES", str(base / "saves"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


MINIMAL_MANIFEST = """
id: tiny
title: Tiny
start: a.start
include: [parts/*.yaml]
acts:
  one: {title: One, time: 5, start: a.start, on_timeout: done}
endings:
  done: {title: Done, text: The end.}
"""


@pytest.fixture
def write_story(tmp_path: Path) -> Callable[..., Path]:
    """Write ``files`` (name -> YAML text, dedented) under a fresh folder; returns the folder.

    Without a ``story.yaml`` entry a minimal manifest including ``parts/*.yaml`` is added.
    """
    counter = {"n": 0}

    def write(files: dict[str, str | bytes], manifest: bool = True) -> Path:
        counter["n"] += 1
        folder = tmp_path / f"story{counter['n']}"
        folder.mkdir()
        if manifest and "story.yaml" not in files:
            files = {"story.yaml": MINIMAL_MANIFEST, **files}
        for name, content in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return folder

    return write
