"""The authors' commands: ``ghostlight graph`` and ``ghostlight explore``, and play options.

Kept out of game/cli/main.py so the tools can grow without touching the play loop; cli.py only
registers these parsers and hands the parsed arguments over.
"""

from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence

from game.core.errors import StoryError
from game.core.model import Story
from game.cli.branchtools import add_branch_option, with_branches


MAX_STATES = 200_000  # explore's default budget: states searched, then states the directed search expands
MAX_SECONDS = 600.0  # only a safety net: the counts above decide every verdict
#: When the proofs without search cover every state, the breadth-first search only looks for
#: paths (the directed search finds the rest), so it stops after this many states.
SETTLE_STATES = 10_000
WALK_STATES = 10_000  # a walkthrough's breadth-first try (shortest paths) before the directed search


def add_commands(commands) -> None:
    """Register ``graph`` and ``explore`` (a :class:`game.cli.main.Commands`)."""
    graph = commands.add("graph", help="draw the story's scenes and the ways between them")
    if graph is not None:
        _graph_options(graph)
    explore = commands.add("explore", help="prove the story can be solved from every point, or show where not")
    if explore is not None:
        _explore_options(explore)


def _graph_options(graph: argparse.ArgumentParser) -> None:
    graph.add_argument("story_path", nargs="?", metavar="PATH", help="a story folder or manifest")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid",
                       help="mermaid (renders on code-hosting sites) or dot (Graphviz)")
    graph.add_argument("--group", choices=("act", "place"), default="act", help="group scenes by act or by place")
    add_branch_option(graph)


def _explore_options(explore: argparse.ArgumentParser) -> None:
    explore.add_argument("story_path", nargs="?", metavar="PATH", help="a story folder or manifest")
    explore.add_argument("--walkthrough", metavar="ENDING",
                         help="print the lines that play a new game to ENDING (pipe them into `ghostlight play --new`)")
    explore.add_argument("--coverage", type=int, metavar="N", help="play N seeded random games and count what they reach")
    explore.add_argument("--seed", type=int, default=0, help="first seed for --coverage (default 0)")
    explore.add_argument("--max-states", type=int, default=MAX_STATES, metavar="N",
                         help=f"stop the search after N distinct states, and the directed search after N "
                              f"more (default {MAX_STATES}; a count, so every machine gets the same answer)")
    explore.add_argument("--max-seconds", type=float, default=MAX_SECONDS, metavar="S",
                         help=f"a safety net: stop after S seconds and say the verdict was cut short by the "
                              f"time limit (default {MAX_SECONDS:g})")
    add_branch_option(explore)


def add_play_options(play: argparse.ArgumentParser) -> None:
    """``--from``, ``--with`` and ``--watch`` for ``ghostlight play``."""
    play.add_argument("--from", dest="from_scene", metavar="SCENE",
                      help="start a new game in SCENE (for testing a branch; nothing is saved)")
    play.add_argument("--with", dest="with_ids", default="", metavar="IDS",
                      help="with --from: clues, items, flags (and counter=N, time=N turns left, topics, act) to start with, comma-separated")
    play.add_argument("--watch", action="store_true",
                      help="reload the story when its files change, keeping your place")


def _load(path: Optional[str], branches: Sequence[str] = ()) -> Story:
    return _load_layered(path, branches)[0]


def _load_layered(path: Optional[str], branches: Sequence[str] = ()):
    """The story with ``branches`` over it, and what each branch added (for ``graph``)."""
    from game.cli.main import _story_arg
    from game.loading.branches import read_layered

    story, findings, _sources, layered = read_layered(_story_arg(path), branches)
    if story is None:
        raise StoryError(findings)
    return story, layered


def run(args: argparse.Namespace) -> int:
    if args.command == "graph":
        from game.authoring.graph import render

        story, layered = _load_layered(args.story_path, args.branch)
        sys.stdout.write(render(story, args.format, args.group, layered.graph_marks()))
        return 0
    return _explore(args)


