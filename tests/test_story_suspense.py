"""Issue 11's suspense: Thursday's first papers set down what Cassie knew and name no signer.

T55 was "nearly certain" at 9:30 on Thursday, as soon as Cassie's laptop opened: her Tribune
draft said "Her name is Dr. Nadia Pell", and Rosalind Vance's letter in the pigeonhole, there
from the first minute of act 2, said "It was Dr. Pell". The game made the match aloud
(MYSTERY.md, principle 11). Now the draft keeps the name back until Cassie has the file, and the
settlement Rosalind signed forbids her to write it: both point at the school that paid (Ms.
Harrow, in the building till 01:12) as much as at whoever signs a dancer fit, and the player
names the signature from the papers that carry it.

Also here: act 1's last moment in Room 4C, where every look "ends the act" and three testers read
the lines as a blind pick of what to lose; the room now says its things will keep, and act 2's 4C
offers each of them. Played through the real program (piped, plain, ``--from``/``--with``) and
the loaded story.
"""

from __future__ import annotations

from game.cli.playtools import start_state
from game.core import engine as e
from game.core import mystery
from game.loading.loader import load_story
from tests.conftest import BUNDLED
from tests.test_paired_contradiction import _after, _play


def test_rosalinds_letter_in_the_pigeonhole_names_no_one_but_herself() -> None:
    out = _play("act2.lobby", "act2", ["pigeonhole", "notes"])
    read = _after(out, "> pigeonhole").split("> notes")[0]
    assert "Rosalind Vance" in read and "You know who" in read
    assert "Pell" not in read
    notes = _after(out, "> notes")
    assert "Rosalind Vance's letter" in notes and "what we signed says I can't write hers" in notes
    assert "Pell" not in notes


def test_cassies_draft_keeps_the_name_back_until_the_file() -> None:
    out = _play("act2.dorm", "act2,time=14,act2.laptop_open", ["drafts", "notes"])
    read = _after(out, "> drafts").split("> notes")[0]
    assert "The same signature both times" in read and "You get the name when you get the file" in read
    assert "Pell" not in read
    assert "Pell" not in _after(out, "> notes")


def test_act_threes_copy_of_the_draft_says_the_same() -> None:
    case = load_story(BUNDLED)
    drafts = [c for c in case.scenes["act3.dorm"].choices if c.text == "Open her drafts folder"]
    assert len(drafts) == 1
    out = _play("act3.dorm", "act3,act2.laptop_open", ["drafts"])
    read = _after(out, "> drafts")
    assert "You get the name when you get the file" in read and "Pell" not in read


def test_holding_only_the_draft_and_the_letter_leaves_pells_motive_square_empty() -> None:
    case = load_story(BUNDLED)
    pell, harrow = case.people["pell"], case.people["harrow"]
    state, _ = start_state(case, "act2.lobby", "act2,tribune_draft,rosalind_message")
    assert mystery.grid(pell, state)["motive"] == (mystery.UNKNOWN, "")
    assert mystery.grid(harrow, state)["motive"][0] == mystery.SHOWN  # the school paid: hers shows
    scraps, _ = start_state(case, "act2.lobby", "act2,shredder_scraps")
    status, note = mystery.grid(pell, scraps)["motive"]
    assert status == mystery.SHOWN and "clearance to dance" in note


def test_three_papers_in_three_places_carry_the_signature_the_player_names() -> None:
    # The three-clue rule for d5's "whose": each of these shows N. Pell's name on its own, and
    # each is found somewhere else (Room 4C, the wellness suite, Harrow's office).
    case = load_story(BUNDLED)
    where = {}
    for scene in case.scenes.values():
        for choice in scene.choices:
            for clue in ("hidden_xray", "clearance_form", "shredder_scraps"):
                if clue in repr(choice.effects):
                    where.setdefault(clue, set()).add(scene.place)
    for clue in ("hidden_xray", "clearance_form", "shredder_scraps"):
        assert "N. Pell" in case.clues[clue].text, clue
    assert len({frozenset(places) for places in where.values()}) == 3, where
    proofs = next(s for s in case.deductions["d5_motive"].slots if s.id == "d5_motive.proof").answers
    assert {"hidden_xray", "clearance_form", "shredder_scraps"} <= set(proofs)


def test_the_draft_still_proves_d5_when_the_player_names_pell_and_not_harrow() -> None:
    case = load_story(BUNDLED)
    state, _ = start_state(case, "act2.lobby", "act2,tribune_draft")
    state = state.with_visit("act2.wellness").with_visit("act2.harrow_office")
    base = (("d5_motive.secret", "clearances"), ("d5_motive.proof", "tribune_draft"))
    right, _ = e.step(case, state, e.Deduce("d5_motive", base + (("d5_motive.whose", "pell"),)))
    wrong, _ = e.step(case, state, e.Deduce("d5_motive", base + (("d5_motive.whose", "harrow"),)))
    assert "d5_motive" in right.confirmed and "d5_motive" not in wrong.confirmed


def test_dr_pell_shown_the_draft_does_not_ask_whose_signature() -> None:
    out = _play("act2.wellness", "act2,time=14,tribune_draft", ["talk to dr. pell", "What she knew", "next",
                                                        "present tribune"])
    after = _after(out, "> present tribune")
    assert "Contradiction!" in after and "She doesn't ask whose." in after
    assert "Her own name" not in after


# -- act 1's last moment in Room 4C: nothing there is lost (T55, T57, T64) -------------------------

LAST_MOMENT = "Nothing in this room is going anywhere, not Cassie's things"


def test_room_4c_at_act_ones_last_moment_says_its_things_will_keep() -> None:
    from game.core.record import replace
    from tests.ui.helpers import run_game

    case = load_story(BUNDLED)
    state, _ = start_state(case, "act1.dorm", "act1")
    text, _game = run_game(case, replace(state, time=0), [])
    assert LAST_MOMENT in " ".join(text.split())
    earlier, _game = run_game(case, replace(state, time=3), [])
    assert LAST_MOMENT not in " ".join(earlier.split())


def test_every_look_that_ends_act_one_in_4c_is_offered_again_on_thursday() -> None:
    # What the line promises: each clue a look in act 1's 4C finds, act 2's 4C finds too.
    case = load_story(BUNDLED)

    def found(scene: str) -> set[str]:
        return {clue for choice in case.scenes[scene].choices for clue in case.clues if clue in repr(choice.effects)}

    assert found("act1.dorm") and found("act1.dorm") <= found("act2.dorm")


def test_the_calendar_is_read_on_thursday_for_nothing_by_a_player_who_missed_it() -> None:
    out = _play("act2.dorm", "act2", ["calendar", "notes"])
    read = _after(out, "> calendar").split("> notes")[0]
    assert "11. B. DON'T TELL C." in read and "Wednesday too now" in read
    assert "The circle on Margot's calendar" in _after(out, "> notes")
    case = load_story(BUNDLED)
    state, _ = start_state(case, "act2.dorm", "act2")
    choice = next(c for c in case.scenes["act2.dorm"].choices if c.text == "Look at Margot's ballet calendar")
    after, _ = e.step(case, state, e.Choose(choice.id))
    assert "margot_calendar" in after.clues and after.time == state.time
    held, _ = start_state(case, "act2.dorm", "act2,margot_calendar")
    assert choice.id not in {a.choice for a in e.menu_actions(case, held) if isinstance(a, e.Choose)}
