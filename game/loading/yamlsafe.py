"""Bytes -> YAML nodes, safely: size, encoding, nesting and alias expansion are bounded
before anything is built, and every problem becomes a located finding."""

from __future__ import annotations

import re
from typing import Callable, Optional

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.core.model import Mark
from game.loading.yamlwords import check_nodes, explain, unused_anchors

try:  # libyaml is several times faster; the pure parser is a correct fallback.
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

#: deepest nesting a story file may have. libyaml's composer recurses in C and crashes the
#: process (it does not raise) somewhere past 20,000 levels on an 8 MiB stack, so depth is
#: bounded before composing, with room to spare for smaller stacks.
MAX_DEPTH = 4000

#: how a problem is reported: (where, code, message)
Report = Callable[[Mark, str, str], None]


def decode(data: bytes, path: str, report: Report) -> Optional[str]:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        report(Mark(path, line, col), "E102", f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})")
        return None


def _depth_bound(text: str) -> int:
    """A cheap upper bound on the nesting depth of a YAML text.

    A flow collection needs an opening bracket, and a nested block collection starts at a
    greater column than its parent, so depth is at most the brackets plus the longest line.
    """
    longest = max((len(line) for line in text.splitlines()), default=0)
    return text.count("[") + text.count("{") + longest + 1


def _real_depth(text: str) -> int:
    depth = deepest = 0
    for event in yaml.parse(text, Loader=_YamlLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return deepest


def _expanded_size(root: Node, limit: int) -> Optional[int]:
    """How many nodes the document has with every alias expanded; None past ``limit`` or on a cycle.

    Sizes are memoised per node, so this costs one visit per distinct node even for a file
    built to expand exponentially ("billion laughs").
    """
    sizes: dict[int, Optional[int]] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if isinstance(node, ScalarNode):
            sizes[key] = 1
            continue
        children = [n for pair in node.value for n in pair] if isinstance(node, MappingNode) else node.value
        if not done:
            if key in sizes:
                continue
            sizes[key] = None
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        total = 1
        for child in children:
            size = sizes.get(id(child))
            if size is None:
                return None  # a node that contains itself
            total += size
            if total > limit:
                return None
        sizes[key] = total
    return sizes[id(root)]


# An anchor is a node property, so it follows the start of a line, white space or a flow
# indicator. Files without one cannot contain aliases and skip the expansion check.
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&", re.MULTILINE)
# Likewise a tag ('!') or a merge key ('<<'); files without either skip the node walk.
_TAG_OR_MERGE = re.compile(r"(?:^|[\s\[{,])!|<<", re.MULTILINE)


def compose(text: str, path: str, report: Report) -> Optional[Node]:
    if _depth_bound(text) > MAX_DEPTH and _real_depth_safe(text) > MAX_DEPTH:
        report(Mark(path, 1, 1), "E105", f"the file nests deeper than {MAX_DEPTH} levels")
        return None
    try:
        root = yaml.compose(text, Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        line, col, message = explain(text, exc, _YamlLoader)
        report(Mark(path, line, col), "E101", message)
        return None
    if root is None:
        report(Mark(path, 1, 1), "E104", "the file is empty")
        return None
    if _TAG_OR_MERGE.search(text):
        check_nodes(root, path, report)
    if not _ANCHOR.search(text):
        return root
    unused_anchors(text, path, _YamlLoader, report)
    distinct = _count_distinct(root)
    if _expanded_size(root, 2 * distinct + 10_000) is None:
        report(Mark(path, root.start_mark.line + 1, root.start_mark.column + 1), "E105", "YAML aliases expand this file far beyond its size "
                                               "(or an alias contains itself); write the content out instead")
        return None
    return root


def _real_depth_safe(text: str) -> int:
    try:
        return _real_depth(text)
    except yaml.YAMLError:
        return 0  # compose reports the syntax error with its position


def _count_distinct(root: Node) -> int:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for k, v in node.value:
                stack.append(k)
                stack.append(v)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return len(seen)
