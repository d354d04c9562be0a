"""Simulation models behind the demos: pure Python, deterministic given a seed, no UI imports."""
