"""What the player typed, understood: a menu action, a command, or a helpful refusal."""

from __future__ import annotations

import re
from typing import Optional, Union

from game.core.record import Record, replace
from game.core.engine import (
    LEAVE_NUMBER, Action, Leave, Next, Present, Press, Previous, Retract, accusation_step, by_number, clock_text,
    is_done, menu_actions, menu_numbers, number_of, step,
)
from game.core.later import offered_later
from game.core.model import Story
from game.core.people import talk_choices
from game.core.words import SMALL_WORDS, closest, match_words
from game.core.state import Accusing, Exploring, GameState, Talking, Testifying
from game.play.refusals import (
    GO_WORDS, TALK_WORDS, free_naming_line, only_talks, refusal, talk_choice, that_is_choice,
)
from game.play.registry import ALIASES, COMMANDS, REGISTRY
from game.ui.text import LINE_LIMIT, shown

#: a yes or a no typed where no question waits for one
YES_NO = frozenset({"y", "yes", "no"})  # ("n" is the notes)
MAX_LINE = LINE_LIMIT  # one limit for every line: the prompt stops taking keys at it too

#: commands that take an argument; the others, followed by more words, may be a choice instead
ARGUMENT_COMMANDS = frozenset(spec.name for spec in REGISTRY if spec.takes_argument)
# Words that act on a testimony directly, when that action is offered.
TESTIMONY_WORDS = {"press": Press, "next": Next, "prev": Previous, "previous": Previous,
                   "back": Previous, "leave": Leave, "stop": Leave}


class Command(Record):
    """A command that is not a story action: ``name`` from the registry, ``arg`` the rest,
    and ``note``, a line to show with it (e.g. that a choice shares the command's name)."""

    name: str
    arg: str = ""
    note: str = ""


class Problem(Record):
    """Input that could not be understood, with what to say to the player."""

    message: str


class Steps(Record):
    """One typed line that is several engine steps, taken in turn, the menu shown once after:
    `go PLACE` / `talk to NAME` in a conversation (T4-15: the menu's Leave, then the action the
    line picks once the talk is over), or several numbers at the accusation's evidence (T28
    typed "13 16 10" at "Choose 3 more by number")."""

    actions: tuple[Action, ...]


Understood = Union[Action, Command, Problem, Steps]


ESC = "\x1b"
#: a lone q or Esc right after a view: the player closing it, as in a pager (never "quit")
CLOSE_NOTE = "(The view is closed. To leave the game, type 'quit'.)"
#: a lone q anywhere else: a key that closes views elsewhere must never end the game unasked
Q_NOTE = "(q closes a view. To leave the game, type 'quit'.)"


def understand(story: Story, state: GameState, line: str,
               actions: Optional[tuple[Action, ...]] = None, *, after_view: bool = False) -> Understood:
    """Turn a typed line into an action from the menu, a command, or a :class:`Problem`.

    Keys meant to close a view are not commands: Esc alone shows the scene again (in a talk it
    leaves, as 0 does), and so does
    a lone ``q`` (it closes views and pagers, so it never quits the game: ``quit`` does); a
    ``q`` glued to the next line right after a view ("q2") is dropped when the rest is
    understood and the whole is not."""
    if actions is None:
        actions = menu_actions(story, state)
    text = line.strip()
    if text.startswith(ESC):
        text = text.lstrip(ESC + " ")
        if not text:
            # Esc backs out one step, as 0 does, in a talk or a testimony (T22 pressed it to
            # leave and nothing showed); elsewhere it shows the scene again.
            leave = next((a for a in actions if isinstance(a, Leave)), None)
            if leave is not None and isinstance(state.mode, (Talking, Testifying)):
                return leave
            return Command("look")
    if text.lower() == "q":
        return Command("look", note=CLOSE_NOTE if after_view else Q_NOTE)
    understood = _understand(story, state, text, actions)
    if after_view and isinstance(understood, Problem) and text[:1] in ("q", "Q") and text[1:].strip():
        rest = _understand(story, state, text[1:].strip(), actions)
        if not isinstance(rest, Problem):
            return rest
    return understood


