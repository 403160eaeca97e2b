"""Blind round 19's items left open (issue 11, testers T30, T32, T33), through the real loop:
a testimony heard again begins at its first statement and confirms a clue presented before
moving on with the statement's words; talk menu lines that open later come after those seen."""

from __future__ import annotations

import pytest

from game.core import engine as e
from game.core.record import replace
from game.core.state import Talking, Testifying
from game.saves.codec import state_to_json
from tests.test_saves_heard import heard_all, load, refused_when_damaged
from tests.test_story_round6 import _flat
from tests.ui.test_round12_lead import _in_a_testimony, _testimony_lines, run


def _hear_number(game) -> str:
    actions = e.menu_actions(game.story, game.state)
    return str(next(n for a, n in zip(actions, e.menu_numbers(actions)) if isinstance(a, e.Hear)))


def _reopened() -> tuple[list[str], object]:
    """Dr. Pell's testimony heard, stepped to statement 2, left and heard again."""
    text, game = run(_in_a_testimony())
    assert _testimony_lines(game) >= 2
    left = [*_in_a_testimony(), "next", "leave"]
    _, game = run(left)
    return [*left, _hear_number(game)], game


def _statement(game) -> str:
    mode = game.state.mode
    assert isinstance(mode, Testifying)
    return game.story.testimonies[mode.testimony].statements[mode.index].text


def test_a_clue_presented_at_once_after_reopening_is_confirmed_with_the_statement_words():
    lines, _ = _reopened()
    text, game = run(lines)
    assert game.state.mode.index == 0
    before = game.state.credibility
    said = _statement(game)
    text, game = run([*lines, "present 1", ""])  # Enter keeps it back
    flat = _flat(text)
    asked = flat[flat.rindex("against statement 1 of"):]
    assert said.split()[0] in asked.split("\u201d")[0]  # the statement's own words, in the question
    assert "Nothing presented; it costs nothing." in flat
    assert game.state.credibility == before and not game.state.broken - run(lines)[1].state.broken
    text, game = run([*lines, "present 1", "y"])  # y presents it
    assert "Presented:" in _flat(text) or "Contradiction!" in _flat(text)


@pytest.mark.parametrize("answer", [None, "maybe", "n"])
def test_anything_but_yes_or_the_end_of_input_at_that_question_presents_nothing(answer):
    lines, _ = _reopened()
    before = run(lines)[1].state
    text, game = run([*lines, "present 1", *([answer] if answer is not None else [])])
    assert game.state.credibility == before.credibility and game.state.broken == before.broken
    assert "Traceback" not in text


def test_the_question_names_the_statement_the_player_had_left_it_at():
    lines, _ = _reopened()  # left at statement 2
    text, game = run([*lines, "present 2", ""])  # 2: not statement 1's own number, so no other doubt
    assert game.state.mode.index == 0 and game.state.credibility == run(lines)[1].state.credibility
    assert "You had left this testimony at statement 2; heard again, it began at its first." in _flat(text)


def test_no_question_when_it_was_left_at_its_first_statement():
    """T59, T61, T62 and T65 met the question with nothing to settle: left at statement 1, heard
    again at statement 1, the clue goes where the player last saw it."""
    left = [*_in_a_testimony(), "leave"]
    _, game = run(left)
    lines = [*left, _hear_number(game)]
    text, game = run(lines)
    assert "(Heard again from the start: statement 1 of" in _flat(text) and game.state.mode.index == 0
    text, game = run([*lines, "present 2"])  # 2: not statement 1's own number, so no other doubt
    flat = _flat(text)
    assert "Type y to present it" not in flat
    assert "Presented:" in flat or "Contradiction!" in flat


def test_no_question_once_the_player_has_moved_through_it_nor_at_the_first_hearing():
    lines, _ = _reopened()
    text, game = run([*lines, "next", "present 1"])
    assert "Type y to present it" not in _flat(text)
    text, game = run([*_in_a_testimony(), "present 2"])  # heard for the first time (2: not statement 1's number)
    assert "Presented:" in _flat(text) or "Contradiction!" in _flat(text)
    assert "Type y to present it" not in _flat(text)


