"""The quiz engine: the question bank, generated questions, grading, scheduling and progress.

Pure core: no Rich, Typer, Textual or questionary. The CLI and the TUI ask the
questions; this package decides which, grades the answers and keeps the record.
"""
