"""``ghostlight graph``: the story as a Mermaid or Graphviz (DOT) diagram.

Scenes are boxes grouped by act (or by place); endings are rounded. An arrow is a way from one
scene to another: a choice (labelled with its text, and with the clues it needs when its
condition asks for any), an exit, a move on entering a scene, an act change or a time-out.
Mermaid renders on code-hosting sites as it is; DOT needs Graphviz.

With branches (``graph --branch PATH``), ``added`` says what each branch added: id -> branch,
and ``exit:SCENE>GOAL`` for an added exit. Added scenes, endings and ways are marked with a
``+ branch`` note and drawn in the branch colour, so an author sees where a branch plugs in.
"""

from __future__ import annotations

from typing import Mapping

from game.core.record import Record
from game.core.model import Story
from game.core.words import first_line
from game.authoring.facts import Site, atoms, collect, targets
from game.authoring.acts import act_view
from game.authoring.reach import reach


class Edge(Record):
    source: str
    target: str
    label: str
    style: str = "solid"  # solid: a choice; dashed: automatic (time-out, on entering, events)


def _needs(site: Site, story: Story) -> str:
    if site.condition is None:
        return ""
    clues = sorted({a for f, a in atoms(site.condition.ast) if f == "has" and (a in story.clues or a in story.items)})
    if clues:
        return "needs " + ", ".join(clues)
    return "if " + first_line(site.condition.source, 28)


def _plus(label: str, branch: str | None) -> str:
    return f"+{branch}: {label}" if branch else label


def edges(story: Story, added: Mapping[str, str] = {}) -> list[Edge]:
    """Every way between scenes (and into endings), merged when several share ends and kind;
    a way a branch added is labelled ``+branch:``."""
    facts = collect(story)
    out: list[Edge] = []

    def moves(site: Site, source: str, label: str, style: str = "solid") -> None:
        goals = [site.goto] if site.goto else []
        for kind, name in targets(site.effects):
            if kind == "goto":
                goals.append(name)
            elif kind == "act" and name in story.acts:
                goals.append(story.acts[name].start)
                label = f"{label} (act {name})" if label else f"act {name}"
        for goal in goals:
            out.append(Edge(source, goal, label, style))

    for site in facts.sites:
        if site.kind == "choice":
            needs = _needs(site, story)
            label = first_line(story.choices[site.element][1].text, 32) if site.element in story.choices else site.element
            moves(site, site.owner, _plus(f"{label} [{needs}]" if needs else label, added.get(site.element)))
        elif site.kind == "scene":
            moves(site, site.owner, "on entering", "dashed")
        elif site.kind == "event":
            moves(site, f"event:{site.element}", _needs(site, story), "dashed")
        elif site.kind in ("topic", "statement") and (site.goto or any(True for _ in targets(site.effects))):
            moves(site, f"person:{site.owner}", f"{site.element}", "dashed")
    for scene in story.scenes.values():
        for goal in scene.exits:
            out.append(Edge(scene.id, goal, _plus("exit", added.get(f"exit:{scene.id}>{goal}"))))
    for act in story.acts.values():
        if act.on_timeout:
            out.append(Edge(f"timeout:{act.id}", act.on_timeout, "time runs out", "dashed"))
    if story.accusation is not None:
        for ending in story.accusation.endings:
            out.append(Edge("accusation", ending, _needs_ending(story, ending), "dashed"))
    merged: dict[tuple[str, str, str], list[str]] = {}
    for edge in out:
        merged.setdefault((edge.source, edge.target, edge.style), []).append(edge.label)
    result = []
    for (source, target, style), labels in merged.items():
        unique = list(dict.fromkeys(x for x in labels if x))
        label = " / ".join(unique[:2]) + (f" (+{len(unique) - 2})" if len(unique) > 2 else "")
        result.append(Edge(source, target, label, style))
    return result


def _needs_ending(story: Story, ending: str) -> str:
    condition = story.endings[ending].condition
    return "" if condition is None else "if " + first_line(condition.source, 28)


def groups(story: Story, by: str = "act") -> dict[str, list[str]]:
    """Group name -> scenes, in story order; scenes no act reaches go to 'unreachable'."""
    out: dict[str, list[str]] = {}
    if by == "place":
        for scene in story.scenes.values():
            out.setdefault(f"place {scene.place}" if scene.place else "no place", []).append(scene.id)
        return out
    facts = collect(story)
    r = reach(story, facts)
    view = act_view(story, facts, r)
    order = {a: story.acts[a].number for a in story.acts}
    for scene in story.scenes.values():
        acts = view.scene_acts.get(scene.id)
        name = f"act {min(acts, key=lambda a: order[a])}" if acts else "unreachable"
        out.setdefault(name, []).append(scene.id)
    return out


