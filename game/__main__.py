"""`python -m game` is the same as the `ghostlight` command (Ctrl-C is already quiet: see
``game/__init__.py``)."""

from game.cli.main import main

raise SystemExit(main())
