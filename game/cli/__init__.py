"""The ``ghostlight`` command: argparse wiring of the parts, nothing else."""
