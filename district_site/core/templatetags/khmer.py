"""Dates and amounts as a citizen reads them: Khmer month names and the district's choice of
digits on Khmer pages, English words on English pages, and large riel amounts rounded into
words ("២,៤៧៧ លានរៀល", "2.48 billion riel") to stand beside the exact figure.

Each filter takes the district's profile (``profile`` in every district page's context) as its
argument, for its digits setting; without one, Khmer pages use Khmer digits. The language is
the active one. Data files and ``datetime=`` attributes keep Latin digits and ISO forms."""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language

register = template.Library()

KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")

# The months of the solar calendar as the Ministry of Education's spelling has them.
KHMER_MONTHS = (
    "មករា",
    "កុម្ភៈ",
    "មីនា",
    "មេសា",
    "ឧសភា",
    "មិថុនា",
    "កក្កដា",
    "សីហា",
    "កញ្ញា",
    "តុលា",
    "វិច្ឆិកា",
    "ធ្នូ",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _khmer_page():
    return get_language() != "en"


def _uses_khmer_digits(profile):
    return _khmer_page() and getattr(profile, "digits", "khmer") != "latin"


def with_digits(text, profile=None):
    """``text`` with Khmer digits where the page is Khmer and the district writes them so."""
    text = str(text)
    return text.translate(KHMER_DIGITS) if _uses_khmer_digits(profile) else text


def _as_datetime(value):
    """A date, an aware date-time, or an ISO text such as "2026-12-02T15:15:16Z" (the open
    data versions); None for anything else."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if isinstance(value, datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    return None


@register.filter
def citizen_date(value, profile=None):
    """ "២ ធ្នូ ២០២៦" on Khmer pages, "2 December 2026" on English ones; "" for nothing."""
    value = _as_datetime(value)
    if value is None:
        return ""
    if _khmer_page():
        text = f"{value.day} {KHMER_MONTHS[value.month - 1]} {value.year}"
    else:
        text = f"{value.day} {ENGLISH_MONTHS[value.month - 1]} {value.year}"
    return with_digits(text, profile)


@register.filter
def citizen_datetime(value, profile=None):
    """The date and the time of day in Cambodia on a 24-hour clock: "២ ធ្នូ ២០២៦, ២២:១៥"."""
    moment = _as_datetime(value)
    if moment is None:
        return ""
    if not isinstance(moment, datetime):
        return citizen_date(moment, profile)
    return f"{citizen_date(moment, profile)}, {with_digits(f'{moment:%H:%M}', profile)}"


@register.filter
def iso_moment(value):
    """The machine-readable form for a <time datetime=...> attribute."""
    moment = _as_datetime(value)
    if isinstance(moment, datetime):
        return moment.isoformat(timespec="seconds")
    return moment.isoformat() if moment else ""


def _three_figures(number):
    """2.477 -> "2.48", 24.77 -> "24.8", 247.7 -> "248": three significant figures."""
    size = abs(number)
    decimals = 2 if size < 10 else 1 if size < 100 else 0
    return f"{number:,.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{number:,.0f}"


@register.filter
def readable_riel(amount, profile=None):
    """A large amount rounded to words a reader takes in at a glance: in Khmer in millions
    of riel as Cambodian budgets are spoken of ("២,៤៧៧ លានរៀល"), in English in millions or
    billions ("2.48 billion riel"). Below a million the exact amount is short enough."""
    if amount is None or amount == "":
        return ""
    amount = int(amount)
    if _khmer_page():
        if abs(amount) >= 1_000_000:
            millions = amount / 1_000_000
            figure = _three_figures(millions) if abs(millions) < 100 else f"{round(millions):,}"
            text = f"{figure} លានរៀល"
        else:
            text = f"{amount:,} រៀល"
        return with_digits(text, profile)
    if abs(amount) >= 1_000_000_000:
        return f"{_three_figures(amount / 1_000_000_000)} billion riel"
    if abs(amount) >= 1_000_000:
        return f"{_three_figures(amount / 1_000_000)} million riel"
    return f"{amount:,} riel"


@register.filter
def digits(value, profile=None):
    """A number or text with the digits of the page: see ``with_digits``."""
    return with_digits(value, profile)
