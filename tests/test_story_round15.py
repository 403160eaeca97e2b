"""Round 15's story items (issue 11, blind testers T23-T24): a person described by their
`unnamed:` words only until the player knows the name; choice labels that name the act, not a
conclusion; Reyes asks no question the player may not answer; Marcus's hand; Reyes on Friday
does not repeat Wednesday as news; dossier notes say only what every clue showing them tells;
Theo's two exclusive clearings keep the line count. Through the real loop (plain mode) where the
player sees it, else the loaded story."""

from __future__ import annotations

from game.cli.playtools import start_state
from game.core import engine as e
from game.core.effects import scene_text
from game.core.state import GameState
from tests.test_story_round6 import _choice_texts, _flat, _topic_titles, case  # noqa: F401  (case: a fixture)
from tests.test_story_slips import _after, _at
from tests.ui.helpers import run_game

KNOWN_THEO = "asked(theo.hello) or has(theo_rideshare) or has(sorry_text)"


def _shown(case, state: GameState, again: bool = False) -> str:
    return _flat(scene_text(case, state, case.scenes[state.scene], again))


# -- item 1: described until the name is known, named after -------------------------------------


def test_act1_green_room_names_theo_and_ines_once_met_and_describes_them_before(case) -> None:
    state, _ = start_state(case, "act1.green_room", "act1")
    met, _ = run_game(case, state, ["talk to the tall boy", "introduce", "leave",
                                    "talk to the girl with the ice pack", "introduce", "leave",
                                    "look", "courtyard", "green room"])
    after = _after(met, "Neveah,\" you tell him")  # after his introduction: the look, the revisit
    assert "Theo is at the window" in after and "Inés is on the sofa" in after
    assert "tall boy" not in after.split("Talk to Theo")[-1] and "girl on the sofa" not in after
    unmet, _ = run_game(case, state, ["courtyard", "green room"])
    back = _after(unmet, "The vending machine hums.")
    assert "The tall boy is still at the window" in back and "The girl on the sofa" in back
    assert "Theo" not in back.split("1. ")[0] and "Inés" not in back.split("1. ")[0]


def test_a_look_in_the_green_room_tells_both_of_them_as_a_revisit_does(case) -> None:
    state, _ = start_state(case, "act1.green_room", "act1")
    text, _ = run_game(case, state, ["look"])  # a load and a look tell the scene again
    shown = _flat(text).split("1. ")[0]
    assert "The tall boy is still at the window" in shown and "The girl on the sofa" in shown
    assert shown.count("tall boy") == 1  # the first telling is not played twice


def test_act2_and_act3_green_rooms_name_theo_once_his_receipt_names_him(case) -> None:
    # His `known:` holds by the receipt alone (no introduction): the room must agree with the menu.
    for scene, named in (("act2.green_room", "Theo is on the floor"), ("act3.green_room", "Theo, in tights")):
        state = _at(case, scene, f"act{scene[3]},theo_rideshare")
        shown = _shown(case, state)
        assert named in shown and "A tall boy" not in shown, scene
        assert "Talk to Theo" in _flat(run_game(case, state, [])[0])
        fresh = _shown(case, _at(case, scene, f"act{scene[3]}"))
        assert "A tall boy" in fresh and "Theo" not in fresh, scene


def test_jonah_is_named_at_the_dock_once_he_has_given_his_name(case) -> None:
    state, _ = start_state(case, "act2.loading_dock", "act2")
    text, _ = run_game(case, state, ["talk", "introduce", "leave", "wedge", "look"])
    after = _after(text, "You leave")
    assert "says Jonah, without looking up" in after and "Jonah looks up from his lettering" in after
    assert "boy with the brush" not in after
    text, _ = run_game(case, state, ["wedge"])
    assert "says the boy with the brush" in _flat(text) and "Jonah" not in _flat(text)
    # Friday, back at the dock: by name for a player who met him on Thursday, else described
    friday = _shown(case, _at(case, "act3.loading_dock", "act3,jonah.hello"))
    assert friday.count("Jonah, in his black hoodie") == 1 and "A boy from the set crew" not in friday
    assert "A boy from the set crew" in _shown(case, _at(case, "act3.loading_dock", "act3"))


def test_the_nickname_clue_reads_right_before_and_after_ines_is_named(case) -> None:
    text = _flat(case.clues["band_aid_nickname"].text)
    assert "girl with the ice pack" not in text and "Inés" not in text and "Band-Aid" in text


