"""Rich renderers: turn core objects into terminal output."""
