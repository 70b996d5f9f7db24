"""The One Window Service Office's services: kept in the console, listed for citizens at
/services/ once published, with fees in riel."""

from django_tenants.utils import tenant_context

from district_site.revisions.models import Revision
from district_site.services.models import Service

from ..conftest import says

BIRTH = {
    "name_km": "សំបុត្រកំណើត",
    "name_en": "Birth certificate",
    "office_km": "ការិយាល័យច្រកចេញចូលតែមួយ",
    "office_en": "One Window Service Office",
    "fee_riel": "៥០ ០០០ ៛",
    "processing_time_km": "៣ ថ្ងៃ",
    "processing_time_en": "3 days",
    "documents_km": "សៀវភៅគ្រួសារ\nអត្តសញ្ញាណប័ណ្ណឪពុកម្តាយ",
    "documents_en": "Family book\nParents' identity cards",
    "notes_km": "",
    "notes_en": "",
    "position": "0",
}


def _services(district):
    with tenant_context(district):
        return list(Service.objects.all())


def test_an_editor_adds_a_service_a_publisher_publishes_and_citizens_see_it(
    officer, host_client, make_district
):
    district = make_district()
    editor = officer(district, "editor")

    response = editor.post("/manage/services/new/", BIRTH, follow=True)

    assert says(response, "Saved as a draft. Citizens will see it once a publisher publishes it.")
    [service] = _services(district)
    assert service.fee_riel == 50_000 and not service.is_published
    citizen = host_client(district.primary_domain)
    assert "Birth certificate" not in citizen.get("/en/services/").content.decode()
    assert editor.post(f"/manage/services/{service.pk}/publish/").status_code == 403

    officer(district, "publisher").post(f"/manage/services/{service.pk}/publish/")

    english = citizen.get("/en/services/").content.decode()
    assert "Birth certificate" in english and "50,000" in english
    assert "<li>Parents&#x27; identity cards</li>" in english
    assert "សំបុត្រកំណើត" in citizen.get("/services/").content.decode()


def test_a_fee_that_is_not_a_number_of_riel_is_refused_and_nothing_saved(officer, make_district):
    district = make_district()
    publisher = officer(district, "publisher")

    response = publisher.post(
        "/manage/services/new/", {**BIRTH, "fee_riel": "about 5 dollars", "name_km": ""}
    )

    assert response.status_code == 200
    assert says(
        response,
        "Write the fee as a whole number of riel, such as 50000, without other words. Write 0 "
        "if the service is free.",
    )
    assert says(response, "Write the name of the service in Khmer.")
    assert _services(district) == []


def test_edits_are_kept_as_revisions_and_deleting_is_for_publishers(
    officer, host_client, make_district
):
    district = make_district()
    publisher = officer(district, "publisher")
    publisher.post("/manage/services/new/", BIRTH)
    [service] = _services(district)
    publisher.post(f"/manage/services/{service.pk}/", {**BIRTH, "fee_riel": "60000"})
    editor = officer(district, "editor")

    assert editor.post(f"/manage/services/{service.pk}/delete/").status_code == 403
    assert publisher.post(f"/manage/services/{service.pk}/delete/").status_code == 302

    assert _services(district) == []
    with tenant_context(district):
        actions = list(
            Revision.objects.filter(content_type__model="service").values_list("action", flat=True)
        )
        edit = Revision.objects.get(content_type__model="service", action="edited")
    assert actions == ["deleted", "edited", "created"]
    assert edit.changes == [{"field": "fee_riel", "old": 50000, "new": 60000}]
    log = officer(district, "district_admin").get("/manage/revisions/").content.decode()
    assert "សំបុត្រកំណើត" in log
