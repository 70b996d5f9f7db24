"""Officers' rich text: a small safe subset of HTML, cleaned by nh3 (Rust's ammonia).

The console's body fields are edited with Trix (``RichTextarea``, served from static/vendor/trix),
which writes headings, paragraphs, lists, links, bold, italics and photos from the district's
own library. Whatever reaches the server, from the editor, a browser without JavaScript or a
crafted request, passes ``sanitize``: nh3 keeps only the allow-list below, and an image only when
it is one of this district's own media files (a relative ``/media/`` address: the district's
host, the media view deciding who may fetch it). Scripts, styles, event handlers and javascript:
links never survive.

Without JavaScript the same field is a plain textarea: stored HTML is shown as plain paragraphs
(``to_plain``), and plain text typed there becomes paragraphs again, as it always has."""

import html
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import nh3
from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils.html import linebreaks, strip_tags
from django.utils.translation import gettext_lazy as _

from tenants.visible_text import visible_length

TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "img",
}
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# A photo of the district's own library: a copy the photo task made, under the media view.
_OWN_MEDIA = re.compile(r"^/media/(?!.*\.\.)[A-Za-z0-9_\-./]+\.(?:jpg|jpeg|png|webp)$")
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)")

# What is worth telling the officer about: the rest (a <div>, a <span>) is removed quietly.
_UNSAFE = re.compile(
    r"<\s*(script|style|iframe|object|embed|form)\b|\son[a-z]+\s*=|javascript\s*:", re.IGNORECASE
)


def _keep_attribute(tag, attribute, value):
    if tag == "img" and attribute == "src":
        return value if _OWN_MEDIA.match(value) else None
    return value


def sanitize(text):
    text = (text or "").strip()
    if not text:
        return ""
    if "<" not in text:
        text = linebreaks(text, autoescape=True)
    cleaned = nh3.clean(
        text,
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style"},
        link_rel="noopener noreferrer",
    )
    # An image from elsewhere lost its address above: nothing is left to show. One from the
    # library gets an empty alt (decorative) when the editor gave none, so readers of screen
    # readers are not read its file name.
    cleaned = _IMG_WITHOUT_SRC.sub("", cleaned)
    return _IMG_WITHOUT_ALT.sub('<img alt=""', cleaned)


def has_unsafe_parts(text):
    return bool(_UNSAFE.search(text or ""))


def is_blank(text):
    """Whether the cleaned ``text`` shows a reader nothing: only tags, spaces, entities such as
    &nbsp; or invisible characters. A photo alone is something to see."""
    if "<img" in (text or ""):
        return False
    return not visible_length(html.unescape(strip_tags(text or "")))


HELP = _(
    "Use the buttons above the box for headings, lists, bold text, links and photos from the "
    "district's library. Without them, type plain text: an empty line starts a new paragraph."
)

# What the gate keeps and the editor writes: the sign that a value is rich text, not plain.
_MARKUP = re.compile(r"</?(?:p|br|h[1-6]|ul|ol|li|strong|em|b|i|a|img|blockquote|div)\b", re.I)
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "figure"}


class _PlainText(HTMLParser):
    """HTML as a reader sees it, in plain text: each block a paragraph (an empty line between),
    each list item a line starting with a bullet, line breaks kept, tags and comments gone."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def _break(self, lines):
        self.parts.append("\n" * lines)

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self._break(2)
        elif tag == "li":
            self._break(1)
            self.parts.append("• ")
        elif tag == "br":
            self._break(1)

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self._break(2)

    def handle_data(self, data):
        self.parts.append(data)

    def text(self):
        joined = "".join(self.parts)
        lines = [line.strip() for line in joined.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def to_plain(text):
    """``text`` (stored rich text, or plain text) as plain paragraphs: what the textarea shows
    without JavaScript, and what the change history shows."""
    text = text or ""
    if not _MARKUP.search(text):
        # Plain text as typed: a "<" in it (a title such as "x < 5") is the reader's to see.
        return text.strip()
    parser = _PlainText()
    parser.feed(text)
    parser.close()
    return parser.text()


def _same_text(a, b):
    return re.sub(r"\s+", " ", a).strip() == re.sub(r"\s+", " ", b).strip()


class RichTextarea(forms.Textarea):
    """Every rich body field of the console: a textarea that works with no JavaScript, upgraded
    to the Trix editor where script runs (static/richtext.js).

    The textarea shows the stored text as plain paragraphs; the editor gets the stored HTML
    (``<name>__stored``) and sends HTML back with ``<name>__format=html``. Without that marker
    the value is what the officer typed, which ``sanitize`` makes paragraphs; when it is the
    stored text unchanged (the officer, without JavaScript, changed another field), the stored
    HTML is kept, so headings, links and photos are not lost by saving the title."""

    template_name = "core/widgets/richtext.html"

    class Media:
        js = ["vendor/trix/trix.umd.min.js", "richtext.js"]
        css = {"all": ["richtext.css"]}

    def __init__(self, attrs=None):
        super().__init__({"rows": 10, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        stored = value or ""
        context["widget"]["value"] = to_plain(stored)
        context["widget"]["html"] = stored if "<" in stored else linebreaks(stored, autoescape=True)
        try:
            context["widget"]["photos_url"] = reverse("manage:richtext_photos")
        except NoReverseMatch:  # outside a district's console (the platform's pages)
            context["widget"]["photos_url"] = ""
        return context

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if value is None:
            return None
        if data.get(f"{name}__format") == "html":
            return value
        stored = data.get(f"{name}__stored", "")
        if stored and _same_text(to_plain(stored), value):
            return stored
        # Plain text: ``sanitize`` makes it paragraphs (HTML pasted here is judged as ever).
        return value


def library_photos(limit=60):
    """The district's photo library, as the editor's chooser lists it: every photo citizens can
    already see (the media view's own rule, district_site.core.media_access), newest first, so a
    photo placed in a text shows to whoever reads that text. [{src, thumb, label}]."""
    from django.core.files.storage import default_storage

    from . import media_access
    from . import photos as images

    found = []
    for files in media_access.declarations():
        if not files.renditions:
            continue
        rows = files.public(files.model._default_manager.all()).exclude(**{files.field: {}})
        for row in rows.order_by("-pk")[:limit]:
            renditions = getattr(row, files.field) or {}
            sizes = images.by_width(renditions)
            if not sizes:
                continue
            parent = row.photo_parent() if hasattr(row, "photo_parent") else row
            found.append(
                {
                    "src": images.src(renditions),
                    "thumb": default_storage.url(sizes[0][1]),
                    "label": str(parent)[:80],
                    # Rows without a date (a portrait, the district's photo) come last.
                    "order": getattr(row, "created_at", None) or datetime.min.replace(tzinfo=UTC),
                }
            )
    found.sort(key=lambda photo: photo["order"], reverse=True)
    return [{k: v for k, v in photo.items() if k != "order"} for photo in found[:limit]]
