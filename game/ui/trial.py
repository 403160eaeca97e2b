"""Views of a testimony and of the accusation: the statement in front of the player, what a
presentation did, and where the accusation stands (what it needs, what is chosen, the whole of
it before it is made final). Clue numbers are the game's one numbering
(:func:`game.core.mystery.numbered_clues`)."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from game.core import engine as e
from game.core.model import Story
from game.core.state import Accusing, GameState, Testifying
from game.ui.look import Hanging, Look, bar, frame
from game.ui.text import clean, story_text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def statement_view(story: Story, state: GameState, testimony_id: str, index: int, look: Look, *,
                   wrapped: bool = False) -> RenderableType:
    """One statement, framed once: ``Statement 2 of 4`` (and ``broken`` once it is), its words;
    ``wrapped``: reached by going round past the last (or the first), said in its title too, where
    the eye goes (T26 missed the line above the box that says so)."""
    testimony = story.testimonies[testimony_id]
    statement = testimony.statements[index]
    head = f"Statement {index + 1} of {len(testimony.statements)}"
    if statement.id in state.broken:
        head += " (broken)"
    if wrapped:
        head += " · round again"
    quote = story_text(f'"{statement.text}"', look.style("title"))
    if look.plain:
        return Group(Text(f"{head}:"), quote)
    return frame(look, quote, Text(head), style="statement")


def current_statement(story: Story, state: GameState, look: Look) -> RenderableType:
    """The statement in front of the player (``look`` and ``undo`` during a testimony)."""
    mode = state.mode
    assert isinstance(mode, Testifying)
    return statement_view(story, state, mode.testimony, mode.index, look)


def credibility_pool(story: Story, state: GameState, left: int) -> str:
    """``Credibility 2 of 3 for Wednesday Night``: what is left of the act's one pool, read
    from the story's act (never a number written here), so the player learns it is per act."""
    act = story.acts.get(state.act)
    if act is None:
        return f"Credibility {left}"
    return f"Credibility {left} of {max(act.credibility, left)} for {clean(act.title)}"


def credibility_rule(story: Story, state: GameState) -> str:
    """What credibility is, said where it is first shown and wherever some is lost: one pool
    for every witness this act, what spends it, and what 0 means (until when)."""
    act = story.acts.get(state.act)
    later = [a for a in story.acts.values() if act is not None and a.number > act.number]
    # the last act says why its words differ from the help read in the acts before (T74)
    until = "until the next act" if later else "for the rest of the case, this being its last act"
    return CREDIBILITY_RULE.format(until=until)


#: what credibility is, in words (help shows it too, through :func:`credibility_rule`)
CREDIBILITY_RULE = ("One pool for every witness: each clue you present that contradicts nothing costs 1, "
                    "unless the witness answers it. "
                    "At 0, a witness shown such a clue stops listening {until}.")


def testimony_header(story: Story, state: GameState, look: Look, *, explain: bool = False) -> list[RenderableType]:
    """Under a statement: credibility and how to present (the statement itself is shown once,
    above, when it comes up; clues are not menu choices). ``explain`` adds what credibility is
    (the first time it is shown)."""
    act = story.acts.get(state.act)
    most = act.credibility if act else state.credibility
    gauge = "" if look.plain else " " + bar(state.credibility, max(most, state.credibility), 5)
    rule = f" {credibility_rule(story, state)}" if explain else ""
    return [Text(f"{credibility_pool(story, state, state.credibility)}{gauge}.{rule} "
                 "To show a clue, type 'present' and its number in your notes, or its name.")]


def wrong_presentation(story: Story, state: GameState, event: e.WrongPresentation, look: Look) -> Text:
    """A presentation that proved nothing: which clue, against which statement, what it cost,
    and what credibility is (the player has just lost some)."""
    name = clean(story.name_of(event.clue))
    found = story.statements.get(event.statement) if event.statement else None
    against = "this statement."
    if found is not None:
        testimony, index = found
        against = f"statement {index + 1}: \u201c{clean(testimony.statements[index].text)}\u201d"
    left = credibility_pool(story, state, event.credibility).replace("Credibility", "Credibility left:", 1)
    # no verb agrees with the clue's name (a plural name read "Scraps ... does not")
    return Text(f"Presented: {name}. No contradiction with {against} {left}. {credibility_rule(story, state)}",
                style=look.style("notice"))


