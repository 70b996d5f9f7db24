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


ALIGN_STYLE = re.compile(r"^text-align:(left|center|right)$")
ALIGN_CLASSES = {"align-left", "align-center", "align-right"}


def _align_classes(state):
    """A table column's alignment as a class, not markdown-it's ``style="text-align:…"``:
    the Content-Security-Policy refuses every style attribute (static/srok.css has the rules)."""
    for token in state.tokens:
        style = token.attrGet("style") if token.type in ("th_open", "td_open") else None
        if style is None:
            continue
        del token.attrs["style"]
        match = ALIGN_STYLE.match(style)
        if match:
            token.attrSet("class", f"align-{match.group(1)}")


def _renderer():
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.core.ruler.push("srok_anchors", _anchors)
    md.core.ruler.push("srok_align_classes", _align_classes)
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
        attributes={"*": {"id"}, "a": {"href"}},
        allowed_classes={"th": ALIGN_CLASSES, "td": ALIGN_CLASSES},
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )


def render(language):
    """The manual's HTML for ``language``, rendered again only when the file changes."""
    return _render(language, MANUAL.stat().st_mtime_ns)
