"""The plain-word commands: `examine` (`x`), `wait` and `sleep`.

The menu stays the one way to act: `x planner` takes the menu's planner choice, it never
invents an action. These only understand more of what is typed, and say plainly what is
possible when it is not. (`talk to NAME` and `go PLACE` for someone or somewhere not on offer
are answered in :func:`game.play.refusals.refusal`.)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from game.core import engine as e
from game.core import mystery
from game.core.later import offered_later
from game.core.model import Story, gained
from game.core.people import is_known, talk_choices
from game.core.rules import closes_act, scene_choice
from game.core.words import match_words
from game.play.commands import when_offered
from game.play.presenting import find_clue
from game.play.refusals import find_person, that_is_choice
from game.ui.choices import cost_mark, ends_words
from game.ui.text import shown

if TYPE_CHECKING:
    from game.play.session import Game


def examine(game: "Game", arg: str) -> None:
    """`x NAME` / `examine NAME`: a clue in the notebook (shown, free), else a person (their
    dossier, free), else the menu choice those words pick (taken, as if chosen). `x N` is clue N
    of the notes, as `present N` is."""
    story, state = game.story, game.state
    words = arg.strip()
    if not words:
        game.refuse("Examine what? Type 'x' and words of a clue in your notes or of a choice.")
        return
    if re.fullmatch(r"\d+", words):
        # A number is a clue's, in the one numbering `present` and the notes use (T58: `x 23`
        # was read as words and matched four clues whose text has "23" in it)
        clue, problem = find_clue(story, state, words)
        if clue is None:
            game.refuse(problem)
            return
        game.r.clue(int(words), story.clues[clue])
        game.remind()
        return
    actions = e.menu_actions(story, state)
    # a line already done (kept on the menu for its number) is not what "x" looks at again
    # (a choice that asks for an answer too: T35's `x laptop` beside "Wake Cassie's laptop")
    choices = [a for a in actions if isinstance(a, (e.Choose, e.Typed, e.Go)) and not e.is_done(story, state, a)]
    picked = [choices[i] for i in match_words(words, [a.label for a in choices])]
    numbered = mystery.numbered_clues(story, state)
    clues = match_words(words, [story.clues[c].name for _n, c in numbered])
    thing = in_the_scene(game, words)
    wanted = _wanted(words)
    whole = [i for i in clues if set(wanted) <= set(_WORD.findall(story.clues[numbered[i][1]].name.lower()))]
    known = mystery.known_people(story, state)
    named = find_person(story, words, roles=False, among=known)
    if named is not None and set(wanted) <= set(_WORD.findall(named.name.lower())):
        # Words that are only a person's name look at the person (T26: `look at pell` opened
        # "What the students call Dr. Pell"); clues by those words are said to be in the notes.
        if clues:
            game.r.notice(f"(Your notes also have {_listed(story, numbered, clues)}: type 'notes'.)")
        game.r.suspects(state, named.name)
        game.remind()
        return
    if (thing or len(picked) == 1) and clues and not whole:
        # What the scene shows wins over a clue's name the words only begin (T6: "x photograph"
        # by the memorial opened "The photographer's pictures"); a clue named by the very words
        # ("x planner", the planner taken) still wins. The clue is said to be in the notes.
        game.r.notice(f"(Your notes also have {_listed(story, numbered, clues)}: type 'notes'.)")
        clues = []
    if len(clues) == 1:
        number, clue = numbered[clues[0]]
        game.r.clue(number, story.clues[clue])
        if len(picked) == 1:
            index = actions.index(picked[0]) + 1
            game.r.notice(f"(To choose {index}, '{shown(picked[0].label, 40)}', type {index}.)")
        game.remind()  # a view, like 'notes': the menu again under it (T10: a bare prompt after 'x badge log')
        return
    # A person named (what you know of them, free) beats a choice; a choice beats a person
    # only described ("the photograph" is a choice, not the photographer). Only people the
    # player knows of can be named: the rest are not in any view yet.
    person = named
    if person is None and len(picked) != 1:
        person = find_person(story, words, names=False, among=known)
        if person is not None and is_known(story, state, person) and not match_words(words, [" ".join((person.role, *person.aka))]):
            # Only the words that described them before their name was known ("the tall boy with
            # the scratched hand"): those are not who they are now (T40's `x scratch` by Dr. Pell's
            # healing scratch opened Theo's card)
            person = None
    if person is not None:
        game.r.suspects(state, person.name)
        game.remind()
        return
    if len(picked) == 1:
        mark = cost_mark(story, state, picked[0])
        if mark or talk_choices(story, state, picked):
            # `x` reads as a free look; a line that takes time is named, with its mark, and left
            # to the player's own pick (T15: `examine sketch` spent a turn of the last two), and
            # so is one that opens a conversation (T33: `x boy` began talking to him)
            game.refuse(that_is_choice(actions, picked[0], mark))
            return
        game.act(picked[0])
        return
    if len(picked) > 1 or len(clues) > 1:
        listed = ", ".join(str(actions.index(a) + 1) for a in picked[:6])
        where = f"choices {listed}" if picked else "clues in your notes"
        game.refuse(f"'{shown(words, 30)}' matches more than one of the {where}: be more precise.")
        return
    done = [a for a in actions if isinstance(a, (e.Choose, e.Go)) and e.is_done(story, state, a)]
    again = [done[i] for i in match_words(words, [a.label for a in done])]
    if len(again) == 1:
        # T20: `x locker` after "Read the notes on Cassie's locker" said there was nothing more
        # to see; it is the line already done, and what it gave is in the notes.
        number = e.number_of(actions, again[0])
        game.refuse(f"You've already done that: choice {number}, '{shown(again[0].label, 60)}'. "
                    + _what_it_gave(game, again[0]))
        return
    if thing:
        # The scene's own words (T3-8/T4-13): answered in its terms, never "nothing called".
        game.refuse(f"You look at the {shown(thing, 30)}. Nothing about {_them(thing)} tells you more "
                    "than you can see from here.")
        return
    held = in_clue_text(game, words)
    if len(held) == 1:
        # T6: the bobby pin is in a held clue's text, not in the scene: that clue, said why
        number, clue = held[0]
        game.r.notice(f"('{shown(words, 30)}' is in clue {number} in your notes.)")
        game.r.clue(number, story.clues[clue])
        game.remind()
        return
    if held:
        listed = ", ".join(f"{n} '{shown(story.clues[c].name, 30)}'" for n, c in held[:6])
        game.refuse(f"'{shown(words, 30)}' is in more than one of your clues: {listed}. "
                    "Type 'x' and words of the one you mean.")
        return
    game.refuse(f"You find nothing called '{shown(words, 30)}' here. What you can look at is in the "
                "choices; your clues are in 'notes'.")


def _what_it_gave(game: "Game", action: e.Action) -> str:
    """What a choice already done put in the notes, said as it is: T27's `x tubs` after lifting
    the tarp was told "anything it gave you is in your notes", and nothing was."""
    choice = scene_choice(game.story, game.state, action.choice) if isinstance(action, e.Choose) else None
    given = gained(choice.effects) & game.state.clues if choice is not None else set()
    numbered = mystery.numbered_clues(game.story, game.state)
    indexes = [i for i, (_n, clue) in enumerate(numbered) if clue in given]
    if not indexes:
        return "It put no clue in your notes."
    return f"What it gave you is in your notes: {_listed(game.story, numbered, indexes)}."


def _listed(story: Story, numbered: list[tuple[int, str]], indexes: list[int]) -> str:
    """"clue 7 'Name'" or "clues 3 'A', 7 'B'": at most three of the held clues at ``indexes``."""
    also = ", ".join(f"{numbered[i][0]} '{shown(story.clues[numbered[i][1]].name, 40)}'" for i in indexes[:3])
    return f"{'clue' if len(indexes) == 1 else 'clues'} {also}"


_FILLER = frozenset({"the", "a", "an", "at", "on", "under", "in", "into", "behind", "to", "of", "some", "that", "this"})
_WORD = re.compile(r"[a-z0-9'’-]+")


def in_the_scene(game: "Game", words: str) -> str:
    """The thing ``words`` names, fillers dropped ("under the tarp" -> "tarp"), when each of
    its words is in the text the current scene shows (read through core ``scene_text``, its
    one home) or showed on arrival; "" when not."""
    wanted = _wanted(words)
    scene = game.story.scenes.get(game.state.scene)
    if not wanted or scene is None:
        return ""
    # What the scene shows now, and what it said on arrival (the player read both: "look
    # under the tarp" names a tarp the revisit text no longer mentions).
    shown_now = e.scene_text(game.story, game.state, scene, again=True)
    said = set(_WORD.findall(f"{shown_now}\n{scene.text}".lower()))
    return " ".join(wanted) if all(w in said for w in wanted) else ""


#: the most characters of one clue's text read for `x WORDS` (bounded work per typed line)
CLUE_TEXT_READ = 4000


def in_clue_text(game: "Game", words: str) -> list[tuple[int, str]]:
    """The held clues (number, id) whose text holds every one of ``words`` (fillers dropped, at
    most 4 words, each clue read up to :data:`CLUE_TEXT_READ` characters): asked only when the
    scene and the menu have nothing by those words."""
    wanted = _wanted(words)
    if not wanted:
        return []
    found = []
    for number, clue in mystery.numbered_clues(game.story, game.state):
        said = set(_WORD.findall(game.story.clues[clue].text[:CLUE_TEXT_READ].lower()))
        if all(w in said for w in wanted):
            found.append((number, clue))
    return found


def _wanted(words: str) -> list[str]:
    """The words that name a thing: fillers dropped, repeats once, at most four."""
    return list(dict.fromkeys(w for w in _WORD.findall(words.lower()) if w not in _FILLER))[:4]


def _them(thing: str) -> str:
    return "them" if thing.endswith("s") and not thing.endswith("ss") else "it"


def wait(game: "Game", arg: str) -> None:
    """`wait`: time here moves only when the player acts, so waiting is explained, not spent."""
    game.refuse(f"Time moves only when you act: going somewhere, and a choice that takes time, each "
                f"use a turn. {_time_left(game)} Waiting changes nothing: pick a choice, or type 'hint'.")


def _time_left(game: "Game") -> str:
    """The turns left in the act, in words; at 0 (arrived on the last turn: rules.times_out),
    that the next step that takes time ends it, with the menu's own mark."""
    time = game.state.time
    if time <= 0:
        return (f"This is the act's last moment: the next thing you do that takes time (marked "
                f"'{ends_words(game.story, game.state)}') ends it.")
    return f"You have {'your last turn' if time == 1 else f'{time} turns'} left in this act."


def sleep(game: "Game", arg: str) -> None:
    """`sleep` where no choice has the word: the one choice that ends the act's day here is
    named (T26 in Cassie's room: "Get into Cassie's bed and let the night end"); else when
    sleep comes."""
    actions = e.menu_actions(game.story, game.state)
    enders = [a for a in actions if closes_act(game.story, game.state, a) and not e.is_done(game.story, game.state, a)]
    if len(enders) == 1:
        game.refuse(that_is_choice(actions, enders[0], ends_words(game.story, game.state)))  # the menu's own mark
        return
    if game.state.time <= 0:
        game.refuse(f"You can't sleep here. {_time_left(game)}")
        return
    later = next(((time, a) for time, a in offered_later(game.story, game.state)
                  if closes_act(game.story, game.state, a)), None)
    if later:  # T69 typed `sleep` in Cassie's room at 21:30, before the bed is offered
        time, action = later
        game.refuse(f"Not yet: '{shown(action.label, 60)}' is offered here "
                    f"{when_offered(game.story, game.state, time)}. {_time_left(game)}")
        return
    game.refuse("You can't sleep here. The act ends when its turns run out, or where a choice "
                "offers to end it.")
