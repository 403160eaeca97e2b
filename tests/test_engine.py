"""The state machine, driven by plain function calls on the sample story."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core import engine as e
from game.loading.loader import load_story
from game.core.state import Accusing, Ended, Exploring, GameState, Talking
from game.core.state import Testifying as HearingMode  # (a Test* name would be collected by pytest)

from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def story():
    return load_story(SAMPLE)


def labels(story, state) -> list[str]:
    return [a.label for a in e.available_actions(story, state)]


def pick(story, state, text: str) -> e.Action:
    for action in e.available_actions(story, state):
        if action.label == text:
            return action
    raise AssertionError(f"{text!r} not offered: {labels(story, state)}")


def play(story, state, *texts: str) -> tuple[GameState, list]:
    events: list = []
    for text in texts:
        state, new = e.step(story, state, pick(story, state, text))
        events += new
        assert not any(isinstance(x, e.Rejected) for x in new), new
    return state, events


def start(story) -> GameState:
    state, _ = e.new_game(story)
    return play(story, state, "Go in")[0]


def test_new_game_opens_the_first_act_and_runs_entry_effects_once(story) -> None:
    state, events = e.new_game(story)
    assert state.scene == "hall.arrive" and state.act == "day" and state.time == 8
    assert isinstance(events[0], e.ActStarted) and isinstance(events[1], e.SceneEntered)
    assert state.counter("knocks") == 1
    assert state.visit_count("hall.arrive") == 1


def test_steps_are_deterministic_and_pure(story) -> None:
    state = start(story)
    first = e.step(story, state, pick(story, state, "Look under the piano"))
    second = e.step(story, state, pick(story, state, "Look under the piano"))
    assert first == second
    assert "torn_page" not in state.clues  # the old state is untouched


def test_once_only_choice_disappears_and_sticky_stays(story) -> None:
    state = start(story)
    state, events = play(story, state, "Look under the piano")
    assert "torn_page" in state.clues
    assert any(isinstance(x, e.ClueFound) and x.clue == "torn_page" for x in events)
    assert "Look under the piano" not in labels(story, state)
    assert "Talk to the pianist" in labels(story, state)
    assert state.time == 7  # the search cost one turn


def test_condition_shows_a_choice_only_when_it_holds(story) -> None:
    state = start(story)
    state, _ = play(story, state, "Go to The Study")
    assert "Light the lamp" not in labels(story, state)
    state, _ = play(story, state, "Take the lamp")
    assert "Light the lamp" in labels(story, state)
    state, events = play(story, state, "Light the lamp")
    assert "lamp_on" in state.flags and "Light the lamp" not in labels(story, state)
    assert any(isinstance(x, e.Narration) and "hums" in x.text for x in events)


def test_fallback_choice_shows_only_when_nothing_else_does(story) -> None:
    state = start(story)
    state, _ = play(story, state, "Wait for evening", "Go on")
    assert state.act == "night" and state.scene == "study.night"
    choices = [a.label for a in e.available_actions(story, state) if isinstance(a, e.Choose)]
    assert choices == ["Say nothing"]


def test_revisit_text_and_visit_counts(story) -> None:
    state = start(story)
    state, _ = play(story, state, "Go to The Study")
    state, events = play(story, state, "Go to The Hall")
    assert state.visit_count("hall.main") == 2
    assert any(isinstance(x, e.Narration) and x.text.strip() == "The hall again." for x in events)
    assert not any(isinstance(x, e.SceneEntered) and x.first_visit for x in events)


def test_an_impossible_action_is_rejected_and_changes_nothing(story) -> None:
    state = start(story)
    for bad in (e.Choose("no-such-choice"), e.Press(), e.Present("torn_page"), e.Answer("pianist"),
                e.Confirm(), e.Leave(), e.Go("study.night")):
        new, events = e.step(story, state, bad)
        assert new is state
        assert len(events) == 1 and isinstance(events[0], e.Rejected) and events[0].reason


def test_conversation_topics_cost_time_once_and_are_marked_asked(story) -> None:
    state = start(story)
    state, _ = play(story, state, "Talk to the pianist")
    assert isinstance(state.mode, Talking)
    assert "The torn page" not in labels(story, state)  # gated by a clue not yet found
    state, events = play(story, state, "Her cuff")
    assert "ink_stain" in state.clues and state.time == 7 and "pianist.cuff" in state.asked
    state, events = play(story, state, "Her cuff")
    assert state.time == 7 and not any(isinstance(x, e.ClueFound) for x in events)
    state, _ = play(story, state, "Leave")
    assert isinstance(state.mode, Exploring)


def test_testimony_press_wrong_clue_and_breaking_it(story) -> None:
    state = start(story)
    state, _ = play(story, state, "Look under the piano", "Talk to the pianist", "Her cuff", "Her afternoon")
    assert state.mode == HearingMode("pianist.story", 0)
    state, events = play(story, state, "Press the statement")
    assert "pianist.story.practice" in state.pressed
    state, events = e.step(story, state, e.Present("torn_page"))
    assert state.credibility == 1
    assert isinstance(events[0], e.WrongPresentation) and events[0].credibility == 1
    state, _ = play(story, state, "Next statement")
    state, events = e.step(story, state, e.Present("ink_stain"))
    assert "pianist.story.never" in state.broken and "lamp_on" in state.flags
    assert any(isinstance(x, e.StatementBroken) for x in events)
    assert state.mode == Talking("pianist")  # the testimony is done
    assert "Her afternoon" not in labels(story, state)


def test_presenting_a_clue_not_held_costs_nothing(story) -> None:
    state = start(story)
    state, _ = play(story, state, "Talk to the pianist", "Her afternoon")
    new, events = e.step(story, state, e.Present("ink_stain"))
    assert new is state and isinstance(events[0], e.Rejected) and "notebook" in events[0].reason


def test_credibility_runs_out_and_the_witness_stops_listening(story) -> None:
    state = start(story)
    state, _ = play(story, state, "Look under the piano", "Talk to the pianist", "Her afternoon")
    state, _ = e.step(story, state, e.Present("torn_page"))
    state, events = e.step(story, state, e.Present("torn_page"))
    assert state.credibility == 0 and isinstance(state.mode, Exploring)
    assert any(isinstance(x, e.Silenced) for x in events)
    state, events = play(story, state, "Talk to the pianist")
    assert isinstance(state.mode, Exploring)
    assert "will not talk to you" in events[-1].text


def test_board_needs_every_slot_right_at_once(story) -> None:
    state = start(story)
    state, _ = play(story, state, "Look under the piano")
    right = (("who_tore.who", "pianist"), ("who_tore.proof", "torn_page"), ("who_tore.why", "jealous"))
    wrong = right[:2] + (("who_tore.why", "careless"),)
    new, events = e.step(story, state, e.Deduce("who_tore", wrong))
    assert isinstance(events[0], e.DeductionRejected) and "who_tore" not in new.confirmed
    new, events = e.step(story, state, e.Deduce("who_tore", right[:2]))
    assert isinstance(events[0], e.Rejected) and "still empty" in events[0].reason
    new, events = e.step(story, state, e.Deduce("who_tore", (right[0], ("who_tore.proof", "ink_stain"), right[2])))
    assert isinstance(events[0], e.Rejected) and "notebook" in events[0].reason
    new, events = e.step(story, state, e.Deduce("who_tore", right))
    assert isinstance(events[0], e.DeductionConfirmed) and "who_tore" in new.confirmed
    assert new.counter("knocks") == 2  # on_confirm ran
    again, events = e.step(story, new, e.Deduce("who_tore", right))
    assert again is new and "already" in events[0].reason


def test_accusation_is_closed_early_then_one_shot(story) -> None:
    state = start(story)
    closed, events = e.step(story, state, e.Accuse())
    assert closed is state and "too early" in events[0].reason
    state, _ = play(story, state, "Look under the piano")
    state, _ = e.step(story, state, e.Deduce("who_tore", (("who_tore.who", "pianist"), ("who_tore.proof", "torn_page"),
                                                           ("who_tore.why", "jealous"))))
    state, _ = play(story, state, "Wait for evening", "Go on", "Make the accusation")
    assert isinstance(state.mode, Accusing)
    state, _ = play(story, state, "Not yet: take it back", "Make the accusation", "Ida Marsh", "Jealousy")
    state, _ = e.step(story, state, e.Answer("ink_stain"))  # not held: refused
    assert len(state.mode.evidence) == 0
    state, _ = play(story, state, "A torn page", "Make it final")
    assert state.mode == Ended("solved") and state.verdict.culprit == "pianist"
    assert e.available_actions(story, state) == ()
    after, events = e.step(story, state, e.Accuse())
    assert after is state and "over" in events[0].reason


def test_wrong_accusation_reaches_the_other_ending(story) -> None:
    state = start(story)
    state, _ = play(story, state, "Look under the piano", "Wait for evening", "Go on", "Make the accusation",
                    "Paul Reed", "Money", "A torn page")
    state, events = play(story, state, "Make it final")
    ending = [x for x in events if isinstance(x, e.EndingReached)][0]
    assert ending.ending == "wrong" and ending.title == "The Wrong Hands"


def test_epilogue_appears_only_when_its_condition_holds(story) -> None:
    def finish(lamp: bool) -> str:
        state = start(story)
        steps = ["Look under the piano"]
        if lamp:
            steps += ["Go to The Study", "Take the lamp", "Light the lamp", "Go to The Hall"]
        state, _ = play(story, state, *steps)
        state, _ = e.step(story, state, e.Deduce("who_tore", (("who_tore.who", "pianist"),
                                                               ("who_tore.proof", "torn_page"), ("who_tore.why", "jealous"))))
        state, events = play(story, state, "Wait for evening", "Go on", "Make the accusation", "Ida Marsh",
                             "Jealousy", "A torn page", "Make it final")
        return [x for x in events if isinstance(x, e.EndingReached)][0].text

    assert "lamp burning" in finish(True)
    assert "lamp burning" not in finish(False)


def test_running_out_of_time_moves_the_player_on(story) -> None:
    state = start(story)
    seen = []
    while state.act == "day":
        state, events = play(story, state, "Go to The Study")
        seen += events
        if state.act == "day" and state.scene == "hall.dusk":
            break
        state, events = play(story, state, "Go to The Hall")
        seen += events
        if state.scene == "hall.dusk":
            break
    assert state.scene == "hall.dusk" and state.time == 0
    assert any(isinstance(x, e.TimeRanOut) for x in seen)
    assert any(isinstance(x, e.Narration) and "bell rings" in x.text for x in seen)  # the scheduled event
    state, _ = play(story, state, "Go on")
    assert state.act == "night" and state.time == 4 and state.credibility == 1
    while not state.ended:
        state, events = play(story, state, labels(story, state)[0])
    assert state.ending == "lost"


def test_scheduled_event_fires_once(story) -> None:
    state = start(story)
    count = 0
    for _ in range(10):
        state, events = play(story, state, "Go to The Study" if state.scene == "hall.main" else "Go to The Hall")
        count += sum(1 for x in events if isinstance(x, e.Narration) and "bell rings" in x.text)
        if state.scene == "hall.dusk":
            break
    assert count == 1


def test_clock_follows_the_time_spent(story) -> None:
    state = start(story)
    assert e.clock_text(story, state) == "14:00"
    state, _ = play(story, state, "Look under the piano")
    assert e.clock_text(story, state) == "14:30"


def test_state_is_hashable_for_the_explorer(story) -> None:
    state = start(story)
    assert hash(state) == hash(e.step(story, state, e.Choose("missing"))[0])
    assert len({state, play(story, state, "Look under the piano")[0]}) == 2


def test_extra_scene_text_follows_the_state(story) -> None:
    state = start(story)
    state, events = play(story, state, "Go to The Study", "Go to The Hall")
    assert not any("Lamplight" in x.text for x in events if isinstance(x, e.Narration))
    state, _ = play(story, state, "Go to The Study", "Take the lamp", "Light the lamp")
    state, events = play(story, state, "Go to The Hall")
    text = [x.text for x in events if isinstance(x, e.Narration) and x.kind == "scene"][0]
    assert text.startswith("The hall again.") and text.endswith("Lamplight spills from the study door.")
    assert e.scene_text(story, state, story.scenes["hall.main"]) == text


def test_a_counter_set_to_zero_stays_zero_even_with_another_default(write_story) -> None:
    folder = write_story({"parts/a.yaml": """
        counters: {lives: 3}
        scenes:
          a.start:
            text: Start.
            choices:
              - text: Lose them all
                do: [{add: {lives: -3}}]
              - text: Check
                if: count(lives) == 0
                goto: done
        """})
    story = load_story(folder)
    state, _ = e.new_game(story)
    assert e.EvalContext(story, state).count("lives") == 3
    state, _ = e.step(story, state, pick(story, state, "Lose them all"))
    assert e.EvalContext(story, state).count("lives") == 0
    assert "Check" in labels(story, state)
