"""Per-demo pictures: each catalog entry names the `view(state)` that draws its model's state.

The runner adds the title, progress and measures around the picture; a demo
without a view still runs, showing its numbers only.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from primer_cli.render.demo import View
    from primer_cli.sim.catalog import DemoInfo


def view_for(info: DemoInfo) -> View[Any] | None:
    """The view the catalog names for this demo ("module:function"), or None if it names none.

    The catalog pairs a model with its view by name, so only that pair knows the
    state type between them; each view module types it (`view(state: CacheState)`).
    """
    if not info.view:
        return None
    module_name, _, function = info.view.partition(":")
    return cast("View[Any]", getattr(import_module(module_name), function))