def _explore(args: argparse.Namespace) -> int:
    from game.authoring.coverage import playthroughs, render

    for name in ("max_states", "max_seconds", "coverage"):
        value = getattr(args, name)
        if value is not None and value <= 0:
            print(f"ghostlight explore: --{name.replace('_', '-')} must be more than 0", file=sys.stderr)
            return 2
    story = _load(args.story_path, args.branch)
    if args.coverage:
        print("\n".join(render(story, playthroughs(story, args.coverage, args.seed))))
        return 0
    if args.walkthrough:
        return _walkthrough(story, args)
    report = _search(story, args)
    print("\n".join(summary(report, with_branches(args.story_path or "the bundled case", args.branch))))
    return 0 if report.holds else 1


def _search(story: Story, args: argparse.Namespace, want: Optional[str] = None):
    """Breadth-first search, then a directed search for whatever it did not reach.

    Both are bounded by counts (``--max-states``); ``--max-seconds`` is a safety net only.
    With ``want`` (a walkthrough) only a path to that ending is looked for.
    """
    import time

    from game.core import engine as e
    from game.authoring.explore import explore
    from game.authoring.moves import Rules
    from game.authoring.witness import Budget, search

    started = time.perf_counter()
    deadline = started + args.max_seconds
    rules = Rules(story)
    if want is None:
        report = explore(story, args.max_states, deadline, rules, settle_states=SETTLE_STATES)
    else:
        report = explore(story, min(args.max_states, WALK_STATES), deadline, rules, proofs=False)
    missing_endings = {x for x, p in report.endings.items() if p is None}
    missing_clues = {c for c, p in report.clues.items() if p is None}
    if want is not None:
        missing_endings &= {want}
        missing_clues = set()
    if not report.exhaustive and not report.cut_short and (missing_endings or missing_clues):
        budget = Budget(args.max_states, deadline)
        start, _ = e.new_game(story, seed=0)
        endings, clues = search(rules, start, missing_endings, missing_clues, budget)
        report.endings.update(endings)
        report.clues.update(clues)
        report.witnessed |= set(endings) | set(clues)
        report.directed = min(budget.spent, budget.states)
        report.directed_spent = budget.spent > budget.states
        report.cut_short = budget.cut_short
    report.seconds = time.perf_counter() - started
    return report


def _walkthrough(story: Story, args: argparse.Namespace) -> int:
    from game.core.words import did_you_mean
    from game.authoring.walkthrough import input_lines

    ending = args.walkthrough
    if ending not in story.endings:
        print(f"ghostlight explore: there is no ending '{ending}'{did_you_mean(ending, story.endings)}",
              file=sys.stderr)
        return 1
    report = _search(story, args, want=ending)
    path = report.endings.get(ending)
    if path is None:
        if report.exhaustive:
            why = "no play reaches it"
        elif report.cut_short:
            why = f"cut short by the time limit (--max-seconds {args.max_seconds:g})"
        else:
            why = f"neither search reached it within {args.max_states} states (raise --max-states)"
        print(f"ghostlight explore: no walkthrough for '{ending}': {why}", file=sys.stderr)
        return 1
    lines, state = input_lines(story, path)
    assert state.ending == ending, "the walkthrough replayed to a different ending"
    print("\n".join(lines))
    return 0


