"""Topic content: the schema, loading and checking, search, and Markdown export.

No UI imports here: the CLI and the TUI render the same `Topic` objects.
"""
