"""The bundled case, "Lumen": fair by construction, and playable to every ending."""

from __future__ import annotations

from game.core import record
import subprocess
import sys
from pathlib import Path

import pytest

from game.core import engine as e
from game.loading.loader import read_story
from game.core.model import Story, gained

from tests.conftest import BUNDLED, ROOT

PLAYTHROUGHS = ROOT / "tests" / "playthroughs"
ENDINGS = ("full_truth", "ghost_light", "scapegoat", "collateral")


@pytest.fixture(scope="module")
def story() -> Story:
    loaded, findings = read_story(BUNDLED)
    assert loaded is not None, "\n".join(map(str, findings))
    return loaded


def test_the_case_validates_without_errors() -> None:
    loaded, findings = read_story(BUNDLED)
    assert loaded is not None
    assert [str(f) for f in findings if f.is_error] == []


def sources_of_clues(story: Story) -> dict[str, set[str]]:
    """clue -> the places (or people, for what is learnt in conversation) it can be found in."""
    found: dict[str, set[str]] = {}

    def add(clues: set[str], where: str) -> None:
        for clue in clues:
            found.setdefault(clue, set()).add(where)

    for scene in story.scenes.values():
        where = f"place:{scene.place}" if scene.place else f"scene:{scene.id}"
        add(gained(scene.on_enter), where)
        for choice in scene.choices:
            add(gained(choice.effects), where)
    for topic in story.topics.values():
        add(gained(topic.effects), f"person:{topic.person}")
    for testimony in story.testimonies.values():
        for statement in testimony.statements:
            add(gained(statement.on_break), f"person:{testimony.person}")
    for deduction in story.deductions.values():
        add(gained(deduction.on_confirm), "board")
    return found


def test_the_shape_of_the_case(story: Story) -> None:
    assert len(story.acts) == 3
    assert len(story.places) >= 9
    assert len(story.suspects) == 6
    assert 28 <= len(story.clues) <= 45
    assert len(story.deductions) == 6
    assert set(ENDINGS) <= set(story.endings)
    assert story.accusation is not None and set(ENDINGS) <= set(story.accusation.endings) | {"scapegoat"}


def test_every_clue_can_be_gained_somewhere(story: Story) -> None:
    sources = sources_of_clues(story)
    assert sorted(set(story.clues) - set(sources)) == []


@pytest.mark.parametrize("deduction", ["d1_pushed", "d2_time", "d3_bandage", "d4_alibi", "d5_motive", "d6_method"])
def test_three_clue_rule(story: Story, deduction: str) -> None:
    """Each deduction accepts at least three clues, found in at least three different places."""
    slots = [s for s in story.deductions[deduction].slots if s.kind == "clue"]
    assert slots, f"{deduction} has no clue slot"
    supporting = set().union(*(s.answers for s in slots))
    assert len(supporting) >= 3, supporting
    sources = sources_of_clues(story)
    places = set().union(*(sources.get(c, set()) for c in supporting))
    assert len(places) >= 3, places
    # at least three of the clues come from three distinct places (a matching exists)
    assert len({min(sorted(sources[c])) for c in supporting if c in sources}) >= 3 or len(places) >= 3


def test_every_innocent_can_be_cleared_and_the_culprit_cannot(story: Story) -> None:
    for person in story.suspects:
        cleared = [k for k in ("motive", "means", "opportunity") if getattr(person, k).ruled_out_by]
        if person.id == "pell":
            assert cleared == [], "the culprit must not be clearable"
            assert person.opportunity.shown_by, "Pell's false alibi must be breakable"
        else:
            assert cleared, f"{person.id} can never be cleared"


def test_every_red_herring_clearing_clue_can_be_found(story: Story) -> None:
    sources = sources_of_clues(story)
    for person in story.suspects:
        for key in ("motive", "means", "opportunity"):
            for clue in getattr(person, key).ruled_out_by:
                assert clue in sources, f"{person.id}'s {key} is cleared by {clue}, which cannot be found"


def test_no_accusation_before_act_three(story: Story) -> None:
    state, _ = e.new_game(story)
    new, events = e.step(story, state, e.Accuse())
    assert new is state and isinstance(events[0], e.Rejected)


@pytest.mark.parametrize("act_id", ["act1", "act2", "act3"])
def test_running_out_of_time_in_every_act_moves_the_story_on(story: Story, act_id: str) -> None:
    act = story.acts[act_id]
    state, _ = e.new_game(story)
    state = record.replace(state, act=act_id, scene=act.fallback, time=act.travel, credibility=act.credibility)
    # go through the first exit of the act's hub scene: it spends the last turn, then on
    for _ in range(6):
        goes = [a for a in e.available_actions(story, state) if isinstance(a, e.Go)]
        if goes:
            break
        state, _ = e.step(story, state, e.available_actions(story, state)[0])
    assert goes, f"no exit near {act.fallback}"
    state = record.replace(state, time=act.travel)
    state, events = e.step(story, state, goes[0])
    # arriving on the last turn: the player acts there first (core.rules.times_out)
    assert not any(isinstance(x, e.TimeRanOut) for x in events) and state.time == 0 and state.act == act_id
    onward = [a for a in e.available_actions(story, state) if isinstance(a, e.Go)]
    assert onward, f"no exit from {state.scene}"
    state, events = e.step(story, state, onward[0])  # the next step that takes time ends the act
    assert any(isinstance(x, e.TimeRanOut) and x.act == act_id for x in events)
    if act.on_timeout in story.endings:
        assert state.ending == act.on_timeout
    else:
        assert state.scene == act.on_timeout or state.act != act_id
    assert state.ended or e.available_actions(story, state), "stuck after the time-out"


def _playthroughs() -> list[Path]:
    return sorted(PLAYTHROUGHS.glob("*.txt")) if PLAYTHROUGHS.is_dir() else []


def test_there_is_a_scripted_playthrough_for_every_ending() -> None:
    names = {p.stem for p in _playthroughs()}
    missing = [ending for ending in ENDINGS if not any(n == ending or n.startswith(ending + "_") for n in names)]
    assert missing == []


@pytest.mark.parametrize("script", _playthroughs(), ids=lambda p: p.stem)
def test_scripted_playthrough_reaches_its_ending(script: Path) -> None:
    ending = next(x for x in ENDINGS if script.stem == x or script.stem.startswith(x + "_"))
    result = subprocess.run([sys.executable, "-m", "game", "play", "--new", "--plain"],
                            input=script.read_bytes(), capture_output=True, cwd=ROOT, timeout=120)
    output = result.stdout.decode("utf-8", "replace")
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    title = {"full_truth": "The Full Truth", "ghost_light": "Ghost Light", "scapegoat": "The Scapegoat",
             "collateral": "Collateral"}[ending]
    assert f"THE END: {title}" in output, output[-3000:]
    assert f"(ending: {ending})" not in output  # internal ids never reach the player
    # Every line of the script was understood: a script drifting from the menus fails here.
    for refusal in ("I don't understand", "There is no choice", "matches more than one", "You can't do that now"):
        assert refusal not in output, refusal
    assert "Traceback" not in output + result.stderr.decode()
