"""The shipped branch, story/branches/wardrobe ("The Wardrobe Loft"), over the case:
validated, proved and played to an ending through the real command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from game.core import engine as e
from game.loading.branches import load_layered, read_layered

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "story"
WARDROBE = CASE / "branches" / "wardrobe"
PLAYTHROUGH = ROOT / "tests" / "playthroughs" / "branches" / "wardrobe.txt"  # apart: test_case plays the others
CULPRIT = "pell"


def ghostlight(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=600, env=env)


@pytest.fixture(scope="module")
def layered():
    story, findings, _sources, info = read_layered(CASE, [WARDROBE])
    assert story is not None, "\n".join(map(str, findings))
    return story, info


def test_the_case_alone_does_not_load_the_branch() -> None:
    story = load_layered(CASE)
    assert "wardrobe.loft" not in story.scenes and "dee" not in story.people and story.branches == ()


def test_the_branch_validates_with_the_case_without_a_warning(layered) -> None:
    story, _info = layered
    case = load_layered(CASE)
    assert len(story.scenes) == len(case.scenes) + 1 and len(story.clues) == len(case.clues) + 2  # the branch's own
    result = ghostlight("validate", "--branch", str(WARDROBE))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 warnings" in result.stdout and f"{len(story.scenes)} scenes, {len(story.clues)} clues" in result.stdout


def test_the_branch_has_a_new_place_a_new_minor_character_and_each_extension_kind(layered) -> None:
    story, info = layered
    assert info.origin("wardrobe_loft") == "wardrobe" and story.places["wardrobe_loft"].name == "The Wardrobe Loft"
    assert info.origin("dee") == "wardrobe" and story.people["dee"].suspect is False
    extended = info.additions.extended
    for target in ("act2.green_room", "act2.studio_b", "margot", "ines", "d2_time", "margot.night"):
        assert extended.get(target) == ["wardrobe"], target
    assert story.events["wardrobe.stairs"].act == "act2"
    assert any(c.goto == "wardrobe.loft" for c in story.scenes["act2.green_room"].choices)


def test_the_branch_clues_are_one_more_route_never_a_shortcut_to_the_culprit(layered) -> None:
    """Its clues may count toward the minute of the fall and the obvious heir's lie, never
    toward a deduction or a square that names the culprit, and never point at her."""
    story, info = layered
    mine = {c for c in story.clues if info.origin(c) == "wardrobe"}
    assert mine == {"wardrobe_ledger", "steam_burn_log"}
    for clue in mine:
        assert CULPRIT not in story.clues[clue].about
    for deduction in story.deductions.values():
        names_culprit = any(s.kind == "suspect" and CULPRIT in s.answers for s in deduction.slots)
        if names_culprit:
            assert not any(mine & s.answers for s in deduction.slots), deduction.id
    culprit = story.people[CULPRIT]
    for cell in (culprit.motive, culprit.means, culprit.opportunity):
        assert not mine & set(cell.shown_by)
    d2 = next(s for s in story.deductions["d2_time"].slots if s.kind == "clue")
    plain = next(s for s in load_layered(CASE).deductions["d2_time"].slots if s.kind == "clue")
    assert d2.answers == plain.answers | {"steam_burn_log"} and len(plain.answers) >= 3


def test_the_ledger_breaks_margots_statement_like_the_case_clues_do(layered) -> None:
    story, _info = layered
    statement = next(s for s in story.testimonies["margot.night"].statements if s.id == "margot.night.asleep")
    assert "wardrobe_ledger" in statement.contradicted_by
    assert {"studio_b_swipes", "accompanist_heard"} <= set(statement.contradicted_by)  # the case's own kept


def test_the_static_proofs_hold_for_the_case_with_the_branch(layered) -> None:
    from game.authoring.escape import prove
    from game.authoring.facts import collect
    from game.authoring.reach import reach

    story, _info = layered
    facts = collect(story)
    assert prove(story, facts, reach(story, facts))[0]


def test_explore_with_the_branch_proves_no_soft_lock_and_no_lost_deduction() -> None:
    # A small state budget: what is asserted is proved without the search, so it does not
    # depend on how far the search gets (the seconds are only a safety net).
    result = ghostlight("explore", "--branch", str(WARDROBE), "--max-states", "300", "--max-seconds", "12")
    assert "with branch" in result.stdout and "Traceback" not in result.stderr
    assert "soft-locks: none, PROVED" in result.stdout, result.stdout
    assert "deductions: none lost before the accusation except to the clock, PROVED" in result.stdout


def test_a_scripted_playthrough_of_the_branch_reaches_an_ending_through_the_real_cli(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "GHOSTLIGHT_SAVES": str(tmp_path / "saves"), "GHOSTLIGHT_CACHE": str(tmp_path / "cache")}
    played = ghostlight("play", "--new", "--plain", "--branch", str(WARDROBE),
                        stdin=PLAYTHROUGH.read_text(encoding="utf-8"), env=env)
    assert played.returncode == 0, played.stderr
    out = played.stdout
    assert "The back stairs from the green room go up one more flight" in out
    assert "Clue added to your notebook: The wardrobe's sign-out book" in out
    assert "Clue added to your notebook: Dee's first-aid entry" in out
    assert "hangs a long practice skirt of grey tulle" in out  # the extra paragraph in Studio B
    assert "On the back stairs you meet the wardrobe mistress coming down" in out  # the event added to act 2
    assert "THE END: The Scapegoat" in out and "(ending:" not in out
    # The game was saved with the branch: the case alone refuses it, naming the branch.
    saves = sorted(p.name for p in (tmp_path / "saves").iterdir())
    assert any(name.startswith("autosave-lumen-") for name in saves), saves


def test_a_game_saved_with_the_branch_is_refused_by_the_case_alone(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "GHOSTLIGHT_SAVES": str(tmp_path / "saves"), "GHOSTLIGHT_CACHE": str(tmp_path / "cache")}
    ghostlight("play", "--new", "--plain", "--branch", str(WARDROBE), stdin="suitcase\nsave mine\n", env=env)
    refused = ghostlight("play", "--plain", "--load", "mine", stdin="", env=env)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "branch 'wardrobe'" in refused.stderr and "--branch" in refused.stderr
    resumed = ghostlight("play", "--plain", "--load", "mine", "--branch", str(WARDROBE), stdin="", env=env)
    assert resumed.returncode == 0 and "Loaded 'mine'" in resumed.stdout, resumed.stderr


def test_the_new_game_state_of_the_case_is_unchanged_by_the_branch(layered) -> None:
    story, _info = layered
    plain = load_layered(CASE)
    assert e.new_game(story)[0] == e.new_game(plain)[0]
