"""YAML's mistakes in an author's words.

libyaml reports what its parser saw ("did not find expected key", "found undefined alias"),
often lines after the real mistake. This module looks at the tokens read before the error
and at the text around it to say what the author wrote, where they wrote it, and how to fix
it. It only runs on the error path (and, for ``!`` and ``&``, when the text contains them),
so a good file pays nothing for it.
"""

from __future__ import annotations

import re
from collections import deque
from itertools import pairwise
from typing import Callable, Iterator, Optional

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.core.model import Mark
from game.core.words import clip

#: how a problem is reported: (where, code, message)
Report = Callable[[Mark, str, str], None]

QUOTE_FIX = "put the whole text in quotes, or write it on the lines after `|`"

#: the characters that mean something to YAML at the start of a value -> what they mean
_STARTERS = {
    "*": "an alias (a reference to an `&anchor`)",
    "&": "an anchor (a name for this value)",
    "!": "a tag (a type for this value)",
    "|": "a block of text that starts on the next line",
    ">": "a folded block of text that starts on the next line",
    "[": "a list",
    "{": "a mapping",
    "@": "a reserved character",
    "`": "a reserved character",
    "%": "a directive",
    "]": "the end of a list",
    "}": "the end of a mapping",
    ",": "a separator between entries",
    "?": "a key",
    "-": "a list entry",
}

#: libyaml's contexts whose mark is a value's first character, one YAML reads as its own
_STARTER_CONTEXTS = ("block scalar", "scanning a tag", "parsing a tag", "directive")
#: libyaml's problems that mean "this value starts with a character YAML reads as its own"
_BAD_START = ("did not find expected node content", "block sequence entries are not allowed",
              "mapping keys are not allowed")


def explain(text: str, exc: yaml.YAMLError, loader: type) -> tuple[int, int, str]:
    """(line, column, message) for a YAML error, both 1-based, in words an author can act on."""
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_error(text, exc, in_bytes=loader.__name__.startswith("C"))
    if not isinstance(exc, yaml.MarkedYAMLError) or exc.problem_mark is None:
        return 1, 1, f"YAML syntax: {exc}"
    problem = exc.problem or ""
    context = exc.context or ""
    at = exc.problem_mark
    tokens = _tokens_before(text, loader, exc.problem_mark)
    quote = _unclosed_quote(text, tokens, at, problem, exc.context_mark)
    if quote is not None:
        return quote
    lines = text.splitlines()
    here = _char(lines, at.line, at.column)
    ctx = exc.context_mark
    if ctx is not None and ("scanning an alias" in context or "scanning an anchor" in context):
        return _starter(lines, ctx.line, ctx.column)
    if problem.startswith("found undefined alias"):
        return _starter(lines, at.line, at.column)
    if ctx is not None and any(w in context for w in _STARTER_CONTEXTS):
        return _starter(lines, ctx.line, ctx.column)
    if problem.startswith(_BAD_START) and _char(lines, at.line, at.column) in _STARTERS:
        return _starter(lines, at.line, at.column)
    if "cannot start any token" in problem or "tab character that violates indentation" in problem:
        if here == "\t" or "tab character" in problem:
            return at.line + 1, at.column + 1, ("a tab in the indentation: YAML indents with spaces only; "
                                                "replace the tab with spaces")
        return _starter(lines, at.line, at.column)
    if problem.startswith("mapping values are not allowed"):
        return at.line + 1, at.column + 1, (
            "': ' inside unquoted text reads as the start of a new key; " + QUOTE_FIX)
    if ctx is not None and "while parsing a flow" in context and _char(lines, ctx.line, ctx.column) in ("[", "{"):
        bracket = _char(lines, ctx.line, ctx.column)
        closer = {"[": "]", "{": "}"}[bracket]
        return ctx.line + 1, ctx.column + 1, (
            f"this '{bracket}' is not closed by a matching '{closer}' (YAML read on to line {at.line + 1}): "
            f"close it, or, if it is text, {QUOTE_FIX}")
    if ctx is not None and "could not find expected ':'" in problem:
        return ctx.line + 1, ctx.column + 1, (
            "this line is neither `key: value` nor part of the text above: add the ':' after the key, "
            "or indent the line to continue the text")
    hash_cut = _cut_then_continued(text, lines, at)
    if hash_cut is not None:
        return hash_cut
    after = _closed_then_more(tokens, at)
    if after is not None:
        return after
    where = f" ({context})" if context else ""
    return at.line + 1, at.column + 1, (
        f"YAML syntax: {problem}{where}; check the indentation and the quotes on this line and the one before")