def test_a_topic_that_opens_later_comes_after_the_lines_already_seen():
    """T33 came back to Dr. Pell: "The name Vance" had opened above the testimony line, and a
    remembered 5 asked it and spent a turn."""
    _, game = run([*_in_a_testimony(), "leave"])
    state = game.state
    assert isinstance(state.mode, Talking) and state.talk_order  # the menu the player chose from
    story = game.story
    vance_clues = {"shredder_scraps", "rosalind_message", "tribune_draft"}  # any one opens the topic
    state = replace(state, clues=state.clues - vance_clues,  # as if the topic had not opened yet
                    talk_order=tuple(k for k in state.talk_order if k != "pell.rosalind"))
    later = replace(state, clues=state.clues | {"shredder_scraps"})
    seen = e.menu_actions(story, state)
    now = e.menu_actions(story, later)
    vance = next(a for a in now if isinstance(a, e.Ask) and a.topic == "pell.rosalind")
    assert vance not in seen
    numbers = dict(zip(now, e.menu_numbers(now)))
    for action, number in zip(seen, e.menu_numbers(seen)):
        assert numbers[action] == number  # every line seen keeps its number
    assert numbers[vance] == len([a for a in now if not isinstance(a, e.Leave)])  # last before Leave
    # Without the remembered order it would have opened in the story's order, above the testimony.
    fresh = e.menu_actions(story, replace(later, talk_order=()))
    hear = next(a for a in fresh if isinstance(a, e.Hear))
    assert fresh.index(vance) < fresh.index(hear)


def test_the_talk_order_is_saved_loaded_fitted_and_refused_when_damaged():
    state = heard_all()
    assert state.talk_order  # the pianist's lines, seen when the testimony was chosen
    data = state_to_json(state, sample_story())
    assert data["talk_order"] == list(state.talk_order)
    loaded, notices = load(data)
    assert loaded.talk_order == state.talk_order and not notices
    del data["talk_order"]  # a save from before it was kept: story order, no notice
    loaded, notices = load(data)
    assert loaded.talk_order == () and not notices
    data["talk_order"] = ["gone.topic", *state.talk_order, state.talk_order[0]]  # unknown, repeated
    loaded, notices = load(data)
    assert loaded.talk_order == state.talk_order and not notices
    for bad in ("all", [1], ["x\x1b[2J"], {"a": 1}):
        refused_when_damaged("talk_order", bad, "state.talk_order")
        refused_when_damaged("talk_seen", bad, "state.talk_seen")
    data = state_to_json(state, sample_story())  # the lines on screen at the last talk choice, too
    assert state.talk_seen and data["talk_seen"] == list(state.talk_seen)
    assert load(data)[0].talk_seen == state.talk_seen
    del data["talk_seen"]
    assert load(data)[0].talk_seen == ()


def sample_story():
    from tests.ui.helpers import sample

    return sample()


def test_x_on_a_person_described_never_opens_a_conversation():
    """T33 typed `x boy` in the green room, to look at him, and began talking to him."""
    from game.cli.playtools import start_state
    from game.core.state import Exploring
    from tests.ui.helpers import run_game
    from tests.ui.test_interface_misfires import case

    story = case()
    state, _ = start_state(story, "act1.green_room", "act1")
    text, game = run_game(story, state, ["x boy"])
    assert isinstance(game.state.mode, Exploring) and game.state.turn == state.turn
    assert "That is choice" in _flat(text) and "Talk to the tall boy" in _flat(text)
    text, game = run_game(story, state, ["x nonsense words", "x"])  # bad inputs: refused, nothing spent
    assert game.state.turn == state.turn and "Traceback" not in text


def test_x_on_a_choice_that_asks_for_an_answer_names_it():
    """T35 typed `x laptop` in Room 4C beside "Type a password into Cassie's laptop" and was told
    there was nothing more to see: a choice that asks for an answer is a choice `x` can name."""
    from game.cli.playtools import start_state
    from tests.ui.helpers import run_game
    from tests.ui.test_interface_misfires import case

    story = case()
    state, _ = start_state(story, "act3.dorm", "act3")
    state = replace(state, flags=state.flags | {"act2.laptop_hint"})  # woken: the password box is up
    text, game = run_game(story, state, ["x laptop"])
    assert "That is choice" in _flat(text) and "password" in _flat(text).split("That is choice")[1][:80]
    assert "Nothing about it tells you more" not in _flat(text)
    assert game.state.turn == state.turn and "Password" not in _flat(text).split("x laptop")[-1][:0] + ""


