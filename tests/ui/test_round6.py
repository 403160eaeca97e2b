"""Issue 11, round 6 (brief fix6u): interface slips two blind testers met, through the real
loop (piped, plain and rich looks)."""

from __future__ import annotations

import re

import pytest

from game.core import engine as e
from tests.ui.test_interface_misfires import case, lines_until, run

ROOF = lines_until("walk")  # on the roof, nothing up there taken yet


def _menu_number(text: str, label: str) -> int:
    """The number the last menu printed gives the line holding ``label``."""
    rows = [m for m in re.finditer(rf"^\s*(\d+)\.\s+(.*{re.escape(label)}.*)$", text, re.M)]
    assert rows, f"{label!r} not on a menu"
    return int(rows[-1].group(1))


@pytest.mark.parametrize("plain", [True, False])
def test_a_taken_once_choice_keeps_its_line_and_the_numbers_below_it_stay(plain):
    before, _ = run(ROOF, plain=plain)
    crouch = _menu_number(before, "Crouch in the gravel")
    sheet = _menu_number(before, "Read the laminated sheet")
    after, game = run(ROOF + ["walk"], plain=plain)
    tail = after[after.rindex("Caught in the knot"):]
    assert _menu_number(tail, "Crouch in the gravel") == crouch
    assert _menu_number(tail, "Read the laminated sheet") == sheet
    assert re.search(r"Walk the parapet all the way round \(done\)", tail)
    # the engine's rules are unchanged: the walk is no longer an available action
    assert all(a.label != "Walk the parapet all the way round" for a in e.available_actions(case(), game.state))


def test_typing_a_done_number_says_so_and_costs_nothing():
    before, _ = run(ROOF)
    walk = _menu_number(before, "Walk the parapet")
    _, walked = run(ROOF + ["walk"])
    text, game = run(ROOF + ["walk", str(walk)])
    assert "You've already done that: 'Walk the parapet all the way round'" in text
    assert game.state == walked.state and game.state.turn == walked.state.turn  # nothing spent
    tail = text[text.rindex("You've already done"):]
    assert _menu_number(tail, "Crouch in the gravel") == walk + 1  # the menu again, same numbers


def test_a_done_line_by_its_words_says_so_too_and_nonsense_still_misfires():
    text, game = run(ROOF + ["walk", "walk the parapet", "zzz"])
    assert text.count("You've already done that") == 1
    assert "I don't understand 'zzz'" in text and text.rstrip().endswith("Goodbye.")


def test_the_menu_the_walkthrough_and_typed_numbers_share_one_numbering():
    _, game = run(ROOF + ["walk"])
    story, state = case(), game.state
    actions = e.menu_actions(story, state)
    assert any(e.is_done(story, state, a) for a in actions)
    live = [a for a in actions if not e.is_done(story, state, a)]
    assert set(live) == {a for a in e.available_actions(story, state) if not isinstance(a, e.Present)}
    for number, action in zip(e.menu_numbers(actions), actions):
        assert e.by_number(actions, number) == action


# -- 4 and 8: the menu after a save; how to carry on after quitting -------------------------