def _reader_error(text: str, exc: yaml.reader.ReaderError, in_bytes: bool) -> tuple[int, int, str]:
    # libyaml counts the position in bytes of the UTF-8 text it was given; PyYAML's own
    # reader counts characters.
    position = max(0, exc.position)
    before = text.encode("utf-8")[:position].decode("utf-8", errors="replace") if in_bytes else text[:position]
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return line, col, (f"the invisible control character U+{char:04X} is here; YAML files may hold only "
                       "text, tabs and line breaks: delete it (it often comes from pasting out of a terminal)")


def _tokens(text: str, loader: type) -> Iterator[yaml.Token]:
    """The tokens of ``text`` in order, up to the first one libyaml cannot scan."""
    try:
        yield from yaml.scan(text, Loader=loader)
    except yaml.YAMLError:
        return


#: tokens kept before an error: the mistakes explained here are all within a few tokens of it
_WINDOW = 256


def _tokens_before(text: str, loader: type, at: yaml.Mark) -> list[yaml.Token]:
    """The last tokens that start before ``at`` (a bounded window, however long the file)."""
    out: deque[yaml.Token] = deque(maxlen=_WINDOW)
    stop = (at.line, at.column)
    for token in _tokens(text, loader):
        if (token.start_mark.line, token.start_mark.column) >= stop:
            break
        out.append(token)
    return list(out)


def _unclosed_quote(text: str, tokens: list[yaml.Token], at: yaml.Mark, problem: str,
                    context: Optional[yaml.Mark]) -> Optional[tuple[int, int, str]]:
    """A quote left open: YAML reads on to the next quote of its kind and fails after it."""
    if problem.startswith("found unexpected end of stream") and context is not None:
        return context.line + 1, context.column + 1, (
            "this quote is never closed: close it at the end of the text, or write the text on the lines after `|`")
    for token in reversed(tokens):
        if not isinstance(token, yaml.ScalarToken) or token.style not in ('"', "'"):
            continue
        start, end = token.start_mark, token.end_mark
        if start.line == end.line:
            return None  # the last quoted text closed on its own line
        swallowed = _KEY_LINE.search(text, start.index, end.index)
        if end.line == at.line or swallowed:
            return start.line + 1, start.column + 1, (
                f"this quote is not closed on its line, so YAML reads on to the next {token.style} "
                f"at line {end.line + 1} and fails there: close the quote on this line "
                "(or write longer text on the lines after `|`)")
        return None
    return None


# a line that looks like "  key: " inside quoted text: a quote that swallowed the next keys
_KEY_LINE = re.compile(r"\n[ \t]*[\w.\-]+:[ \t\n]")


