"""Dates and amounts as a citizen reads them (district_site/core/templatetags/khmer.py)."""

import re
from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from district_site.core.models import DistrictProfile
from district_site.core.templatetags.khmer import (
    citizen_date,
    citizen_datetime,
    iso_moment,
    readable_riel,
)

LATIN = DistrictProfile(digits=DistrictProfile.Digits.LATIN)
KHMER = DistrictProfile(digits=DistrictProfile.Digits.KHMER)


@pytest.fixture
def khmer():
    with translation.override("km"):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_a_date_on_a_khmer_page_has_the_khmer_month_and_khmer_digits(khmer):
    assert citizen_date(date(2026, 12, 2), KHMER) == "២ ធ្នូ ២០២៦"
    assert citizen_date(date(2026, 2, 14)) == "១៤ កុម្ភៈ ២០២៦"


def test_a_district_that_writes_latin_digits_keeps_the_khmer_month(khmer):
    assert citizen_date(date(2026, 7, 9), LATIN) == "9 កក្កដា 2026"


def test_english_pages_write_the_month_in_english_with_latin_digits_whatever_the_district(english):
    assert citizen_date(date(2026, 12, 2), KHMER) == "2 December 2026"


def test_an_open_data_version_reads_as_a_date_and_time_in_cambodia(khmer):
    """The versions are UTC ("...Z"); a citizen reads the time of day in Phnom Penh (UTC+7)."""
    assert citizen_datetime("2026-12-02T15:15:16Z", KHMER) == "២ ធ្នូ ២០២៦, ២២:១៥"
    assert "T" not in citizen_datetime("2026-12-02T15:15:16Z", LATIN)


def test_a_moment_just_before_midnight_utc_is_the_next_day_in_cambodia(english):
    moment = datetime(2026, 12, 31, 20, 0, tzinfo=UTC)

    assert citizen_datetime(moment) == "1 January 2027, 03:00"
    assert iso_moment(moment) == "2027-01-01T03:00:00+07:00"


def test_nothing_and_unreadable_text_give_an_empty_date(khmer):
    assert citizen_date(None) == ""
    assert citizen_datetime("empty") == ""


def test_large_amounts_read_in_millions_of_riel_in_khmer(khmer):
    assert readable_riel(2_477_000_000, KHMER) == "២,៤៧៧ លានរៀល"
    assert readable_riel(95_000_000, LATIN) == "95 លានរៀល"
    assert readable_riel(2_480_000, KHMER) == "២.៤៨ លានរៀល"
    assert readable_riel(50_000, KHMER) == "៥០,០០០ រៀល"


def test_large_amounts_read_in_billions_or_millions_in_english(english):
    assert readable_riel(2_477_000_000) == "2.48 billion riel"
    assert readable_riel(24_770_000_000) == "24.8 billion riel"
    assert readable_riel(95_000_000) == "95 million riel"
    assert readable_riel(0) == "0 riel"
    assert readable_riel(None) == ""


def test_the_filters_take_the_districts_profile_in_a_template(khmer):
    template = Template(
        "{% load khmer %}{{ when|citizen_date:profile }} · {{ amount|readable_riel:profile }}"
    )

    rendered = template.render(
        Context({"when": date(2026, 1, 5), "amount": 1_570_000_000, "profile": LATIN})
    )

    assert rendered == "5 មករា 2026 · 1,570 លានរៀល"


def _sent_on(client, code):
    page = client.get(f"/feedback/track/{code}/").content.decode()
    return page.split("</dt><dd>", 1)[1].split("</dd>", 1)[0]


def test_each_district_writes_dates_with_the_digits_it_chose_and_no_other(
    host_client, make_district
):
    """One district's choice of Latin digits never reaches another district's pages, cached or
    not."""
    from django_tenants.utils import tenant_context

    from district_site.core import actions
    from district_site.feedback.actions import receive_feedback

    latin, khmer = make_district(), make_district()
    codes = {}
    for district in (latin, khmer):
        with tenant_context(district):
            codes[district] = receive_feedback(category="service", message="ផ្លូវខូច").tracking_code
    with tenant_context(latin):
        actions.update_profile(actor=None, digits=DistrictProfile.Digits.LATIN)

    on_latin = _sent_on(host_client(latin.primary_domain), codes[latin])
    on_khmer = _sent_on(host_client(khmer.primary_domain), codes[khmer])

    month = r"(មករា|កុម្ភៈ|មីនា|មេសា|ឧសភា|មិថុនា|កក្កដា|សីហា|កញ្ញា|តុលា|វិច្ឆិកា|ធ្នូ)"
    assert re.fullmatch(rf"\d{{1,2}} {month} \d{{4}}", on_latin), on_latin
    assert re.fullmatch(rf"[០-៩]{{1,2}} {month} [០-៩]{{4}}", on_khmer), on_khmer
