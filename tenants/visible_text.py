"""Text that a person can see. Every form of both sites counts the *visible* characters of its
text fields, after Unicode normalisation (NFC): a message made only of zero-width spaces, a
byte-order mark, direction marks or blanks is no message at all, and is refused with a clear
message in the reader's language, as an empty field is.

Khmer text legitimately holds zero-width spaces (U+200B) between words and zero-width
(non-)joiners inside them; they are kept where they are. Only a value with nothing else in it
is refused.

Forms get this by listing ``VisibleTextMixin`` first among their bases:
``class FeedbackForm(VisibleTextMixin, forms.ModelForm)``. A test walks every form class of the
project and fails on one without it.
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Unicode categories that draw nothing: format characters (zero-width space and joiners, BOM,
# direction marks, soft hyphen), separators (spaces, line and paragraph separators), controls,
# private use and unassigned code points.
_INVISIBLE_CATEGORIES = {"Cf", "Zs", "Zl", "Zp", "Cc", "Co", "Cn"}
# Letters and symbols that are blank all the same: Hangul fillers, the blank braille pattern,
# Khmer's inherent vowels (U+17B4, U+17B5, which Unicode advises never to use), the Mongolian
# vowel separator.
_BLANK = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u17b4", "\u17b5", "\u180e"}

MESSAGE = _("Write some visible text: what was typed holds only spaces or invisible characters.")


def is_invisible(char):
    return char in _BLANK or unicodedata.category(char) in _INVISIBLE_CATEGORIES


def visible_length(text):
    """How many characters of ``text`` a reader sees, after NFC normalisation."""
    return sum(not is_invisible(char) for char in unicodedata.normalize("NFC", text or ""))


def validate_visible(value):
    """Refuse a non-empty text with nothing visible in it."""
    if isinstance(value, str) and value and not visible_length(value):
        raise ValidationError(MESSAGE, code="invisible")


def _is_text_field(field):
    # Passwords are compared byte for byte with what was set: never judged or changed.
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)


class VisibleTextMixin:
    """For every form: each text field refuses a value with no visible character. Added when
    the form is cleaned, so fields a form adds or replaces in its ``__init__`` are covered."""

    def full_clean(self):
        for field in self.fields.values():
            if _is_text_field(field) and validate_visible not in field.validators:
                field.validators.append(validate_visible)
        return super().full_clean()
