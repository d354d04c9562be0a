"""What the probes of one run share: the effort, the temporary directory, the interpreter's cost."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from primer_cli.bench.run import Interpreter
from primer_cli.bench.settings import Effort

if TYPE_CHECKING:  # the probes import this module; these names are for types only
    from primer_cli.bench.probes.files import DataFile
    from primer_cli.bench.probes.memory import MemoryBuffer

SEED = 14  # random offsets differ from row to row but not from run to run


@dataclass
class Context:
    effort: Effort
    workdir: Path  # the run's temporary directory, removed when the run ends
    interpreter: Interpreter
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    # Built by the first probe that needs it, then shared (see probes/memory.py, probes/files.py).
    memory: MemoryBuffer | None = None
    data_file: DataFile | str | None = None  # a str says why there is no file
