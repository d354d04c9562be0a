"""How fast `primer learn` and `primer search` feel: their cost against the imports they cannot avoid.

Runs each command many times, interleaved so machine noise hits both alike,
and prints medians and ratios. Targets (issue #2):
  primer learn cap  <= 1.3 x  python -c "import typer, rich.markdown, yaml"
  primer --version  ~  python -c "import typer"
Search (issue #10) must stay within its start-up ratio against
`import typer, rich, yaml`, the baseline it has always been measured with.

    python benchmarks/bench_learn.py [--runs 30] [--only learn|search]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile

from processes import bench_env, primer_command, timed


def compare(
    label: str,
    command: list[str],
    baseline: list[str],
    runs: int,
    env: dict[str, str],
    exit_code: int = 0,
) -> float:
    timed(command, env, exit_code=exit_code)  # warm the OS file cache and primer's caches
    timed(baseline, env)
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(timed(command, env, exit_code=exit_code))
        theirs.append(timed(baseline, env))
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(
        f"{label:<46} {statistics.median(ours) * 1000:7.1f} ms   baseline {statistics.median(theirs) * 1000:7.1f} ms"
        f"   ratio {ratio:4.2f}x"
    )
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--only", choices=["learn", "search"], help="Run one group of rows.")
    args = parser.parse_args()
    runs = args.runs
    home = tempfile.mkdtemp(prefix="primer-bench-")
    env = bench_env(PRIMER_HOME=home)
    primer = primer_command()
    python = [sys.executable, "-c"]
    print(f"{runs} interleaved runs each, medians; python {sys.version.split()[0]}")
    learn = None
    try:
        if args.only != "search":
            learn = learn_rows(primer, python, runs, env)
        if args.only != "learn":
            search_rows(primer, python, runs, env)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    if learn is not None:
        verdict = "meets" if learn <= 1.3 else "MISSES"
        print(f"\nprimer learn cap {verdict} the 1.3x target ({learn:.2f}x).")


def learn_rows(primer: list[str], python: list[str], runs: int, env: dict[str, str]) -> float:
    learn = compare(
        "primer learn cap",
        [*primer, "learn", "cap"],
        [*python, "import typer, rich.markdown, yaml"],
        runs,
        env,
    )
    compare(
        "primer learn sharding (has code)",
        [*primer, "learn", "sharding"],
        [*python, "import typer, rich.markdown, yaml"],
        runs,
        env,
    )
    compare(
        "primer learn cap (no cache)",
        [*primer, "learn", "cap"],
        [*python, "import typer, rich.markdown, yaml"],
        runs,
        {**env, "PRIMER_NO_CACHE": "1"},
    )
    compare("primer --version", [*primer, "--version"], [*python, "import typer"], runs, env)
    compare(
        "primer topics",
        [*primer, "topics"],
        [*python, "import typer, rich.tree, yaml"],
        runs,
        env,
    )
    return learn


def search_rows(primer: list[str], python: list[str], runs: int, env: dict[str, str]) -> None:
    """Words, a question, nothing found (suggestions), and a run that builds the index."""
    baseline = [*python, "import typer, rich, yaml"]
    queries = {
        "consistent hashing": (["consistent", "hashing"], 0),
        "how do I avoid thundering herd": (["how", "do", "I", "avoid", "thundering", "herd"], 0),
        "xylophone (nothing found)": (["xylophone"], 1),
    }
    for label, (words, code) in queries.items():
        command = [*primer, "search", *words]
        compare(f"primer search {label}", command, baseline, runs, env, exit_code=code)
    compare(
        "primer search consistent hashing (no cache)",
        [*primer, "search", "consistent", "hashing"],
        baseline,
        runs,
        {**env, "PRIMER_NO_CACHE": "1"},
    )


if __name__ == "__main__":
    main()
