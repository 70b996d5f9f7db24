"""The feedback inbox as officers read it: in Khmer down to how long a message has waited, the
commune by its name, and no button for what is already done."""

from datetime import timedelta

from django.utils import timezone, translation
from django_tenants.utils import schema_context

from district_site.feedback import actions
from district_site.feedback.models import Feedback
from tenants.gazetteer import communes_of


def _received(district, minutes=0, **fields):
    with schema_context(district.schema_name):
        feedback = actions.receive_feedback(
            category="service", message="ផ្លូវទៅមណ្ឌលសុខភាពខូច", **fields
        )
        Feedback.objects.filter(pk=feedback.pk).update(
            created_at=timezone.now() - timedelta(minutes=minutes)
        )
        return feedback


def test_how_long_the_oldest_message_waited_reads_in_khmer(officer, make_district):
    """ "… 4 minutes" was English in the Khmer inbox: Django's time words are translated."""
    district = make_district()
    _received(district, minutes=4)
    with translation.override("km"):
        khmer_minutes = translation.ngettext("%(num)d minute", "%(num)d minutes", 4) % {"num": 4}

    body = officer(district, "editor").get("/manage/feedback/").content.decode()

    assert "minute" not in body
    assert khmer_minutes in body.replace("\xa0", " ")


def test_the_commune_is_shown_by_its_name(officer, make_district):
    district = make_district()
    code, name_km, _latin = communes_of(district.code)[0]
    feedback = _received(district, commune_code=code)

    body = officer(district, "editor").get(f"/manage/feedback/{feedback.pk}/").content.decode()

    assert name_km in body and code not in body


def test_assign_to_me_goes_once_the_message_is_the_officers(officer, make_district):
    district = make_district()
    feedback = _received(district)
    editor = officer(district, "editor")
    button = f'action="/manage/feedback/{feedback.pk}/assign/"'

    before = editor.get(f"/manage/feedback/{feedback.pk}/").content.decode()
    editor.post(f"/manage/feedback/{feedback.pk}/assign/")
    after = editor.get(f"/manage/feedback/{feedback.pk}/").content.decode()
    colleague = officer(district, "publisher").get(f"/manage/feedback/{feedback.pk}/")

    assert button in before and button not in after
    assert button in colleague.content.decode()  # a colleague may still take it over
