"""``python -m edition``: the command line."""

from .cli import main

main()
