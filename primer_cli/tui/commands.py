"""The command palette (Ctrl-P): topics, demos and places, found by fuzzy name."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from primer_cli.tui.app import PrimerApp

Entry = tuple[str, Callable[[], object], str]  # what is shown, what it does, help


class PrimerCommands(Provider):
    """Every topic ("Read …"), every demo ("Watch …") and every screen, by name."""

    def _entries(self) -> Iterator[Entry]:
        from primer_cli.sim.catalog import DEMOS
        from primer_cli.topics.store import library

        app = cast("PrimerApp", self.app)
        yield "Quiz: every topic", partial(app.open_quiz, None), "Ten questions, due and new"
        yield "Review due cards", app.open_review, "What spaced repetition says is due"
        yield "Estimate a system", app.open_estimate, "Traffic, storage, bandwidth, cache, servers"
        yield "Progress", app.open_progress, "Mastery by category and topic"
        yield "Demos", app.open_demos, "Every simulation"
        for info in DEMOS:
            yield (
                f"Watch: {info.title} ({info.name})",
                partial(app.open_demo, info.name),
                info.description,
            )
        for topic in library():
            yield f"Read: {topic.title}", partial(app.open_topic, topic.id), topic.category
            yield f"Quiz: {topic.title}", partial(app.open_quiz, {topic.id}), topic.category

    async def discover(self) -> Hits:
        for text, action, help_text in self._entries():
            if not text.startswith(("Read:", "Quiz: ", "Watch:")) or text == "Quiz: every topic":
                yield DiscoveryHit(text, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action, help_text in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), action, text=text, help=help_text)
