"""`python -m game` is the same as the `ghostlight` command."""

# Ctrl-C before the command can answer it (imports take a moment) ends it quietly, not with a
# traceback; game.cli.guard takes over once the command runs.
from game.cli.guard import hold_quiet

hold_quiet()

from game.cli.main import main  # noqa: E402  (after the handler, on purpose)

raise SystemExit(main())
