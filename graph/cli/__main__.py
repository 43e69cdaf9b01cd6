"""`python -m graph.cli`: the tiltaksgraf command line."""

from graph.cli import main

main(prog_name="tiltaksgraf")