def _closed_then_more(tokens: list[yaml.Token], at: yaml.Mark) -> Optional[tuple[int, int, str]]:
    """``"Hi," she said`` or ``[Aside] she left``: a quoted or bracketed start, then more text."""
    if not tokens:
        return None
    last = tokens[-1]
    if last.end_mark.line != at.line:
        return None
    if isinstance(last, yaml.ScalarToken) and last.style in ('"', "'"):
        start = last.start_mark
        return start.line + 1, start.column + 1, (
            f"text that starts with a quote ends at its closing {last.style}, but more text follows it: "
            "put the whole text in the other kind of quotes, or write it on the lines after `|`")
    if isinstance(last, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
        is_list = isinstance(last, yaml.FlowSequenceEndToken)
        opener = yaml.FlowSequenceStartToken if is_list else yaml.FlowMappingStartToken
        depth = 0
        for token in reversed(tokens):  # back to the bracket that this one closes
            if isinstance(token, type(last)):
                depth += 1
            elif isinstance(token, opener):
                depth -= 1
                if depth == 0:
                    return _starter_at(token.start_mark.line, token.start_mark.column, "[" if is_list else "{")
    return None


def _cut_then_continued(text: str, lines: list[str], at: yaml.Mark) -> Optional[tuple[int, int, str]]:
    """Text over several lines with ' #' in it: the comment ends the text, the next line fails."""
    before = at.line - 1
    while before >= 0 and not lines[before].strip():
        before -= 1
    if before < 0 or not lines[at.line if at.line < len(lines) else -1][:1].isspace():
        return None
    for (line, col), _comment in comment_cuts(text).items():
        if line == before:
            hash_col = lines[line].index("#", col)
            return line + 1, hash_col + 1, (
                f"' #' in unquoted text starts a comment, which ends the text here, so line {at.line + 1} "
                f"cannot go on with it: {QUOTE_FIX}")
    return None


def _char(lines: list[str], line: int, col: int) -> str:
    return lines[line][col] if 0 <= line < len(lines) and 0 <= col < len(lines[line]) else ""


def _starter(lines: list[str], line: int, col: int) -> tuple[int, int, str]:
    return _starter_at(line, col, _char(lines, line, col))


def _starter_at(line: int, col: int, char: str) -> tuple[int, int, str]:
    meaning = _STARTERS.get(char)
    if meaning is None:
        return line + 1, col + 1, f"YAML cannot read the character {char!r} here; {QUOTE_FIX}"
    return line + 1, col + 1, (f"a value that starts with '{char}' reads as {meaning} in YAML; "
                               f"to start text with '{char}', {QUOTE_FIX}")


# -- files that parse, but not as the author meant -------------------------------------------

_MERGE = "tag:yaml.org,2002:merge"
_STANDARD = "tag:yaml.org,2002:"


def check_nodes(root: Node, path: str, report: Report) -> None:
    """Report ``!tags`` (the text after ``!`` is silently dropped) and refuse ``<<`` merge keys.

    Merge keys are refused rather than supported: each element's keys are then all in one
    place, and a finding can always point at the line that holds the key it is about.
    """
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if not node.tag.startswith(_STANDARD) and node.tag.startswith("!"):
            report(_mark(path, node), "E107", f"a value that starts with '{node.tag}' reads as a YAML tag "
                                              f"and '{node.tag}' is dropped; to keep it, {QUOTE_FIX}")
        if isinstance(node, MappingNode):
            kept = []
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.tag == _MERGE:
                    report(_mark(path, key), "E108", "merge keys ('<<') are not supported in stories: "
                                                     "write the keys out in each element")
                    continue
                kept.append((key, value))
                stack.append(key)
                stack.append(value)
            node.value = kept
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def unused_anchors(text: str, path: str, loader: type, report: Report) -> None:
    """An ``&name`` no alias uses: almost always text that began with '&' and lost its first word."""
    anchors: dict[str, yaml.Mark] = {}
    used: set[str] = set()
    tokens = _tokens(text, loader)
    for token, after in pairwise(tokens):
        # only an anchor on plain text can be words that lost their '&'
        if isinstance(token, yaml.AnchorToken) and isinstance(after, yaml.ScalarToken) and after.plain:
            anchors.setdefault(token.value, token.start_mark)
        elif isinstance(token, yaml.AliasToken):
            used.add(token.value)
    for name, mark in anchors.items():
        if name not in used:
            report(Mark(path, mark.line + 1, mark.column + 1), "E107",
                   f"a value that starts with '&{name}' reads as a YAML anchor and '&{name}' is dropped; "
                   f"to keep it, {QUOTE_FIX}")


def _mark(path: str, node: Node) -> Mark:
    return Mark(path, node.start_mark.line + 1, node.start_mark.column + 1)


# -- text cut short by a comment ---------------------------------------------------------------

# ' #' starts a comment anywhere in unquoted text; the text before it is all that is kept.
# Only a cut that does not look like a deliberate comment is warned: `Set crew #2`, `a # b`.
_COMMENT = re.compile(r"[ \t]+#[^\n]*")


def comment_cuts(text: str) -> dict[tuple[int, int], str]:
    """(line, column) where a plain scalar would end (0-based) -> the comment that follows it."""
    if " #" not in text and "\t#" not in text:
        return {}
    cuts: dict[tuple[int, int], str] = {}
    line, line_start, counted = 0, 0, 0
    for match in _COMMENT.finditer(text):
        start = match.start()
        line += text.count("\n", counted, start)
        counted = start
        line_start = text.rfind("\n", 0, start) + 1
        comment = match.group()
        if not text[line_start:start].strip():
            continue  # a comment on its own line cuts nothing
        gap = len(comment) - len(comment.lstrip(" \t"))
        if (gap >= 2 or comment[0] == "\t") and comment[gap + 1:gap + 2] in (" ", "\t", ""):
            continue  # two spaces, then '# ': written as a comment, the way the guide annotates
        cuts[(line, start - line_start)] = comment.strip()
    return cuts


def cut_warning(node: ScalarNode, cuts: dict[tuple[int, int], str], what: str) -> Optional[str]:
    """The warning for a text whose plain scalar stopped at a ``#`` comment, else None."""
    if node.style or not cuts:
        return None
    comment = cuts.get((node.end_mark.line, node.end_mark.column))
    if comment is None:
        return None
    shown = clip(comment, 30)
    return (f"{what} stops before '{shown}': in unquoted text ' #' starts a comment, so only "
            f"'{node.value}' is kept; if '{shown}' belongs to the text, put the whole text in quotes")
