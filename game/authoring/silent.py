"""W426: a statement that can break without a word from the witness.

A break shows the entry's own ``broken:`` text, else the statement's (``Statement.break_text``).
A statement with a plain ``contradicted_by`` entry (or a mapping without its own text) and no
``broken:`` of its own breaks in silence: "Contradiction!", then nothing. A branch that adds a
clue to a statement the case never made breakable meets this first (an author writing a
branch from the guide did).
"""

from __future__ import annotations

from game.core.model import Mark, Story
from game.authoring.facts import Locator

CODE = "W426"
MEANING = "a statement breaks without a word: no broken: text for a clue that breaks it"


def silent_findings(story: Story) -> list[tuple[Mark, str, str]]:
    """(where, code, message) for every statement a clue breaks with no text to show."""
    out: list[tuple[Mark, str, str]] = []
    locate = Locator(story)
    for testimony in story.testimonies.values():
        for statement in testimony.statements:
            # each entry's clue, held with the rest of its way: the text the engine would show
            entries = [b if isinstance(b, str) else b.clue for b in statement.contradicted_by]
            mute = [clue for clue, way in zip(entries, statement.ways)
                    if not statement.break_text(clue, way).strip()]
            if mute:
                out.append((locate.mark(statement.id, locate.mark(testimony.id)), CODE,
                            f"statement '{statement.id}' is broken by '{mute[0]}' with nothing said: give the "
                            "statement a broken: text, or the entry its own ({clue: X, broken: ...})"))
    return out


__all__ = ["CODE", "MEANING", "silent_findings"]
