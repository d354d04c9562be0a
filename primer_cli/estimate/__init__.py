"""Back-of-envelope estimation: quantities, conventions, calculators and the numbers to know.

The pure core behind `primer estimate` and `primer numbers`: no Rich, Typer,
Textual or questionary here, so any face can render the same results.
"""