@pytest.mark.parametrize("key, chosen", [("3\r", False), (" ", True), ("q", True)])
def test_a_number_typed_over_a_view_chooses_nothing(key, chosen):
    """T34 typed 3 at the board's "more" line (deduction 3, to a player looking at the board):
    it closed the board and took choice 3, "Go to Room 4C", a turn spent. A number typed over a
    view is the view's; typed at the prompt after the view is closed (Space turned its pages,
    or q closed it), it is the menu's, as always."""
    from game.cli.playtools import start_state
    from game.play.session import Game, Session
    from game.ui.pager import Pager, Typeahead
    from game.ui.render import Renderer
    from tests.ui.helpers import console, script
    from tests.ui.test_interface_misfires import case

    story = case()
    state, _ = start_state(story, "act3.lobby", "act3")
    state = replace(state, clues=frozenset(story.clues), found=tuple(story.clues))  # a board of pages
    out = console(60, height=12)
    typed = Typeahead()
    keys = iter([key] + [" "] * 200)
    renderer = Renderer(story, out, False, interactive=True, pager=Pager(out, lambda: next(keys), typeahead=typed))
    game = Game(Session(story, state), renderer, script(["board", "3"]))  # "3": the line the prompt sends
    game.run(())
    moved = game.state.turn != state.turn
    assert moved == chosen
    said = "was typed while a view was open, so nothing was chosen" in " ".join(out.file.getvalue().split())
    assert said == (not chosen)


def test_too_early_to_accuse_names_the_act_the_accusation_opens_in():
    """T36 had every deduction on Thursday and read only "you need more before anyone will listen"."""
    from game.cli.playtools import start_state
    from game.core.expr import condition
    from tests.ui.test_interface_misfires import case

    story = case()
    for scene, act in (("act1.lobby", "act1"), ("act2.lobby", "act2")):
        state, _ = start_state(story, scene, act)
        _, events = e.step(story, state, e.Accuse())
        assert isinstance(events[0], e.Rejected)
        assert "the accusation opens in Act 3, " + story.acts["act3"].title in events[0].reason
    never = replace(story, accusation=replace(story.accusation, condition=condition("act == 9")[0]))
    state, _ = start_state(story, "act2.lobby", "act2")
    _, events = e.step(never, state, e.Accuse())
    assert events[0].reason == "It is too early to accuse anyone: you need more before anyone will listen."


def test_in_the_last_act_a_move_that_runs_the_time_out_is_marked_as_ending_the_case():
    """T38 took "Go to The Lobby (ends the act)" on Friday's last turn, to reach Reyes and accuse,
    and met The Scapegoat: the act's time-out is an ending, so the mark says so."""
    from game.cli.playtools import start_state
    from tests.ui.helpers import run_game
    from tests.ui.test_interface_misfires import case

    story = case()
    last, _ = start_state(story, "act3.studio_b", "act3")
    last = replace(last, time=0)  # arrived on the last turn: every move now ends the case
    text, _ = run_game(story, last, [])
    assert "(ends the case)" in text and "(ends the act)" not in text
    assert "ends " + story.acts["act3"].title + ", and the case with it" in _flat(text)
    earlier, _ = start_state(story, "act2.studio_b", "act2")
    text, _ = run_game(story, replace(earlier, time=0), [])
    assert "(ends the act)" in text and "(ends the case)" not in text


def test_a_menu_under_a_view_never_pushes_the_views_last_page_away_unread():
    """T39 at 60x40 turned to the board's second page, and the 18-line menu printed under it
    pushed that page off the screen unread. The menu then waited for an Enter; since round 32 the
    view's last page waits for the key that closes it (T55, T58, T59 pressed one there anyway,
    and it leaked into the next command), and the menu comes whole after it."""
    from game.cli.playtools import start_state
    from game.play.session import Game, Session
    from game.ui.pager import Pager, Typeahead
    from game.ui.render import Renderer
    from tests.ui.helpers import console, script
    from tests.ui.test_interface_misfires import case

    story = case()
    state, _ = start_state(story, "act3.lobby", "act3")
    state = replace(state, clues=frozenset(story.clues), found=tuple(story.clues))
    out = console(60, height=26)  # the board's last page and this menu do not fit one screen
    renderer = Renderer(story, out, False, interactive=True,
                        pager=Pager(out, lambda: " ", typeahead=Typeahead()))
    game = Game(Session(story, state), renderer, script(["board"]))
    game.run(())
    from game.ui.pager import MORE_END

    tail = out.file.getvalue().rsplit("A wrong check", 1)[-1]  # under the board's last lines
    assert MORE_END in tail and "Go to" in tail and tail.index(MORE_END) < tail.index("Go to")
    assert "Press Enter for the choices" not in tail  # closed by its key: read, so not held


