"""The interactive prompt: prompt_toolkit with completion that follows the game state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Optional

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import Completer, Completion, WordCompleter, merge_completers
from prompt_toolkit.document import Document
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output

from game.engine import available_actions, clock_text
from game.ui.commands import COMMANDS
from game.ui.text import clean

if TYPE_CHECKING:
    from game.app import Session
    from game.model import Story


class ChoiceCompleter(Completer):
    """Completes words from the choices on the menu right now, and clue names after `present`."""

    def __init__(self, session: "Session") -> None:
        self.session = session

    def get_completions(self, document: Document, complete_event) -> Iterable[Completion]:
        story, state = self.session.story, self.session.state
        before = document.text_before_cursor
        word = document.get_word_before_cursor(WORD=True).lower()
        if before.lower().startswith("present "):
            for clue in sorted(state.clues):
                name = story.clues[clue].name
                if name.lower().startswith(before[8:].lower()):
                    yield Completion(name, start_position=-len(before) + 8)
            return
        seen = set()
        for action in available_actions(story, state):
            for token in clean(action.label).split():
                token = token.strip(".,;:!?\"'()").lower()
                if len(token) > 2 and token.startswith(word) and token not in seen:
                    seen.add(token)
                    yield Completion(token, start_position=-len(word))


def toolbar_text(session: "Session") -> str:
    story, state = session.story, session.state
    act = story.acts.get(state.act)
    scene = story.scenes.get(state.scene)
    place = story.places[scene.place].name if scene and scene.place else ""
    parts = [f"Act {act.number}" if act else "", place, clock_text(story, state),
             f"{state.time} turns left", f"{len(state.clues)}/{len(story.clues)} clues", "F1 help"]
    return "  ·  ".join(p for p in parts if p)


def make_reader(story: "Story", session: "Session", *, input: Optional[Input] = None,
                output: Optional[Output] = None) -> tuple[Callable[[str], str], Callable[[], bool]]:
    """A ``read(prompt)`` for the game loop and a ``confirm()`` asked on Ctrl-C."""
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    @bindings.add("f1")
    def _help(event) -> None:
        event.app.current_buffer.text = "help"
        event.app.current_buffer.validate_and_handle()

    completer = merge_completers([WordCompleter(list(COMMANDS), ignore_case=True), ChoiceCompleter(session)])
    prompt_session: PromptSession[str] = PromptSession(
        history=InMemoryHistory(), completer=completer, complete_while_typing=False,
        bottom_toolbar=lambda: toolbar_text(session), key_bindings=bindings, input=input, output=output,
    )

    def read(prompt: str) -> str:
        return prompt_session.prompt(prompt)

    def confirm() -> bool:
        try:
            answer = prompt_session.prompt("Quit the game? [y/N] ")
        except (KeyboardInterrupt, EOFError):
            return True
        return answer.strip().lower() in ("y", "yes")

    return read, confirm
