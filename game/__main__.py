"""`python -m game` is the same as the `ghostlight` command."""

import os
import signal

# Ctrl-C before the command can answer it (imports take a moment) ends it quietly, not with a
# traceback; game.cli.guard takes over once the command runs.
signal.signal(signal.SIGINT, lambda signum, frame: os._exit(130))

from game.cli.main import main  # noqa: E402  (after the handler, on purpose)

raise SystemExit(main())