def presentation_answered(story: Story, event: e.PresentationAnswered, look: Look) -> Text:
    """Under the witness's answer to a clue that bears on the statement without breaking it:
    that it did not break, and that it cost nothing (T28, T38, T43, T44 lost credibility on
    clues like these, and read the loss as unfair)."""
    name = clean(story.name_of(event.clue))
    return Text(f"(Your clue ({name}) bears on this, but does not break the statement alone. "
                "No credibility lost.)", style=look.style("notice"))


def accusation_needs(story: Story, state: GameState) -> str:
    """What the accusation will ask for, said before it starts; and whether the notebook holds
    enough evidence for it."""
    acc = story.accusation
    if acc is None:
        return ""
    asks = ["who did it"]
    if acc.questions:
        asks.append(_plural(len(acc.questions), "question"))
    if acc.evidence_count:
        asks.append(f"{_plural(acc.evidence_count, 'piece')} of evidence from your notebook")
    text = "You will be asked " + ", then ".join(asks) + "."
    held = len(state.clues)
    if held < acc.evidence_count:
        text += (f" Your notebook holds only {_plural(held, 'clue')}, fewer than the "
                 f"{acc.evidence_count} needed: take it back and find more first.")
    return text


def accusation_summary(story: Story, mode: Accusing) -> list[tuple[str, str]]:
    """The accusation as chosen so far, one (question, answer) pair per part: who, each
    answer, the evidence."""
    acc = story.accusation
    assert acc is not None
    parts = []
    if mode.culprit is not None:
        parts.append((clean(acc.culprit), clean(story.name_of(mode.culprit))))
    for question, answer in zip(acc.questions, mode.answers):
        parts.append((clean(question.prompt), clean(dict(question.options).get(answer, answer))))
    if mode.evidence:
        parts.append(("Evidence:", "; ".join(clean(story.name_of(c)) for c in mode.evidence)))
    return parts


class SummaryPart:
    """A question and its answer: on one line when they fit, else the answer on its own
    lines hanging under the question, so a wrapped line never runs back to the margin."""

    def __init__(self, question: str, answer: str, look: Look) -> None:
        self.question, self.answer, self.look = question, answer, look

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = f"  {self.question} {self.answer}"
        if options.no_wrap or Text(line).cell_len <= options.max_width:
            yield Text(line)
            return
        yield Hanging(Text("  "), Text(self.question))
        yield Hanging(Text("    "), Text(self.answer))


def summary_lines(story: Story, mode: Accusing, look: Look) -> list[RenderableType]:
    """The accusation summary, one renderable per part."""
    return [SummaryPart(q, a, look) for q, a in accusation_summary(story, mode)]


def _progress(chosen: int, need: int) -> str:
    return f"{chosen} of {need} chosen"


def game_prompt(story: Story, state: GameState) -> str:
    """The game's prompt: "> "; during a testimony, the statement in front of the player, so
    ``present`` is never aimed at a statement the player has lost count of (T48 pressed "2" past
    the one meant, the box above scrolled away, and lost a point); while evidence is picked, how
    many are chosen, so the count stays in view under a clue list taller than the screen
    (issue 11, item 14)."""
    mode = state.mode
    if isinstance(mode, Testifying) and mode.testimony in story.testimonies:
        return f"Statement {mode.index + 1} > "
    if isinstance(mode, Accusing) and story.accusation is not None:
        if e.accusation_step(story, mode)[0] == "evidence":
            return f"Evidence, {_progress(len(mode.evidence), story.accusation.evidence_count)} > "
    return "> "


def accusation_header(story: Story, state: GameState, look: Look) -> list[RenderableType]:
    """The question being answered, the evidence chosen so far, and the whole accusation
    before it is made final."""
    mode = state.mode
    assert isinstance(mode, Accusing) and story.accusation is not None
    kind, prompt = e.accusation_step(story, mode)
    need = story.accusation.evidence_count
    out: list[RenderableType] = []
    if kind == "confirm":
        out.append(Text("Your accusation:", style=look.style("title")))
        out.extend(summary_lines(story, mode, look))
    out.append(story_text(prompt, look.style("title")))
    if kind == "evidence":
        chosen = [clean(story.name_of(c)) for c in mode.evidence]
        line = _progress(len(chosen), need) + (f": {'; '.join(chosen)}." if chosen else ".")
        held = len(state.clues)
        if held < need:
            line += (f" Your notebook holds only {_plural(held, 'clue')}; the accusation needs {need}. "
                     "Take it back and find more.")
        else:
            line += f" Choose {need - len(chosen)} more by number; choosing a chosen one puts it back."
        out.append(Text(line))
    return out
