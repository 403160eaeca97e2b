"""The ``ghostlight`` command: argparse wiring of the parts, nothing else."""

import os as _os
import sys as _sys

if _os.path.basename(_sys.argv[0] if _sys.argv else "").lower().startswith("ghostlight"):
    # Run as the installed `ghostlight` script: answer Ctrl-C quietly from this first moment
    # (see game.cli.guard); imported by anything else, Ctrl-C is left alone.
    from game.cli.guard import hold_quiet

    hold_quiet()
