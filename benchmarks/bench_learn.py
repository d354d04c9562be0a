"""How fast `primer learn` and `primer search` feel: their cost against the imports they cannot avoid.

Runs each command many times, interleaved so machine noise hits both alike,
and prints medians and ratios. Targets (issue #2):
  primer learn cap  <= 1.3 x  python -c "import typer, rich.markdown, yaml"
  primer --version  ~  python -c "import typer"
Search (issue #10) must stay within its start-up ratio against
`import typer, rich, yaml`, the baseline it has always been measured with.

    python benchmarks/bench_learn.py [--runs 30] [--only learn|search] [--against PRIMER]
"""

from __future__ import annotations

import argparse
import resource
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
    parser.add_argument(
        "--against",
        metavar="PRIMER",
        help="Another install's primer script: time its search in the same loop (before/after).",
    )
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
            search_rows(primer, python, runs, env, args.against)
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


def search_rows(
    primer: list[str], python: list[str], runs: int, env: dict[str, str], against: str | None
) -> None:
    """Words, a question, nothing found (suggestions), and a run that builds the index.

    With `against` (another install's `primer`), each row also times that
    primer in the same interleaved loop: a before/after pair under one load.
    """
    baseline = [*python, "import typer, rich, yaml"]
    queries = {
        "consistent hashing": (["consistent", "hashing"], 0, env),
        "how do I avoid thundering herd": (
            ["how", "do", "I", "avoid", "thundering", "herd"],
            0,
            env,
        ),
        "xylophone (nothing found)": (["xylophone"], 1, env),
        "consistent hashing (no cache)": (
            ["consistent", "hashing"],
            0,
            {**env, "PRIMER_NO_CACHE": "1"},
        ),
    }
    # The other install gets its own home: a cache write removes the other
    # entries of its kind, so two installs sharing one would evict each
    # other's index on every run and time only the rebuild.
    other_home = tempfile.mkdtemp(prefix="primer-bench-before-")
    try:
        for label, (words, code, row_env) in queries.items():
            command = [*primer, "search", *words]
            if against is None:
                compare(f"primer search {label}", command, baseline, runs, row_env, exit_code=code)
            else:
                before = ([against, "search", *words], {**row_env, "PRIMER_HOME": other_home})
                before_and_after(label, before, command, baseline, runs, row_env, code)
    finally:
        shutil.rmtree(other_home, ignore_errors=True)


def before_and_after(
    label: str,
    before: tuple[list[str], dict[str, str]],
    after: list[str],
    baseline: list[str],
    runs: int,
    env: dict[str, str],
    exit_code: int,
) -> None:
    """Medians of wall time and of CPU time (user + system of the child).

    `before` is the other install's command and its environment (its own
    home). On a shared machine the wall clock mostly measures the neighbours;
    the CPU time a process used is far steadier, so both are printed.
    """
    commands = {"before": before, "after": (after, env), "baseline": (baseline, env)}
    codes = {"before": exit_code, "after": exit_code, "baseline": 0}
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for name, (command, command_env) in commands.items():
        timed(command, command_env, exit_code=codes[name])  # warm caches
    for _ in range(runs):
        for name, (command, command_env) in commands.items():
            used = children_cpu()
            wall[name].append(timed(command, command_env, exit_code=codes[name]))
            cpu[name].append(children_cpu() - used)
    for clock, samples in (("wall", wall), ("cpu", cpu)):
        median = {name: statistics.median(values) for name, values in samples.items()}
        ratio = {name: median[name] / median["baseline"] for name in commands}
        print(
            f"primer search {label:<34} {clock:<4}  before {median['before'] * 1000:6.1f} ms"
            f" ({ratio['before']:4.2f}x)  after {median['after'] * 1000:6.1f} ms"
            f" ({ratio['after']:4.2f}x)  baseline {median['baseline'] * 1000:6.1f} ms"
        )


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
