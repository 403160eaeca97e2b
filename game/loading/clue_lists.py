"""A statement's lists of clues, read from its YAML: ``contradicted_by`` (the clues that break
it, alone or ``{clue, with}``) and the check on ``near:`` (clues it answers without breaking),
whose entries the spec reads and whose conflicts with ``contradicted_by`` are located here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.core.model import Paired, Statement
from game.loading import spec as S

if TYPE_CHECKING:
    from game.loading.reader import FileReader


def breakers(reader: FileReader, node: Optional[Node], what: str) -> tuple[str | Paired, ...]:
    """A statement's ``contradicted_by``: clue ids (one alone is taken as a list of one), each
    breaking it alone, or ``{clue: X, with: Y}``, X breaking it only while Y is held too."""
    if not isinstance(node, SequenceNode):
        return reader.ref_list(node, ("clue",), what)  # nothing, one id, or the E110
    element = S.ELEMENTS["paired"]
    out: list[str | Paired] = []
    for item in node.value:
        if not isinstance(item, MappingNode):
            name = reader.ref(item, ("clue",), what)  # a nested list is E113, not flattened
            if name is not None:
                out.append(name)
            continue
        f = reader.fields(item, element, what)
        if f is None:
            continue
        v = reader.values(f, element, what)
        clue, needs, text = v["clue"], tuple(dict.fromkeys(v["needs"])), v["broken"]
        if "with" in f and isinstance(f["with"], SequenceNode) and not f["with"].value:
            reader.error(f["with"], "E115", f"{what}: with must name at least one clue the player also holds")
        elif clue and clue in needs:
            reader.error(f["with"], "E119", f"{what}: '{clue}' is paired with itself; with names the other "
                                            "clues the player must hold")
        elif "broken" in f and isinstance(f["broken"], ScalarNode) and not text.strip():
            reader.error(f["broken"], "E115", f"{what}: '{clue}': broken must not be empty (leave it out to "
                                              "show the statement's broken text)")
        elif "with" not in f and "broken" not in f:
            reader.error(item, "E112", f"{what}: '{clue}' as a mapping needs with: or broken: (or write "
                                       "the clue id alone)")
        elif clue and (needs or text):
            out.append(Paired(clue, needs, text))
    return tuple(out)


def check_near(reader: FileReader, statement: Statement, node: Optional[Node], what: str,
               answered: frozenset[str] = frozenset()) -> None:
    """A ``near:`` clue listed twice (the second reply is never said; ``answered``: the clues the
    statement answers already, when a branch adds more), or one that breaks the statement alone
    (its reply is never said: the break comes first), is an error at it."""
    if not isinstance(node, SequenceNode):
        return
    seen: set[str] = set(answered)
    for item in node.value:
        where = next((v for k, v in item.value if isinstance(k, ScalarNode) and k.value == "clue"), None) \
            if isinstance(item, MappingNode) else None
        if not isinstance(where, ScalarNode):
            continue  # not a mapping, or no clue: reported where it was read
        if statement.broken_by(where.value, frozenset({where.value})):  # the engine's rule: it breaks alone
            reader.error(where, "E119", f"{what}: near: '{where.value}' also breaks the statement alone "
                                        "(contradicted_by), so this reply would never be said: keep it in one list")
        elif where.value in seen:
            reader.error(where, "E119", f"{what}: near: '{where.value}' is listed twice; only the first reply is said")
        seen.add(where.value)