def test_reyes_hears_of_theo_by_what_the_player_knows_of_him(case) -> None:
    dressing = "Tell her who you've seen with a dressing on their hands"
    # Theo known, green room seen: the two adults first, then his hand as Cassie's partner's
    state = _at(case, "act3.lobby", "act3,torn_nail,theo.hello", "act1.green_room")
    titles = _topic_titles(case, state, "reyes")
    assert titles.count(dressing) == 1
    text, game = run_game(case, state, ["talk reyes", "dressing", "partner's hand", "leave"])
    told = _after(text, "You tell her:")
    assert "Two grown-ups" in told and "tall boy" not in told
    assert "One more, you tell her: Cassie's partner" in told
    titles = _topic_titles(case, game.state, "reyes")
    assert "Tell her about the scratched hand in the green room" not in titles
    # not known: all three at once, the boy as the player saw him
    text, _ = run_game(case, _at(case, "act3.lobby", "act3,torn_nail", "act1.green_room"),
                       ["talk reyes", "dressing", "leave"])
    assert "the three scratches on the back of the tall boy's hand" in _flat(text)


def test_exactly_one_dressing_telling_and_one_follow_up_whatever_is_known(case) -> None:
    dressing = "Tell her who you've seen with a dressing on their hands"
    follow = ("Tell her about the scratched hand in the green room",
              "Tell her about the scratches on Cassie's partner's hand")
    for known in ("", ",theo.hello", ",theo_rideshare"):
        for asked in ("", ",reyes.scratch", ",reyes.scratch_staff", ",reyes.scratch_staff,reyes.scratch_boy"):
            state = _at(case, "act3.lobby", "act3,torn_nail" + known + asked, "act2.green_room")
            titles = _topic_titles(case, state, "reyes")
            assert titles.count(dressing) == 1, (known, asked, titles)
            assert sum(t in follow for t in titles) == (1 if "scratch_staff" in asked else 0), (known, asked)


# -- item 2: a choice names the act, not the conclusion ----------------------------------------


def test_the_boiler_slip_choices_name_the_act_not_its_meaning(case) -> None:
    basement = _at(case, "act2.basement", "act2,act2.police_for_marcus,boiler_dispatch")
    lobby = _at(case, "act3.lobby", "act3,boiler_dispatch")
    for state, label in ((basement, "Show the officers the boiler slip"), (lobby, "Show Reyes the boiler slip")):
        texts = _choice_texts(case, state)
        assert label in texts
        assert not [t for t in texts if "slip says" in t or "about Marcus" in t]
        text, game = run_game(case, state, [label.lower()])
        assert "marcus_defended" in game.state.flags and "23:45" in _flat(text)
    # a save that took the old line keeps it taken under the new one
    olds = {w for _scene, choice in case.choices.values() for w in choice.was}
    assert "act2.basement#tell-the-officers-at-his-door-what-the-b" in olds
    assert "act3.lobby#tell-reyes-what-the-boiler-slip-says-abo" in olds


# -- item 3: Reyes asks nothing the player may not answer --------------------------------------


def test_reyes_logs_the_recording_without_asking_the_player_a_question(case) -> None:
    text = _flat(case.topics["reyes.recording"].text)
    assert "You're sure?" not in text and "You don't take it back" not in text
    state = _at(case, "act3.lobby", "act3,bribe_recording")
    out, game = run_game(case, state, ["talk reyes", "recording", "leave"])
    told = _after(out, "she reads about it with everybody else")
    assert "She logs it." in told and "?" not in told.split("She logs it.")[0]
    assert "victoria_exposed" in game.state.flags


# -- item 4: Marcus's hand ----------------------------------------------------------------------


def test_marcus_never_puts_his_hand_back_where_it_never_was(case) -> None:
    for topic in (t for t in case.topics.values() if t.person == "marcus"):
        assert "back in his pocket" not in _flat(topic.text), topic.id
    state, _ = start_state(case, "act1.lobby", "act1")
    text, _ = run_game(case, state, ["talk marcus", "gauze", "leave"])
    assert "He lowers it out of sight, against his hip" in _flat(text)


# -- item 5: Friday's Reyes does not repeat Wednesday as news ----------------------------------


