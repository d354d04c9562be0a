"""Per-demo pictures: `render/demos/<module>.py` exposes `view(model)` for the model in `sim/<module>.py`.

The runner adds the title, progress and metrics around the picture; a demo
without a view module still runs, showing its numbers only.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from primer_cli.render.demo import View
    from primer_cli.sim.catalog import DemoInfo


def view_for(info: DemoInfo) -> View | None:
    """The `view` function drawing this demo's model, or None if it has none yet."""
    module_name = f"{__name__}.{info.model.partition(':')[0].rpartition('.')[2]}"
    if find_spec(module_name) is None:
        return None
    return cast("View", import_module(module_name).view)
