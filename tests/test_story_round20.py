"""Blind round 20's story items (issue 11, testers T34 and T35): continuity a tester met."""

from __future__ import annotations

from game.cli.playtools import start_state
from game.core import engine as e
from game.core.record import replace
from tests.test_story_round6 import _flat, case  # noqa: F401  (case: the bundled story, a fixture)
from tests.ui.helpers import run_game


def _harrow_topics(case, state) -> list[str]:
    _, game = run_game(case, state, ["talk to harrow"])
    return [a.label for a in e.menu_actions(game.story, game.state) if isinstance(a, e.Ask)]


def test_harrow_is_not_introduced_to_on_friday_after_a_thursday_in_her_office(case) -> None:
    """T34: "Introduce yourself" was on Harrow's menu on Friday, though on Thursday she had read
    Neveah's name off a card in her office."""
    state, _ = start_state(case, "act3.harrow_office", "act3")
    assert "Introduce yourself" in _harrow_topics(case, state)  # never met: she may still be
    seen = state.with_visit("act2.harrow_office")
    assert "Introduce yourself" not in _harrow_topics(case, seen)
    thursday, _ = start_state(case, "act2.harrow_office", "act2")
    assert "Introduce yourself" in _harrow_topics(case, thursday)  # the day she meets her: offered


def test_the_accusation_has_neveah_find_reyes_in_the_theatre_wherever_she_was_left(case) -> None:
    """T34 accused from Studio B, having left Reyes on the lobby bench, and found her on the stage;
    T36 accused in the lobby and read "You asked Reyes to meet you here", though they had not."""
    assert case.accusation is not None
    text = case.accusation.text
    assert text.startswith("You go looking for Detective Reyes.")  # T45
    # by the lobby bench the act's opening sent her to, back into the theatre: true from the
    # stalls too (T60 accused there and was told they "find your way to the theatre")
    assert "Her bench by the pigeonholes is empty" in text and "back through the auditorium doors" in text
    assert "find your way to the theatre" not in text and "You asked" not in text


def test_the_scapegoat_never_says_logs_shown_to_the_police_are_unread(case) -> None:
    """T36 showed the boiler slip and was told "Somebody could still read them"."""
    for epilogue in case.endings["scapegoat"].epilogues:
        if "could still read" in epilogue.text or "Nobody went looking" in epilogue.text:
            assert "not flag(marcus_defended)" in str(epilogue.condition), epilogue.text


def test_the_lobby_described_again_claims_no_time_has_passed(case) -> None:
    """T34 undid a move back to 17:00 and the lobby said "The bar is finished now"."""
    state, _ = start_state(case, "act3.lobby", "act3")
    state = replace(state, visits=(("act3.lobby", 2),))
    said = e.scene_text(case, state, case.scenes["act3.lobby"], again=True)
    assert "finished now" not in said and "Reyes on her bench" in said


def test_victoria_does_not_say_harrow_told_her_about_the_toast(case) -> None:
    """T35: "Celeste told me afterwards it was thirteen too many", against Harrow's "I spoke to no
    one that night"."""
    toast = case.topics["victoria.toast"] if "victoria.toast" in case.topics else next(
        t for t in case.topics.values() if t.title == "The toast on Tuesday night")
    assert "Celeste told me" not in toast.text and "thirteen too many" in toast.text


def test_reyes_first_meeting_is_offered_only_before_anything_else_is_said_to_her(case) -> None:
    """T37 told Reyes of the roof, asked about an arrest, then chose "Introduce yourself" and met
    "The scholarship kid ... go inside", a first meeting's words."""
    state, _ = start_state(case, "act1.courtyard", "act1")
    _, game = run_game(case, state, ["talk to reyes"])
    topics = [a for a in e.menu_actions(game.story, game.state) if isinstance(a, e.Ask)]
    assert any(a.topic == "reyes.hello" for a in topics)
    after = replace(game.state, asked=game.state.asked | {"reyes.accident"})  # "Ask what happened" first
    assert not any(isinstance(a, e.Ask) and a.topic == "reyes.hello" for a in e.menu_actions(case, after))


def test_marcus_card_files_the_gauze_under_him_only_once_he_is_asked_about_the_knot(case) -> None:
    """T37: Marcus's card repeated the roof's gauze threads under his name: the match made."""
    marcus = case.people["marcus"]
    gauze = [x for x in marcus.extra if "white gauze" in x.text]
    assert gauze and all("asked(marcus.knot)" in str(x.condition) for x in gauze)


def test_thursdays_room_4c_claims_no_daylight(case) -> None:
    """T38 came into 4C at 19:30 and read "Daylight makes 4C smaller"."""
    assert "Daylight" not in case.scenes["act2.dorm"].text


def test_what_pell_reads_on_your_screen_was_photographed(case) -> None:
    """T41 presented the Tribune draft, read on Cassie's laptop, and Pell "gives you back the
    phone"; T44 showed her the 🩹 thread "on the screen between you": every way to either, read on
    the laptop, photographs it."""
    for clue in ("tribune_draft", "bandage_text"):
        ways = [(scene.id, choice) for scene in case.scenes.values() for choice in scene.choices
                if clue in str(choice.effects) and choice.say]
        assert ways, clue
        for where, choice in ways:
            assert "photograph" in choice.say, (where, choice.text)


def test_reyes_notebook_is_on_her_knee_before_its_sketch_is_offered(case) -> None:
    """T41: "Look at the sketch in Reyes's open notebook" named a notebook the courtyard never showed."""
    assert "notebook lies open on her knee" in case.scenes["act1.courtyard"].text


def test_the_lobby_revisited_does_not_describe_mrs_shore_by_her_chin_again(case) -> None:
    """T40 had talked with Cassie's mother; the lobby still said "the woman with Cassie's chin"."""
    assert "Cassie's chin" not in (case.scenes["act2.lobby"].revisit or "")


def test_lying_down_on_thursday_names_no_hour(case) -> None:
    """T43 lay down at 20:30 and read "in the middle of the afternoon"."""
    lie = next(c for c in case.scenes["act2.dorm"].choices if c.text == "Lie down and let Thursday go")
    assert "afternoon" not in lie.say


def test_every_claim_a_dossier_quotes_is_in_the_persons_own_words(case) -> None:
    """T42: Pell's card quoted "I left at five past ten, Neveah, and I was home in the bath by half
    past", which she never said. A **Claims:** line quotes a topic or a statement word for word."""
    import re

    for person in case.people.values():
        said = " ".join([t.text for t in case.topics.values() if t.person == person.id]
                        + [s.text for t in case.testimonies.values() if t.person == person.id for s in t.statements]
                        + [c.say for scene in case.scenes.values() for c in scene.choices if c.say]  # said in a scene
                        + [str(scene.on_enter) + " ".join(x.text for x in scene.extra) for scene in case.scenes.values()])
        said = " ".join(said.split())
        for extra in person.extra:
            for quote in re.findall(r'\*\*Claims:\*\* "(.+?)"\s*$', extra.text.strip()):
                assert " ".join(quote.split()) in said, (person.id, quote)
