"""Khmer first: every text an officer types is stored in Khmer (required) and English
(optional), and the English site shows the Khmer text where the English is missing."""

from django.utils import translation


def in_language(km, en):
    """``en`` on the English site when there is one, else ``km``."""
    return en if translation.get_language() == "en" and en else km


def bilingual(name):
    """A read-only property giving ``<name>_km`` or ``<name>_en`` in the reader's language:
    ``title = bilingual("title")``."""

    def read(instance):
        return in_language(getattr(instance, f"{name}_km"), getattr(instance, f"{name}_en"))

    read.__name__ = name
    read.__doc__ = f"``{name}_km`` or ``{name}_en``, in the reader's language."
    return property(read)