def _understand(story: Story, state: GameState, text: str, actions: tuple[Action, ...]) -> Understood:
    """:func:`understand` for a stripped line."""
    if not text:
        return Problem(_menu_hint(actions))
    if len(text) > MAX_LINE:
        return Problem(f"That line is {len(text)} characters long; nothing here needs more than {MAX_LINE}. "
                       "Try a number or a short command.")
    picks = _evidence_picks(story, state, text, actions)
    if picks is not None:
        return picks
    if re.fullmatch(r"[+-]?\d+", text):
        # no huge integers from a pasted line (-1: a number no menu has)
        chosen = by_number(actions, int(text)) if len(text) < 12 else None
        if chosen is not None:
            return chosen
        if not actions:
            return Problem("There is nothing to choose now. Type 'help' for commands.")
        return Problem(f"There is no choice {shown(text, 12)}: {_numbers(actions)}.")
    word, _, rest = text.partition(" ")
    word = word.lower()
    word = ALIASES.get(word, word)
    glued = re.fullmatch(r"([a-z]+)(\d{1,6})", word) if word not in COMMANDS else None
    if glued and ALIASES.get(glued[1], glued[1]) in ARGUMENT_COMMANDS:
        # "deduce1" (T42): a command that takes a number, typed without its space
        word, rest = ALIASES.get(glued[1], glued[1]), f"{glued[2]} {rest}".strip()
    if word in TESTIMONY_WORDS and isinstance(state.mode, Testifying) or word in ("leave", "stop"):
        wanted = TESTIMONY_WORDS[word]
        for action in actions:
            if isinstance(action, wanted):
                return action
    if word in COMMANDS and COMMANDS[word].soft:
        # `wait`, `sleep`: a choice with these words wins ("Wait for evening", "Sleep"); the
        # command only explains when there is none.
        # whole words only: "wait" is not "while she waits" (a choice's words, not its verb)
        whole = [a for a in _by_words(text, actions)
                 if re.search(rf"\b{re.escape(word)}\b", getattr(a, "label", "").lower())]
        if not whole:
            return Command(word, rest.strip())
        if len(whole) == 1:
            return whole[0]
    elif word in COMMANDS:
        if rest.strip() and word not in ARGUMENT_COMMANDS:
            # "look under the piano" is a choice, not the `look` command with stray words.
            matches = _by_words(text, actions)
            if len(matches) == 1:
                return matches[0]
            if word == "look":
                return _look_at(rest)
        # Only a choice with the very word ("look" in "Look inside the bag"), not one the word
        # only begins ("load" is not "Loading Dock": T19 read the note as a misread load).
        shadowed = [a for a in _by_words(text, actions)
                    if word in re.findall(r"[\w']+", a.label.lower())] if not rest.strip() else []
        if shadowed:
            # The command wins (commands work everywhere), but say how to reach the choice.
            number = number_of(actions, shadowed[0])
            return Command(word, "", note=f"('{word}' is a command; to choose {number}, "
                                           f"'{shown(shadowed[0].label, 70)}', type {number}.)")
        return Command(word, rest.strip())
    matches = _by_words(text, actions)
    if not matches:
        matches = talk_choice(story, state, text, actions)
        if len(matches) == 1 and not only_talks(matches[0].label):
            # T18: `talk to marcus` took "Say goodnight, and talk to the porter", and Dr. Pell
            # left: a choice that does more than talk is named, and left to the player's pick.
            return Problem(that_is_choice(actions, matches[0]))
        free = None if matches else free_naming_line(story, state, text, actions)
        if free is not None:
            return free
    if len(matches) > 1:  # a line kept on the menu only for its number never makes words ambiguous
        matches = [m for m in matches if not is_done(story, state, m)] or matches
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        listed = ", ".join(f"{actions.index(a) + 1}" for a in matches[:6])
        return Problem(f"That matches more than one choice ({listed}); type its number.")
    leaving = _leave_then(story, state, text, actions)
    if leaving is not None:
        return leaving
    said = _not_yet(story, state, text) or refusal(story, state, text)
    if not said and text.lower().strip(".!") in YES_NO:
        # T46 had learned to answer the question asked before some presentations, and typed y
        # where none was asked: "I don't understand 'y'" read as the game forgetting it
        said = ("There is no question waiting for a yes or no now (one is asked only before a "
                f"step that may not be the one you mean). {_menu_hint(actions)}")
    return Problem(said if said else _unknown(text, actions))