@pytest.mark.parametrize("act_begins", [True, False])
def test_a_new_act_is_paged_even_over_a_line_typed_ahead_and_the_line_is_kept(act_begins):
    """T39 typed "xyz" as Friday began: the act's title, its new turn length and half the scene
    ran past with no "more" line. A new act's opening waits on every page; the typed line is
    kept whole for the prompt. Any other step still never waits over a line typed ahead."""
    from game.ui.pager import Pager, Typeahead
    from game.ui.render import Renderer
    from tests.ui.helpers import console, sample

    story = sample()
    state, _ = e.new_game(story)
    out = console(60, height=8)
    typed = Typeahead()
    typed.keep("xyz\r")
    waits: list[str] = []

    def wait() -> str:
        waits.append("key")
        return "look\r" if len(waits) == 1 else " "

    renderer = Renderer(story, out, False, interactive=True, pager=Pager(out, wait, typeahead=typed))
    long = e.Narration("\n\n".join(f"Paragraph {n} of the new day." for n in range(12)), "scene")
    events = [e.ActStarted("day", 1, "The Afternoon"), long] if act_begins else [long]
    renderer.events(events, state)
    text = out.file.getvalue()
    assert "Paragraph 11" in text  # every line printed, in either case
    if act_begins:
        assert len(waits) >= 2  # a page at a time, though a line was typed ahead
        assert typed.take() == "xyz\rlook\r"  # both lines kept whole, nothing eaten as a page key
    else:
        assert waits == [] and typed.take() == "xyz\r"


@pytest.mark.parametrize("plugged, mark", [(True, ""), (False, "1 turn")])
def test_waking_the_laptop_says_exactly_what_it_costs(plugged, mark):
    """T35, T36, T38 and T40 read "Wake Cassie's laptop (may take a turn)" and could not tell: it
    spends a turn only when it was never plugged in, and the state says which."""
    from game.cli.playtools import start_state
    from game.ui.choices import cost_mark
    from tests.ui.test_interface_misfires import case

    story = case()
    state, _ = start_state(story, "act2.dorm", "act2,time=14")
    if plugged:
        state = replace(state, flags=state.flags | {"act1.laptop_plugged"})
    wake = next(a for a in e.menu_actions(story, state) if "Wake Cassie's laptop" in a.label)
    assert cost_mark(story, state, wake) == mark
    after, _ = e.step(story, state, wake)
    assert (state.time - after.time) == (1 if mark else 0)  # what it said is what it spent


def test_x_by_words_that_only_described_someone_before_their_name_opens_nobody_s_card():
    """T40 typed `x scratch` by Dr. Pell's healing scratch and got Theo's card: "the tall boy with
    the scratched hand" was what he was called before his name was known."""
    from game.cli.playtools import start_state
    from tests.ui.helpers import run_game
    from tests.ui.test_interface_misfires import case

    story = case()
    state, _ = start_state(story, "act3.wellness", "act3,theo.hello")
    from game.core.people import is_known

    theo = story.people["theo"]
    assert is_known(story, state, theo)  # his name is known: "the tall boy ..." no longer names him
    text, game = run_game(story, state, ["x scratch"])
    assert theo.role not in _flat(text) and "Theo Marchetti (" not in _flat(text)
    text, game = run_game(story, state, ["x partner"])  # his role is still who he is
    assert "Theo Marchetti" in _flat(text)


def test_a_number_at_held_choices_is_refused_only_when_its_own_line_changed_and_0_never():
    """T41: after "Stop listening" the talk's choices waited for an Enter; 0 (Leave, as in every
    menu) was refused as "changed" (the line read "Stop listening" before), and later 12 was
    refused when only line 1's words had changed."""
    from game.core.state import Talking, Testifying
    from game.play.session import Game, Session
    from game.ui.render import Renderer
    from tests.ui.helpers import console, sample, script

    story = sample()
    testifying = heard_all()
    assert isinstance(testifying.mode, Testifying)
    talk = replace(testifying, mode=Talking(story.testimonies[testifying.mode.testimony].person))

    def game_at(state, seen, held):
        renderer = Renderer(story, console(60), False)
        game = Game(Session(story, state), renderer, script([]))
        renderer.menu_held, renderer._seen_choices, renderer._held_choices = True, seen, held
        return game

    game = game_at(talk, e.menu_actions(story, testifying), e.menu_actions(story, talk))
    game.handle("0")
    assert not isinstance(game.state.mode, Talking)  # left: 0 is never held back
    talk_menu = e.menu_actions(story, talk)
    relabelled = (replace(talk_menu[0], label="Something else"), *talk_menu[1:])
    game = game_at(talk, relabelled, talk_menu)
    game.handle("1")  # line 1's words changed: held back
    assert game.state == talk
    game.handle("2")  # line 2 ("The torn page") is as it was: chosen
    assert game.state.turn == talk.turn + 1


