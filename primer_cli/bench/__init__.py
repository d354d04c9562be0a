"""`primer bench`'s core: measure the latency table's rows on this machine, save and compare runs.

No Rich, Textual or Typer here (tests/test_import_hygiene.py): the faces in
`primer_cli/cli/bench.py` and `primer_cli/render/bench.py` draw what this returns.
"""
