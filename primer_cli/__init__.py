"""primer: learn system design in the terminal."""

__version__ = "0.1.0"
