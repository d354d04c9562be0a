"""Markdown for topic pages, with a light code highlighter instead of Pygments.

Rich highlights fenced code with Pygments, whose lexers compile their regular
expressions on first use: the Python lexer alone added about 36 ms to
`primer learn sharding` (185 ms against 149 ms for a topic without code). Topic
code is a few illustrative lines, so one small pattern for comments, strings,
numbers and common keywords reads as well and costs about a millisecond.
"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import CodeBlock, Markdown, MarkdownElement
from rich.padding import Padding
from rich.text import Text

BACKGROUND = "on #272822"  # Monokai, the theme Rich uses for code by default
STYLES = {
    "comment": "#75715e",
    "string": "#e6db74",
    "number": "#ae81ff",
    "keyword": "bold #f92672",
}
KEYWORD_GROUPS = (
    "def return if elif else for while in not and or is None True False import from class "
    "with as try except finally raise lambda yield async await pass break continue",  # Python
    "SELECT FROM WHERE JOIN LEFT INNER ON INSERT INTO UPDATE SET DELETE CREATE TABLE INDEX "
    "GROUP BY ORDER LIMIT AND OR NOT NULL VALUES PRIMARY KEY UNIQUE EXPLAIN",  # SQL, in capitals
    "GET POST PUT PATCH HEAD OPTIONS",  # HTTP
)
KEYWORDS = [word for group in KEYWORD_GROUPS for word in group.split()]
TOKEN = re.compile(
    r"(?P<comment>(?:#|--|//)[^\n]*)"
    r"|(?P<string>\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')"
    r"|(?P<number>\b\d+(?:\.\d+)?\b)"
    rf"|(?P<keyword>\b(?:{'|'.join(KEYWORDS)})\b)"
)
PLAIN = {"", "text", "console", "plain"}  # diagrams and transcripts: no colours


def highlight(code: str, language: str) -> Text:
    text = Text(code)
    if language.lower() in PLAIN:
        return text
    for match in TOKEN.finditer(code):
        kind = match.lastgroup
        if kind is not None:
            text.stylize(STYLES[kind], match.start(), match.end())
    return text


class LightCodeBlock(CodeBlock):
    """A fenced block drawn like Rich's, without loading a Pygments lexer."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        code = str(self.text).rstrip()
        yield Padding(highlight(code, self.lexer_name), (1, 2), style=BACKGROUND, expand=True)


class TopicMarkdown(Markdown):
    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **Markdown.elements,
        "fence": LightCodeBlock,
        "code_block": LightCodeBlock,
    }