def _path(moves: list, limit: int = 40) -> str:
    from game.authoring.walkthrough import describe

    words = [describe(m) for m in moves]
    if len(words) > limit:
        words = words[: limit // 2] + [f"... {len(words) - limit} more ..."] + words[-limit // 2:]
    return " > ".join(words) if words else "(the opening)"


def _misses(report, target: str) -> list[str]:
    out = []
    for what, path in report.misses.get(target, []):
        out.append(f"      {what}" + (f"; closest play: {_path(path)}" if path is not None else ""))
    if target in report.misses and not report.misses[target]:
        out.append("      nothing in the story gives it")
    return out


def _kept_lines(kept) -> list[str]:
    if not kept.tours:
        return ["  deductions: none on the board"]
    worst = max(turns for turns, _ in kept.tours.values())
    budget = min(budget for _, budget in kept.tours.values())
    before = f"in {', '.join(kept.drained)} every place leads on into {', '.join(kept.final_acts)}; " \
        if kept.drained else ""
    return [f"  deductions: none lost before the accusation except to the clock, PROVED without the search: "
            f"{before}there, from every place, each deduction can be confirmed in at most {worst} turns "
            f"({budget} allowed: the act's clock less the turn its time-out fires on), by moves every state offers"]


def summary(report, where: str) -> list[str]:
    """The report as text: the figures, then each property proved, refuted or left open.

    Every line but the last (the time taken) is the same on every machine: budgets are counts.
    """
    story = report.story
    cut = report.cut_short
    open_ = "" if report.exhaustive else " (not a proof: the search was not exhaustive)"
    lines = [f"explore: '{story.title}' ({where})",
             f"  {report.states} states, {report.expanded} explored: " + (
                 "exhaustive" if report.exhaustive else
                 "not exhaustive, and not needed: the proofs below cover every state" if report.proved_without_search
                 else "NOT exhaustive (limit reached; raise --max-states)")]
    if report.directed:
        lines.append(f"  directed search: {report.directed} states expanded" + (
            " (its limit: raise --max-states)" if report.directed_spent else ""))
    if cut:
        lines.append("  CUT SHORT by the time limit (--max-seconds): what is not found below may be the limit's "
                     "doing, so no cause is given for it")
    endings = report.endings
    found = [x for x, p in endings.items() if p is not None]
    lines.append(f"  endings reachable: {len(found)} of {len(endings)}")
    for ending, path in endings.items():
        if path is None:
            lines.append(f"    {ending}: " + ("NEVER reached in any play" if report.exhaustive else "not reached"))
            lines += [] if cut else _misses(report, ending)
        else:
            how = ", found by the directed search" if ending in report.witnessed else ""
            lines.append(f"    {ending}: {len(path)} moves{how}")
    missing = [c for c, p in report.clues.items() if p is None]
    lines.append(f"  clues findable: {len(report.clues) - len(missing)} of {len(report.clues)}")
    for clue in missing:
        lines.append(f"    {clue}: " + ("NEVER found in any play" if report.exhaustive else "not found"))
        lines += [] if cut else _misses(report, clue)
    lines += _proof_lines(report, open_)
    if report.static:
        lines.append(f"  found without playing ({len(report.static)}; `ghostlight validate` lists them too):")
        lines += [f"    {finding}" for finding in report.static]
    lines.append(_verdict(report))
    lines.append(f"  ({report.seconds:.2f} s, {report.per_second:,.0f} states/s; the only line that "
                 f"depends on the machine)")
    return lines


def _proof_lines(report, open_: str) -> list[str]:
    lines = []
    if report.softlocks:
        act, left, _ = report.softlock_state
        lines.append(f"  soft-locks: {report.softlocks} states from which no ending can be reached; the first "
                     f"(act {act}, {left} turns left) after: {_path(report.softlock)}")
    elif report.softlock_proved:
        lines.append("  soft-locks: none, PROVED without the search: from every place a play can reach, moves "
                     "that are always offered lead on or run the act's clock out to a time-out that leads on")
    else:
        lines.append(f"  soft-locks: none{open_}")
    if report.never or report.losses:
        for deduction in report.never:
            lines.append(f"  deduction {deduction}: can NEVER be confirmed")
        for deduction, loss in report.losses.items():
            lines.append(f"  deduction {deduction}: LOST without spending time, by: {_path(loss.path)}")
    elif report.kept is not None and report.kept.proved:
        lines += _kept_lines(report.kept)
    else:
        lines.append(f"  deductions: none lost before the accusation except to the clock{open_}")
        if report.kept is not None:
            lines.append(f"    (the proof without the search does not apply: {report.kept.reason})")
    for deduction, loss in report.clock_losses.items():
        if deduction not in report.losses:
            lines.append(f"    ({deduction} can be lost to the clock, e.g. after {len(loss.path)} moves)")
    return lines


def _verdict(report) -> str:
    if report.holds and not report.exhaustive:
        return ("PROVED for every state a play can reach: every ending reachable, every clue findable (a "
                "path to each), no soft-lock and no deduction lost (by the proofs above, which cover the "
                "states the search did not visit).")
    if report.holds:
        return "PROVED: every ending reachable, every clue findable, no soft-lock, no deduction lost."
    if report.exhaustive or report.softlocks or report.losses or report.never or report.static:
        return "FAILED: see above."
    if report.cut_short:
        return "NOT PROVED: cut short by the time limit (raise --max-seconds)."
    return "NOT PROVED: no problem found, but the search did not cover every state (raise --max-states)."


__all__ = ["add_commands", "add_play_options", "run", "summary"]