def test_friday_reyes_points_back_to_the_deal_for_a_player_who_heard_it(case) -> None:
    heard = _shown(case, _at(case, "act3.rehearsal", "act3,reyes.accident", "act1.courtyard"))
    assert "Still Monday" in heard and "Monday morning I sign it off" not in heard
    met = _shown(case, _at(case, "act3.rehearsal", "act3", "act1.courtyard"))
    assert "Monday morning I sign it off" in met and "Still Monday" not in met
    never = _shown(case, _at(case, "act3.rehearsal", "act3"))
    assert "Alma Reyes, Area Three" in never and "Monday morning I sign it off" in never


def test_friday_reyes_says_the_four_things_in_full_only_to_a_player_who_never_asked(case) -> None:
    title = "Ask what it would take, now, tonight"
    again = _at(case, "act3.lobby", "act3,reyes.needs")
    assert _topic_titles(case, again, "reyes").count(title) == 1
    text, game = run_game(case, again, ["talk reyes", "what it would take", "leave"])
    said = _after(text, "Talking with")
    assert "Same four things I told you" in said and "Four things.\" She counts" not in said
    assert _topic_titles(case, game.state, "reyes").count(title) == 1  # asked, kept in its place
    first = _at(case, "act3.lobby", "act3")
    text, _ = run_game(case, first, ["talk reyes", "what it would take", "leave"])
    assert "Four things.\" She counts them on her glove" in _flat(text)


# -- item 6: a dossier note says only what each clue showing it tells -------------------------


def test_dossier_notes_claim_nothing_their_clues_do_not_tell(case) -> None:
    people = case.people
    # no note quotes a claim a clue cannot tell (claims are extras, shown once heard)
    assert "she says" not in people["harrow"].opportunity.note.lower()
    assert "says she went home" not in people["pell"].opportunity.note
    assert "told everyone" not in people["marcus"].opportunity.note
    # the key log alone says nothing of tubs or breathwork: Pell's means note neither
    assert "tubs" not in people["pell"].means.note and "breathwork" not in people["pell"].means.note
    assert "wellness key" in people["pell"].means.note.lower()
    # Harrow's means, as the rota's plate and the key log's register say it: DIRECTOR
    assert "DIRECTOR" in people["harrow"].means.note
    for clue in people["harrow"].means.shown_by:
        assert "director" in case.clues[clue].text.lower(), clue


def test_a_dossier_read_on_the_key_log_alone_quotes_no_claim(case) -> None:
    state = _at(case, "act2.loading_dock", "act2,lift_key_log", "act2.wellness")
    text, _ = run_game(case, state, ["suspects pell"])
    shown = _flat(text)
    assert "Dr. Nadia Pell" in shown and "close to midnight" in shown
    assert "She says she went home" not in shown and "cold tubs" not in shown
    text, _ = run_game(case, _at(case, "act2.loading_dock", "act2,lift_key_log,breathwork_rota", "act2.wellness"),
                       ["suspects pell"])
    assert "The cold tubs go up in the freight lift, on the wellness key." in _flat(text)


# -- item 7: Theo's two clearings keep the line count ------------------------------------------


def _theo_lines(case, state: GameState) -> list[str]:
    return _topic_titles(case, state, "theo")


def test_taking_one_of_theos_clearings_keeps_the_other_line_in_its_place(case) -> None:
    state = _at(case, "act3.green_room", "act3,theo.hello,theo_rideshare,sorry_text,theo.sorry")
    before = _theo_lines(case, state)
    assert "Promise it stays between you" in before and "Clear Theo in front of the company" in before
    promise, public = "Promise it stays between you", "Clear Theo in front of the company"
    for typed, taken, other, closed, words, reply in (
            ("promise", promise, public, public + " (you promised it stays between you)", "you promised",
             "You promised him"),
            ("clear theo", public, promise, promise + " (too late: you cleared him in front of the company)",
             "too late", "It isn't yours to promise any more")):
        text, game = run_game(case, state, ["talk theo", typed, "leave"])
        after = _theo_lines(case, game.state)
        assert len(after) == len(before), (typed, after)
        assert after.index(closed) == before.index(other), (typed, after)
        assert after.index(taken) == before.index(taken)
        flags = game.state.flags
        assert ("theo_private" in flags) != ("theo_public" in flags)
        # the closing line changes nothing and spends nothing
        text, again = run_game(case, game.state, ["talk theo", words, "leave"])
        assert again.state.flags == flags and again.state.time == game.state.time
        assert reply in _flat(text)
