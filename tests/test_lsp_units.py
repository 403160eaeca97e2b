"""The language server's parts without a server: the cursor's context read from the spec,
the workspace's overlay and node memo, the answers to bad positions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("lsprotocol")

from game.authoring.lsp import context as C, features as F  # noqa: E402
from game.authoring.lsp.workspace import Workspace  # noqa: E402
from game.core import expr  # noqa: E402
from game.loading import loader, spec as S  # noqa: E402

STORY = Path(__file__).resolve().parents[1] / "story"


def wanted_at_end(lines: list[str]) -> tuple[str, ...]:
    found = C.wanted(lines, len(lines) - 1, len(lines[-1]), is_manifest=False)
    return found.kinds if found else ()


@pytest.mark.parametrize("lines, kinds", [
    (["scenes:", "  s:", "    choices:", "      - text: Go", "        goto: a"], ("scene", "ending")),
    (["scenes:", "  s:", "    place: "], ("place",)),
    (["scenes:", "  s:", "    on_enter: [{talk: "], ("person",)),
    (["scenes:", "  s:", "    on_enter:", "      - start_act: a"], ("act",)),
    (["scenes:", "  s:", "    choices:", "      - text: Go", "        if: not has(x"], ("clue", "item")),
    (["events:", "  e:", "    if: flag("], ("flag",)),
    (["events:", "  e:", "    if: count(c) > 1 and count("], ("counter",)),
    (["endings:", "  e:", "    if: visited("], ("scene",)),
    (["endings:", "  e:", "    if: accused(p"], ("person",)),
    (["testimonies:", "  t:", "    statements:", "      - id: s1", "        contradicted_by: [a, "], ("clue",)),
    (["suspects:", "  p:", "    motive:", "      shown_by:", "        - "], ("clue", "deduction")),  # a square is shown by clues held or deductions confirmed
    (["suspects:", "  p:", "    means:", "      ruled_out_by: ["], ("clue",)),
    (["deductions:", "  d:", "    slots:", "      - prompt: Which?", "        clue: "], ("clue",)),
    (["deductions:", "  d:", "    slots:", "      - prompt: Who?", "        suspect: ["], ("person",)),
    (["scenes:", "  s:", "    text: has(x"], ("clue", "item")),  # a function, wherever it is typed
    (["scenes:", "  s:", "    title: "], ()),  # plain text names nothing
])
def test_the_cursor_wants_the_kinds_the_spec_gives(lines: list[str], kinds: tuple[str, ...]) -> None:
    assert wanted_at_end(lines) == kinds


def test_every_key_that_names_ids_completes_those_ids() -> None:
    """Generated from the spec: a new REF key completes with no change here."""
    for section, kind in S.SECTIONS.items():
        element = S.ELEMENTS[kind]
        for key in element.keys:
            if key.type in (S.REF, S.REFS) and key.ids:
                lines = [f"{section}:", "  x:", f"    {key.name}: "]
                assert wanted_at_end(lines) == key.ids, (section, key.name)
    for effect in S.EFFECTS_SPEC.values():
        if effect.type == S.REF:
            assert wanted_at_end(["scenes:", "  s:", "    on_enter:", f"      - {effect.name}: "]) == effect.ids


def test_every_expression_function_has_a_meaning() -> None:
    assert set(F.FUNCTION_DOCS) == set(expr.FUNCTIONS)


def test_keys_offered_are_the_elements_of_the_spec() -> None:
    lines = ["testimonies:", "  t:", "    statements:", "      - id: s1", "        co"]
    keys, start = C.keys_wanted(lines, 4, len(lines[4]), False)
    assert [k.name for k in keys] == list(S.ELEMENTS["statement"].names) and start == 8
    lines = ["scenes:", "  s:", "    on_enter:", "      - "]
    keys, _ = C.keys_wanted(lines, 3, len(lines[3]), False)
    assert [k.name for k in keys] == list(S.EFFECTS_SPEC)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    shutil.copytree(STORY, tmp_path / "story")
    w = Workspace(tmp_path / "story")
    w.check()
    return w


def test_only_the_changed_file_is_parsed_again(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    real = loader.compose
    monkeypatch.setattr(loader, "compose", lambda text, shown, report: parsed.append(shown) or real(text, shown, report))
    act1 = str(ws.folder / "acts" / "act1.yaml")
    ws.overlay[act1] = ws.text(act1).replace("goto: act1.dorm", "goto: act1.dorn", 1)
    found = ws.check()
    assert [Path(p).name for p in parsed] == ["act1.yaml"]
    assert [f.code for f in found[act1]] == ["E201"]
    # the memo holds what the story is made of now, not every version ever typed
    # every file of the story (not the branches under story/branches/, which are not the story's)
    own = [p for p in ws.folder.rglob("*.yaml") if "branches" not in p.relative_to(ws.folder).parts]
    assert len(ws.memo) == len(own)


def test_the_overlay_is_read_instead_of_the_disk(ws: Workspace) -> None:
    clues = str(ws.folder / "clues.yaml")
    ws.overlay[clues] = "clues: [\n"
    found = ws.check()
    assert [f.code for f in found[clues]] == ["E101"]
    assert Path(clues).read_text() != ws.overlay[clues]
    del ws.overlay[clues]
    assert ws.check() == {}


def test_positions_past_the_end_give_empty_answers(ws: Workspace) -> None:
    act1 = str(ws.folder / "acts" / "act1.yaml")
    for line, col in ((10_000, 0), (0, 10_000), (-0, 0)):
        assert F.definition(ws, act1, line, col) is None
        assert F.references(ws, act1, line, col) == []
        assert F.rename(ws, act1, line, col, "fine") is None
        F.completion(ws, act1, line, col)
        F.hover(ws, act1, line, col)


def test_without_the_extra_the_command_says_what_to_install() -> None:
    import subprocess
    import sys

    code = "import sys; sys.modules['pygls'] = None\nfrom game.cli.main import main\nsys.exit(main(['lsp']))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert out.returncode == 1 and "pip install 'ghostlight[lsp]'" in out.stderr
    assert "Traceback" not in out.stderr