def test_stopping_a_testimony_says_the_talk_goes_on_and_what_leaves_it():
    """T40 typed 0 then 6, meaning to leave Dr. Pell and take the room's line 6: the 0 only
    stopped the testimony, and the 6 asked a topic that took a turn."""
    text, game = run([*_in_a_testimony(), "0"])
    assert isinstance(game.state.mode, Talking)
    assert "You stop listening. You are still talking with Dr. Nadia Pell: 0 again leaves." in _flat(text)
    text, game = run([*_in_a_testimony(), "0", "0"])
    assert not isinstance(game.state.mode, (Talking, Testifying))


def test_a_line_that_opens_while_a_testimony_is_heard_moves_no_line_already_seen():
    """T42 broke Marcus's "went straight up", came back to his topics, and typed the 9 they had
    seen for "Ask how he's holding up now": "The threads in the knot upstairs" had gone, "What he
    saw on the roof" had opened at the bottom as 9, and it took Thursday's last turn. Then T56
    typed the knot's number and the roof, put in the knot's place, took a turn. Since round 30
    the knot stays: every line keeps its number and the roof is a new one after them."""
    from game.cli.playtools import start_state
    from tests.ui.test_interface_misfires import case

    story = case()
    state, _ = start_state(story, "act2.basement", "act2,act1.gauze_knot,marcus_defended,boiler_dispatch,lift_key_log")
    state, _ = e.step(story, state, next(a for a in e.menu_actions(story, state)
                                         if isinstance(a, e.Choose) and ("Marcus" in a.label or "custodian" in a.label)))
    assert isinstance(state.mode, Talking) and state.mode.person == "marcus"
    before = e.menu_actions(story, state)
    numbers = {a.label: n for a, n in zip(before, e.menu_numbers(before))}
    assert "The threads in the knot upstairs" in numbers and "What he saw on the roof" not in numbers
    state, _ = e.step(story, state, next(a for a in before if isinstance(a, e.Hear)))
    while state.mode.index != 1:  # "I heard something, and I went straight up to the roof."
        state, _ = e.step(story, state, e.Next())
    broken = next(c for c in ("boiler_dispatch", "lift_key_log")
                  if story.statements["marcus.night.straight_up"][0].statements[1].broken_by(c, state.clues))
    state, events = e.step(story, state, e.Present(broken, ""))
    assert any(isinstance(x, e.StatementBroken) for x in events)
    if isinstance(state.mode, Testifying):
        state, _ = e.step(story, state, e.Leave("Stop listening"))
    after = e.menu_actions(story, state)
    now = {a.label: n for a, n in zip(after, e.menu_numbers(after))}
    assert now["What he saw on the roof"] > max(n for n in numbers.values() if n)  # a new line, after them
    for label, number in numbers.items():
        assert now.get(label) == number, label  # every line seen before kept its number, the knot too


def test_a_view_closed_with_q_gives_the_menu_whole_not_a_wait_for_enter():
    """T50 and T59: F1 (help), then q at its first page, and the menu waited for an Enter under a
    help page already closed. A view the player closed is done with: the menu comes whole."""
    from game.cli.playtools import start_state
    from game.play.session import Game, Session
    from game.ui.pager import MORE_VIEW, Pager, Typeahead
    from game.ui.render import Renderer
    from tests.ui.helpers import console, script
    from tests.ui.test_interface_misfires import case

    story = case()
    state, _ = start_state(story, "act2.wellness", "act2,time=14")
    out = console(60, height=40)
    renderer = Renderer(story, out, False, interactive=True, pager=Pager(out, lambda: "q", typeahead=Typeahead()))
    Game(Session(story, state), renderer, script(["help"])).run(())
    tail = out.file.getvalue().rsplit("> help", 1)[-1]
    assert MORE_VIEW in tail  # help took more than a page, and q closed it at the first
    assert "Press Enter for the choices" not in tail and "Go to" in tail


def test_a_deductions_question_is_on_its_own_line_under_its_title():
    """T58 read "How Cassie went over  Cassie went off the roof..." as one run-on line."""
    from tests.ui.test_game_io import run_lines

    _code, text, _session = run_lines(["1", "piano", "deduce 1", ""], plain=False)
    assert "Who tore the score\nWho tore the page out?" in text
    assert "Who tore the score  Who tore" not in text