def _not_yet(story: Story, state: GameState, text: str) -> str:
    """Words that pick no choice now but one this scene offers later in the act (the laptop in
    4C before two): when it comes, never "I don't understand" for a choice the player was told
    of; "" otherwise."""
    offers = offered_later(story, state)
    picked = match_words(text, [action.label for _time, action in offers])
    if not picked:
        return ""
    time, action = offers[picked[0]]
    what = f"'{shown(action.label, 60)}' is" if len(picked) == 1 else f"{len(picked)} choices with those words are"
    return f"Not yet: {what} offered here {when_offered(story, state, time)}."


def when_offered(story: Story, state: GameState, time: int) -> str:
    """"from 14:00" for a choice first offered with ``time`` turns left; "later in the act"
    when the act keeps no clock. The one wording for both `sleep` and typed words."""
    clock = clock_text(story, replace(state, time=time))
    return f"from {clock}" if clock else "later in the act"


#: words after `look` that say where to look ("look under the tarp"): the rest is examined
LOOK_WORDS = frozenset({"at", "under", "underneath", "beneath", "below", "behind", "in", "inside", "into",
                        "on", "through", "over", "for"})
#: words after `look` that mean the whole scene ("look around")
LOOK_AROUND = frozenset({"around", "round", "about", "here", "again", "room"})


def _look_at(rest: str) -> Command:
    """`look` with more words that pick no choice: "look under the tarp" examines the tarp
    (the `examine` command answers in the scene's terms, or says plainly it finds nothing);
    "look around" is the scene again. Never the words silently dropped (issue 11)."""
    words = rest.split()
    while words and words[0].lower() in LOOK_WORDS:
        words = words[1:]
    if not words or all(w.lower() in LOOK_AROUND | SMALL_WORDS for w in words):
        return Command("look")
    return Command("examine", " ".join(words))


def _evidence_picks(story: Story, state: GameState, text: str, actions: tuple[Action, ...]) -> Optional[Understood]:
    """Several numbers ("13 16 10", "13, 16 and 10") at the accusation's evidence: each clue
    picked in turn; ``None`` for any other line. A number no line has is refused whole."""
    if not isinstance(state.mode, Accusing) or accusation_step(story, state.mode)[0] != "evidence":
        return None
    words = re.split(r"[\s,]+(?:and\s+)?", text.strip())
    if len(words) < 2 or not all(w.isdigit() and len(w) < 6 for w in words):
        return None
    picked = [by_number(actions, int(w)) for w in dict.fromkeys(words)]  # a number twice: once
    missing = [w for w, a in zip(dict.fromkeys(words), picked) if a is None]
    if missing:
        return Problem(f"There is no choice {missing[0]}: {_numbers(actions)}. Nothing was chosen.")
    return Steps(tuple(a for a in picked if a is not None))


def _leave_then(story: Story, state: GameState, text: str, actions: tuple[Action, ...]) -> Optional[Steps]:
    """In a conversation (never a testimony or the accusation), `go PLACE` / `talk to NAME`
    that picks a choice once the talk is left: leave, then that. The engine is asked what
    leaving gives (a pure step), so the line means here what it would mean after a `leave`."""
    verb = text.split()[0].lower()
    if not isinstance(state.mode, Talking) or verb not in GO_WORDS + TALK_WORDS:
        return None
    leave = next((a for a in actions if isinstance(a, Leave)), None)
    if leave is None:
        return None
    after, _events = step(story, state, leave)
    if after.ended or after.mode != Exploring():
        return None
    then = _understand(story, after, text, menu_actions(story, after))
    if isinstance(then, (Command, Problem, Steps, Leave)):
        return None
    if any(talked_to == state.mode.person for _then, talked_to in talk_choices(story, after, (then,))):
        return None  # the same person again: "already talking" is said instead
    return Steps((leave, then))


