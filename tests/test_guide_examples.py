"""The guide's own examples work as the guide says: the smallest story loads and plays, and
the "writing text safely" forms keep every character."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from game.loading.loader import load_story, read_story
from tests.conftest import BUNDLED

GUIDE = (BUNDLED / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = GUIDE.index(f"## {title}\n")
    end = GUIDE.index("\n## ", start + 1)
    return GUIDE[start:end]


def _yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)


def test_the_smallest_story_loads_with_no_finding(tmp_path: Path) -> None:
    manifest, scenes = _yaml_blocks(_section("The smallest story"))
    (tmp_path / "story.yaml").write_text(manifest, encoding="utf-8")
    (tmp_path / "scenes.yaml").write_text(scenes, encoding="utf-8")
    story, findings = read_story(tmp_path)
    assert findings == [] and story is not None
    assert story.start == "hall" and set(story.endings) == {"lights_out"}
    assert load_story(tmp_path / "story.yaml").title == "The First Case"


def test_the_safe_text_example_keeps_every_character() -> None:
    box = "\n".join(line[2:] for line in _section("The manifest").splitlines() if line.startswith("> "))
    (example,) = _yaml_blocks(box)
    data = yaml.safe_load(example)
    assert data["text"] == "Note: the door is locked. *Someone* has the key #2."
    assert data["say"] == "\"Hi,\" she said. She pointed at the list: #2, #3.\n"
