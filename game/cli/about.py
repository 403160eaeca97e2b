"""What ``ghostlight --help`` says besides its options: how to play, for a player who looks
there first, and that the other commands are for authors. Kept apart from the parser's
module, which is about the options; imports nothing, so --help stays quick."""

from __future__ import annotations

#: the player's part of --help (T53 found only the sub-commands there); the game's own 'help'
#: (and F1) says the rest where it is needed
PLAYING = """to play: run ghostlight with no arguments and choose New game. In the game,
  type a choice's number or words from it; type help (or press F1) for the commands.
  The game saves as you play: Continue on the title screen goes back to it.

the other commands (validate, explore, graph, lsp, branches) are for authors of stories;
  the author guide is story/README.md in the game's source."""