def _by_words(text: str, actions: tuple[Action, ...]) -> list[Action]:
    """The menu actions the typed words pick (see :func:`match_words`). Clues are never
    presented by a bare word: that costs credibility, so it takes `present` or the number."""
    offered = [a for a in actions if not isinstance(a, Present)]
    return [offered[i] for i in match_words(text, [getattr(a, "label", "") for a in offered])]


def _numbers(actions: tuple[Action, ...]) -> str:
    """How to choose from the menu: a range, or the one choice there is (never "1 to 1"),
    and 0 when it leaves (see :func:`game.core.engine.menu_numbers`)."""
    return _choosing(actions, "the only choice is {number}, '{label}'", "type 1 for '{label}'{leaving}",
                     "choose a number from 1 to {top}{leaving}")


def _choosing(actions: tuple[Action, ...], only: str, one: str, many: str) -> str:
    """The one rule for saying how to choose from a menu (not empty), in the caller's words:
    ``only`` when it has a single line ({number}, {label}); ``one`` when it has one numbered
    line and a way out, never "from 1 to 1" ({label}, {leaving}); else ``many`` ({top}, the
    highest number, and {leaving}). The templates are the code's own; a label is only a value."""
    numbers = menu_numbers(actions)
    if len(actions) == 1:
        return only.format(number=numbers[0], label=shown(actions[0].label, 40))
    if max(numbers) == 1:
        return one.format(label=shown(actions[numbers.index(1)].label, 40), leaving=_leaving(actions))
    return many.format(top=max(numbers), leaving=_leaving(actions))


def _leaving(actions: tuple[Action, ...]) -> str:
    """", or 0 to leave" in the menu's own words: in a testimony 0 stops listening (T25)."""
    numbers = menu_numbers(actions)
    if LEAVE_NUMBER not in numbers:
        return ""
    leaving = actions[numbers.index(LEAVE_NUMBER)]
    label = "Take it back" if isinstance(leaving, Retract) else leaving.label or "Leave"
    return f", or {LEAVE_NUMBER} to {label[:1].lower()}{label[1:]}"


def _menu_hint(actions: tuple[Action, ...]) -> str:
    """What to type at this menu, said when a line was empty or not understood."""
    if not actions:
        return "Type 'help' for the commands."
    return _choosing(actions, "Type {number} to choose '{label}', or 'help'.", "Type 1 for '{label}'{leaving}, or 'help'.",
                     "Type a number from 1 to {top}{leaving}, a word from a choice, or 'help'.")


def _unknown(text: str, actions: tuple[Action, ...]) -> str:
    """A short refusal that echoes what was typed (cleaned, clipped) and suggests the nearest
    command, or else the one choice whose words are nearest to the words typed."""
    typed = re.findall(r"[\w']+", text.lower())
    suggestion = ""
    if typed:
        first = ALIASES.get(typed[0], typed[0])
        command = closest(first, COMMANDS, cutoff=0.75)
        if command:
            suggestion = f" Did you mean '{command}'?"
        else:
            near = []
            for number, action in zip(menu_numbers(actions), actions):
                words = re.findall(r"[\w']+", action.label.lower())
                score = sum(1 for t in typed
                            if len(t) > 2 and closest(t, words, cutoff=0.75))
                if score:
                    near.append((score, number, action))
            near.sort(key=lambda n: -n[0])
            if near and (len(near) == 1 or near[0][0] > near[1][0]):
                _score, number, action = near[0]
                suggestion = f" Did you mean {number}, '{shown(action.label, 40)}'?"
    return f"I don't understand '{shown(text, 30)}'.{suggestion} {_menu_hint(actions)}"


