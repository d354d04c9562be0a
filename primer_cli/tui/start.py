"""Where the app opens: checked by the command line before Textual is imported."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Start:
    """One place to open at start-up; all None is the home screen.

    `quiz_topic` is "" for a quiz on every topic, a topic id for one topic,
    and None for no quiz. `still` pauses every animation (snapshot tests).
    """

    topic: str | None = None
    demo: str | None = None
    quiz_topic: str | None = None
    still: bool = False