def _play(tmp_path, lines: str) -> str:
    import subprocess
    import sys

    from tests.ui.helpers import ROOT, SAMPLE

    done = subprocess.run([sys.executable, "-m", "game", "play", "--new", "--plain", "--story", str(SAMPLE),
                           "--saves", str(tmp_path / "saves")], input=lines, capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0 and "Traceback" not in done.stdout + done.stderr, done.stderr[-2000:]
    return done.stdout


def test_after_a_save_the_menu_is_shown_again(tmp_path):
    out = _play(tmp_path, "save\nsave ../../etc\nzzz\n")
    saved = out[out.index("Saved to 'quicksave'"):out.index("> save ../../etc")]
    assert re.search(r"^1\. Go in$", saved, re.M), saved  # the menu, not a bare prompt
    refused = out[out.index("is not a slot name"):out.index("> zzz")]
    assert re.search(r"^1\. Go in$", refused, re.M)  # a bad slot name: refused, menu again
    assert "I don't understand 'zzz'" in out


@pytest.mark.parametrize("last", ["quit\n", ""], ids=["quit", "end-of-input"])
def test_quitting_names_continue_on_the_title_screen_before_the_command_line(tmp_path, last):
    out = " ".join(_play(tmp_path, "1\n" + last).split())
    cont = out.index("choose Continue on the title screen")
    assert cont < out.index("ghostlight play --load autosave")
    assert out.endswith("Goodbye.")


# -- 6: a clue's name is never the subject of a conjugated verb ----------------------------


def test_the_breaking_and_failing_lines_need_no_agreement_with_a_plural_clue_name():
    from game.ui.look import Look
    from game.ui.scene import event_view
    from tests.ui.helpers import render

    story = case()
    state, _ = e.new_game(story)
    statement = next(iter(story.statements))
    look = Look(plain=True)
    broke, _ = event_view(story, state, e.StatementBroken(statement, "shredder_scraps"), look)
    failed, _ = event_view(story, state, e.WrongPresentation("shredder_scraps", 2, statement), look)
    broke_text, failed_text = " ".join(render(broke).split()), " ".join(render(failed).split())
    assert broke_text == "Contradiction! Your clue (Scraps from Harrow's shredder) breaks the statement."
    assert failed_text.startswith("Presented: Scraps from Harrow's shredder. No contradiction with statement")
    for text in (broke_text, failed_text):
        assert "shredder breaks" not in text and "shredder does" not in text


# -- 3: `go` somewhere that is not a place you can go to ------------------------------------


def test_go_to_no_such_place_says_so_plainly_with_a_near_miss_and_never_a_new_place():
    text, game = run(ROOF + ["go kitchen", "go nowhere", "go courtyrd", "go " + "x" * 300, "visit"])
    flat = " ".join(text.split())
    assert "I don't understand 'go kitchen'" not in flat and "I don't understand 'go nowhere'" not in flat
    assert "There is no place called 'kitchen' you can go to from here. The places you can go are in the choices." in flat
    assert "There is no place called 'nowhere' you can go to from here." in flat
    assert "There is no place called 'courtyrd' you can go to from here (did you mean 'The Courtyard'?)" in flat
    # a place the player has not found is never named, not even as a near miss
    story = case()
    from game.core.mystery import known_places
    unknown = [p.name for p in story.places.values() if p.id not in known_places(story, game.state)]
    for name in unknown:
        assert name not in flat[flat.index("no place called 'kitchen'"):]
    assert text.rstrip().endswith("Goodbye.")


# -- 2: what the scene shows wins over a clue's name; a held clue found by a word of its text ---


def _lobby_with_the_photographs():
    """Act 1's lobby with the photographer's pictures held (as T6 had them)."""
    from game.core import record
    from tests.ui.helpers import by_label

    story = case()
    state, _ = e.new_game(story)
    for words in (("suitcase",), ("lobby",)):
        state, _ = e.step(story, state, by_label(story, state, *words))
    assert state.scene == "act1.lobby", state.scene
    return record.replace(state, clues=state.clues | {"reception_photos"},
                          found=(*state.found, "reception_photos"))


def test_x_photograph_by_the_memorial_looks_at_the_photograph_not_the_clue():
    from tests.ui.helpers import run_game

    text, _game = run_game(case(), _lobby_with_the_photographs(), ["x photograph", "x photographer's pictures", "x"])
    first = text[:text.index("Clue 1: The photographer's pictures")] if "Clue 1: The photographer's" in text else text
    assert "Your notes also have clue 1 'The photographer's pictures'" in first
    assert "frame after frame stamped 23:30" not in first  # the clue is not opened by a word it only begins
    assert "That is choice" in first and "photographs" in first.split("That is choice")[1][:80]  # the memorial's choice, with its cost
    assert "Clue 1: The photographer's pictures" in text  # named in full, the clue is shown
    assert "Examine what?" in text and text.rstrip().endswith("Goodbye.")


def test_x_a_thing_inside_a_held_clue_shows_that_clue():
    text, _game = run(ROOF + ["crouch", "x bobby pin", "x unicorn"])
    after = text[text.index("'bobby pin' is in clue"):]
    assert re.search(r"Clue \d+: Scuffs in the gravel", after)
    assert "You find nothing called 'bobby pin'" not in text
    assert "You find nothing called 'unicorn' here" in text  # in no scene, no choice, no clue


# -- 5: the timeline's wrapped entries keep the rail -----------------------------------------


@pytest.mark.parametrize("width", [40, 60, 100])
def test_a_wrapped_timeline_entry_hangs_under_the_rail(width):
    from game.core import record
    from game.ui.look import Look
    from game.ui.timeline import Timeline
    from tests.ui.helpers import render

    story = case()
    state, _ = e.new_game(story)
    timed = [c for c in story.clues if story.clues[c].times]
    state = record.replace(state, clues=frozenset(timed), found=tuple(timed))
    rows = render(Timeline(story, state, Look()), width=width).splitlines()[1:-1]
    inside = [row[2:-1] for row in rows]  # the frame's "│ " and "│" off
    entries = [i for i, row in enumerate(inside) if re.match(r"\d\d:\d\d [┬┼┴]─ ", row)]
    assert len(entries) > 5
    rail = inside[entries[0]].index("┬")
    wrapped = 0
    for i in range(entries[0], entries[-1]):
        assert inside[i][rail] in "┬┼│", (i, inside[i])  # the rail never breaks before the end
        if i not in entries and not re.search(r"\d+ (h|min)", inside[i]) and inside[i].strip() != "│":
            wrapped += 1
            assert inside[i][rail + 1:rail + 3] == "  " and inside[i][rail + 3] != " "  # text in one column
    assert wrapped > 0 or width >= 100  # some entry did wrap at a narrow width


# -- 7: a hint with the board all confirmed and a deduction still hidden gives a direction ----


def _board_done(lines):
    """The state ``lines`` reach, with every deduction on the board confirmed (some still hidden)."""
    from game.core import mystery, record

    story = case()
    _, game = run(lines)
    on_board = {d.id for _n, d in mystery.board(story, game.state)}
    state = record.replace(game.state, confirmed=frozenset(on_board))
    assert mystery.hint(story, state) is None and len(on_board) < len(story.deductions)
    return state


def test_hint_with_nothing_open_names_what_is_left_in_this_act_without_spoiling():
    from game.core import mystery
    from tests.ui.helpers import run_game

    story = case()
    state = _board_done(ROOF)
    text, _game = run_game(story, state, ["hint", "hint", "zzz"])
    flat = " ".join(text.split())
    assert "Keep looking and asking: more will appear." not in flat
    said = flat[flat.index("Everything on your board is confirmed"):]
    assert "Still open in this act:" in said and "choices not yet taken in The Roof" in said
    leads = mystery.leads(story, state)
    for name in leads.asking[:3]:
        assert name in said
    # only people the player knows by name, never a clue or an answer
    known = {p.name for p in mystery.known_people(story, state)}
    for person in story.people.values():
        if person.name not in known:
            assert person.name not in said.split("I don't understand")[0]
    assert "I don't understand 'zzz'" in flat


def test_leads_follow_what_is_taken_and_asked():
    from game.core import mystery, record

    story = case()
    state = _board_done(ROOF)
    roof = story.scenes["act1.roof"]
    taken = record.replace(state, taken=state.taken | {c.id for c in roof.choices if c.once})
    assert "The Roof" in mystery.leads(story, state).places
    assert "The Roof" not in mystery.leads(story, taken).places
    topics = {t.id for t in story.topics.values()}
    assert mystery.leads(story, record.replace(state, asked=frozenset(topics))).asking == ()


def test_the_hint_words_with_nothing_left_still_say_keep_looking():
    from game.core.mystery import Leads
    from game.ui.help import where_next

    assert where_next(Leads()).endswith("Keep looking and asking.")
    many = where_next(Leads(asking=tuple("ABCDEF")))
    assert "A, B, C, D and others" in many


# -- 9: Esc clears a half-typed line (tests/ui/test_prompt.py); the act not announced twice ---


@pytest.mark.parametrize("width", [60, 100])
def test_the_scene_just_after_the_act_banner_does_not_repeat_the_act_title(width):
    story = case()
    title = story.acts[story.first_act].title
    text, _game = run(["look", "zzz"], plain=False, width=width)
    first = text[:text.index("1. ")]
    assert f"Act 1: {title}" in first  # the banner
    assert f"Act 1 {title}" not in first and "Act 1 ·" in first  # the panel: the number, no title
    again = text[text.index("1. "):]
    assert f"Act 1 {title}" not in again and "Act 1 ·" in again  # `look` later: the same head (round 7)
    assert "I don't understand 'zzz'" in text


def test_a_done_line_never_makes_typed_words_ambiguous():
    from game.play.commands import Problem, understand

    _, fresh = run(ROOF)
    assert isinstance(understand(case(), fresh.state, "by"), Problem)  # both lines open: ambiguous
    _, crouched = run(ROOF + ["crouch"])
    picked = understand(case(), crouched.state, "by")
    assert isinstance(picked, e.Choose) and picked.label == "Read the laminated sheet by the cold tubs"


# -- round 7 (testers 8 and 9) --------------------------------------------------------------


def test_after_a_hint_the_menu_is_shown_again():
    text, _game = run(["hint", "zzz"])
    after_hint = text[:text.rindex("I don't understand 'zzz'")]
    first = re.search(r"^1\. .*$", text, re.M).group(0)  # the first menu line, as the game opens
    assert after_hint.count(first + "\n") == 2, after_hint  # once on arrival, once after the hint


def test_a_board_with_nothing_open_does_not_ask_for_deduce():
    from game.core.record import replace
    from game.ui.board import Board
    from game.ui.look import PLAIN
    from tests.ui.helpers import render

    story = case()
    state, _ = e.new_game(story)
    full = replace(state, confirmed=frozenset(story.deductions))
    out = " ".join(render(Board(story, full, PLAIN), width=100).split())
    assert "Every deduction on the board is confirmed." in out and "deduce N" not in out
    out = " ".join(render(Board(story, state, PLAIN), width=100).split())
    assert "deduce N" in out or "more will appear" in out