def _node_names(story: Story, edge_list: list[Edge]) -> dict[str, str]:
    names: dict[str, str] = {}
    for name in list(story.scenes) + list(story.endings):
        names.setdefault(name, f"n{len(names)}")
    for edge in edge_list:
        for end in (edge.source, edge.target):
            names.setdefault(end, f"n{len(names)}")
    return names


def _title(story: Story, node: str, added: Mapping[str, str] = {}) -> str:
    mark = f"\n+ branch {added[node]}" if node in added else ""
    if node in story.scenes:
        title = story.scene_title(node)
        return (f"{node}\n{first_line(title, 30)}" if title != node else node) + mark
    if node in story.endings:
        return f"ending: {node}\n{first_line(story.endings[node].title, 30)}{mark}"
    kind, _, name = node.partition(":")
    return {"timeout": f"time-out of {name}", "event": f"event {name}", "person": f"talking to {name}"}.get(
        kind, node)


def mermaid(story: Story, by: str = "act", added: Mapping[str, str] = {}) -> str:
    edge_list = edges(story, added)
    names = _node_names(story, edge_list)

    def text(value: str) -> str:
        return value.replace('"', "#quot;").replace("\n", "<br/>")

    lines = ["flowchart LR"]
    grouped = groups(story, by)
    placed: set[str] = set()
    for index, (group, scenes) in enumerate(grouped.items()):
        lines.append(f'  subgraph g{index}["{text(group)}"]')
        for scene in scenes:
            lines.append(f'    {names[scene]}["{text(_title(story, scene, added))}"]')
            placed.add(scene)
        if by == "act" and group.startswith("act "):
            act = group[4:]
            if story.acts[act].on_timeout:
                node = f"timeout:{act}"
                lines.append(f'    {names[node]}{{{{"{text(_title(story, node))}"}}}}')
                placed.add(node)
        lines.append("  end")
    for ending in story.endings:
        lines.append(f'  {names[ending]}(["{text(_title(story, ending, added))}"])')
        placed.add(ending)
    for node, name in names.items():
        if node not in placed:
            lines.append(f'  {name}[/"{text(_title(story, node))}"/]')
    for edge in edge_list:
        arrow = "-.->" if edge.style == "dashed" else "-->"
        label = f'|"{text(edge.label)}"|' if edge.label else ""
        lines.append(f"  {names[edge.source]} {arrow}{label} {names[edge.target]}")
    marked = [names[n] for n in names if n in added]
    if marked:
        lines.append("  classDef branch stroke:#c60,stroke-width:3px,stroke-dasharray:6 3")
        lines.append(f"  class {','.join(marked)} branch")
    return "\n".join(lines) + "\n"


def dot(story: Story, by: str = "act", added: Mapping[str, str] = {}) -> str:
    edge_list = edges(story, added)
    names = _node_names(story, edge_list)

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    lines = [f'digraph "{text(story.id)}" {{', "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];',
             '  edge [fontname="Helvetica", fontsize=10];']
    placed: set[str] = set()
    for index, (group, scenes) in enumerate(groups(story, by).items()):
        lines.append(f"  subgraph cluster_{index} {{")
        lines.append(f'    label="{text(group)}";')
        for scene in scenes:
            colour = ", color=darkorange, penwidth=2" if scene in added else ""
            lines.append(f'    {names[scene]} [label="{text(_title(story, scene, added))}"{colour}];')
            placed.add(scene)
        if by == "act" and group.startswith("act ") and story.acts[group[4:]].on_timeout:
            node = f"timeout:{group[4:]}"
            lines.append(f'    {names[node]} [label="{text(_title(story, node))}", shape=hexagon];')
            placed.add(node)
        lines.append("  }")
    for ending in story.endings:
        colour = ", color=darkorange, penwidth=2" if ending in added else ""
        lines.append(f'  {names[ending]} [label="{text(_title(story, ending, added))}", shape=doubleoctagon{colour}];')
        placed.add(ending)
    for node, name in names.items():
        if node not in placed:
            lines.append(f'  {name} [label="{text(_title(story, node))}", shape=parallelogram];')
    for edge in edge_list:
        attrs = [f'label="{text(edge.label)}"'] if edge.label else []
        if edge.style == "dashed":
            attrs.append("style=dashed")
        if edge.label.startswith("+") and ":" in edge.label:
            attrs.append("color=darkorange")
        suffix = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"  {names[edge.source]} -> {names[edge.target]}{suffix};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(story: Story, fmt: str = "mermaid", by: str = "act", added: Mapping[str, str] = {}) -> str:
    """The diagram; ``added`` marks what branches added (see the module's docstring)."""
    return mermaid(story, by, added) if fmt == "mermaid" else dot(story, by, added)


__all__ = ["render", "mermaid", "dot", "edges", "groups", "Edge"]
