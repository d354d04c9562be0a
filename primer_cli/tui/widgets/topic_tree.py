"""The topics by category, in the primer's reading order, narrowed by a filter."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree

from primer_cli.topics.library import Library, normalize
from primer_cli.topics.schema import Topic

READ_MARK = "✓ "


def matches(topic: Topic, words: str) -> bool:
    """Every word of the filter appears in one of the topic's names (id, title, aliases)."""
    wanted = normalize(words).split()
    names = " | ".join(normalize(name) for name in topic.names)
    return all(word in names for word in wanted)


class TopicTree(Tree[str]):
    """Categories as branches, topics as leaves whose data is the topic id."""

    @dataclass
    class Filtered(Message):
        """The tree was rebuilt for `words` and its cursor is on the first match, if any."""

        words: str
        shown: int

    def __init__(self, library: Library, **options: Any) -> None:
        super().__init__("Topics", **options)
        self.library = library
        self.read: Collection[str] = ()
        self.show_root = False
        self.guide_depth = 2

    def on_mount(self) -> None:
        self.show_topics("")

    def show_topics(self, words: str) -> int:
        """Rebuild the tree with the topics matching `words`; returns how many match."""
        self.clear()
        shown = 0
        for category, topics in self.library.categories().items():
            chosen = [t for t in topics if matches(t, words)]
            if not chosen:
                continue
            branch = self.root.add(Text(category, style="bold"), expand=True)
            for topic in chosen:
                branch.add_leaf(self._label(topic), data=topic.id)
            shown += len(chosen)
        # Lines exist once laid out; moving the cursor to the same line as before the
        # rebuild would not say the node under it changed, so Filtered says it.
        self.call_after_refresh(self._select_first_topic, words, shown)
        return shown

    def mark_read(self, read: Collection[str]) -> None:
        """Tick the topics already read, without moving the cursor."""
        self.read = read
        for branch in self.root.children:
            for leaf in branch.children:
                if leaf.data is not None:
                    leaf.set_label(self._label(self.library.get(leaf.data)))

    def _label(self, topic: Topic) -> Text:
        mark = READ_MARK if topic.id in self.read else "  "
        return Text.assemble((mark, "green"), topic.title)

    def _select_first_topic(self, words: str, shown: int) -> None:
        first = next((branch.children[0] for branch in self.root.children if branch.children), None)
        if first is not None:
            self.move_cursor(first)
        self.post_message(self.Filtered(words, shown))
