"""Allow `python -m primer_cli`."""

from primer_cli.cli import main

main()
