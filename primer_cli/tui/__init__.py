"""`primer tui`: the Textual face. It renders the core's objects and adds no logic of its own.

Only `primer tui` imports this package; nothing in the core imports it
(tests/test_import_hygiene.py). `start` is plain data so the command line can
check its arguments before paying for Textual.
"""
