"""The officer manual (docs/officer-manual.md) served inside the console, in the officer's
language. The file holds both languages: the section under "## English" and the one under
"## ខ្មែរ". Headings may end with ``{#id}`` so that each screen's help panel links to its part.

Rendered with markdown-it-py (CommonMark, raw HTML off) and sanitised again with nh3: the
manual is ours, but what reaches officers' browsers is whatever the file holds when deployed."""

import re
from functools import lru_cache
from pathlib import Path

import nh3
from django.conf import settings
from markdown_it import MarkdownIt

MANUAL = Path(settings.BASE_DIR) / "docs" / "officer-manual.md"
SECTIONS = {"en": "## English", "km": "## ខ្មែរ"}
ANCHOR = re.compile(r"\s*\{#([a-z0-9-]+)\}\s*$")
TAGS = {
    "h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "code", "pre", "a",
    "table", "thead", "tbody", "tr", "th", "td", "blockquote", "hr", "br",
}  # fmt: skip


def _anchors(state):
    """``### Officers {#officers}`` → <h3 id="officers">Officers</h3>."""
    tokens = state.tokens
    for opening, inline in zip(tokens, tokens[1:], strict=False):
        if opening.type != "heading_open" or inline.type != "inline":
            continue
        match = ANCHOR.search(inline.content)
        if match:
            opening.attrSet("id", match.group(1))
            inline.content = inline.content[: match.start()]
            last = inline.children[-1] if inline.children else None
            if last is not None and last.type == "text":
                last.content = ANCHOR.sub("", last.content)


def _renderer():
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.core.ruler.push("srok_anchors", _anchors)
    return md


def section(text, language):
    """The part of the manual in ``language`` (Khmer when the language has none)."""
    heading = SECTIONS.get(language, SECTIONS["km"])
    text = "\n" + text
    start = text.find(f"\n{heading}\n")
    if start < 0:
        return text
    body = text[start + len(heading) + 2 :]
    for other in SECTIONS.values():
        end = body.find(f"\n{other}\n")
        if end >= 0:
            body = body[:end]
    return body


@lru_cache(maxsize=4)
def _render(language, mtime):
    html = _renderer().render(section(MANUAL.read_text(encoding="utf-8"), language))
    return nh3.clean(
        html,
        tags=TAGS,
        attributes={"*": {"id"}, "a": {"href"}, "th": {"style"}, "td": {"style"}},
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )


def render(language):
    """The manual's HTML for ``language``, rendered again only when the file changes."""
    return _render(language, MANUAL.stat().st_mtime_ns)
