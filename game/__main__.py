"""`python -m game` is the same as the `ghostlight` command."""

from game.cli.main import main

raise SystemExit(main())
