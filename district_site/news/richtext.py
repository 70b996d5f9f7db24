"""Officers' rich text: a small safe subset of HTML, cleaned by nh3 (Rust's ammonia).

Officers mostly type plain text; that becomes paragraphs. Pasted HTML keeps only what a news
post needs; scripts, styles, event handlers and javascript: links never survive."""

import re

import nh3
from django.utils.html import linebreaks

TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# What is worth telling the officer about: the rest (a <div>, a <span>) is removed quietly.
_UNSAFE = re.compile(
    r"<\s*(script|style|iframe|object|embed|form)\b|\son[a-z]+\s*=|javascript\s*:", re.IGNORECASE
)


def sanitize(text):
    text = (text or "").strip()
    if not text:
        return ""
    if "<" not in text:
        text = linebreaks(text, autoescape=True)
    return nh3.clean(
        text,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style"},
        link_rel="noopener noreferrer",
    )


def has_unsafe_parts(text):
    return bool(_UNSAFE.search(text or ""))
