"""Officers put PDFs in the district's library; citizens find them by kind and year. Bad files
are refused with a message saying what to fix, and a refused save stores nothing: no row, no
file. One district's documents never show on another's host."""

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from district_site.documents.demo import minimal_pdf
from district_site.documents.models import Document
from district_site.revisions.models import Revision

from ..conftest import says, upload

DOCUMENT = {
    "category": "budget",
    "year": "2026",
    "title_km": "ផែនការថវិកាឆ្នាំ ២០២៦",
    "title_en": "Budget plan 2026",
}


def _pdf(text="Budget plan 2026", name="budget.pdf"):
    return SimpleUploadedFile(name, minimal_pdf(text), "application/pdf")


def _documents(district):
    with tenant_context(district):
        return list(Document.objects.all())


def _stored_files(district, folder="documents"):
    with tenant_context(district):
        if not default_storage.exists(folder):
            return []
        return default_storage.listdir(folder)[1]


def _published(officer, district, **changes):
    publisher = officer(district, "publisher")
    publisher.post("/manage/documents/new/", {**DOCUMENT, **changes, "pdf": _pdf()})
    document = _documents(district)[-1]
    publisher.post(f"/manage/documents/{document.pk}/publish/")
    return document


def test_an_editor_adds_a_draft_that_only_a_publisher_can_publish(
    officer, host_client, make_district
):
    district = make_district()
    editor = officer(district, "editor")

    response = editor.post("/manage/documents/new/", {**DOCUMENT, "pdf": _pdf()}, follow=True)

    assert says(response, "Saved as a draft. Citizens will see it once a publisher publishes it.")
    [document] = _documents(district)
    assert not document.is_published and document.file.startswith("documents/")
    assert document.file.endswith(".pdf") and "budget" not in document.file
    citizen = host_client(district.primary_domain)
    assert "ផែនការថវិកា" not in citizen.get("/documents/").content.decode()
    assert editor.post(f"/manage/documents/{document.pk}/publish/").status_code == 403
    assert not _documents(district)[0].is_published

    officer(district, "publisher").post(f"/manage/documents/{document.pk}/publish/")

    page = citizen.get("/documents/").content.decode()
    assert "ផែនការថវិកា" in page and f'href="/media/{document.file}"' in page
    assert "Budget plan 2026" in citizen.get("/en/documents/").content.decode()
    download = citizen.get(f"/media/{document.file}")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_the_download_link_shows_the_type_and_size(officer, host_client, make_district):
    district = make_district()
    document = _published(officer, district)

    page = host_client(district.primary_domain).get("/en/documents/").content.decode()

    assert f"PDF, {document.size_display}" in page and document.size_display.endswith(" KB")


def test_every_change_is_a_revision_and_replacing_the_pdf_keeps_the_old_one(officer, make_district):
    district = make_district()
    document = _published(officer, district)
    publisher = officer(district, "publisher")
    old_file = document.file

    publisher.post(
        f"/manage/documents/{document.pk}/",
        {**DOCUMENT, "title_en": "Budget 2026 (approved)", "pdf": _pdf("Approved")},
    )

    [document] = _documents(district)
    assert document.title_en == "Budget 2026 (approved)" and document.file != old_file
    with tenant_context(district):
        revisions = Revision.objects.filter(object_repr=document.title_km).order_by("pk")
        assert [r.action for r in revisions] == ["created", "published", "edited"]
        edit = revisions.last()
        assert {change["field"] for change in edit.changes} >= {"title_en", "file"}
    assert len(_stored_files(district)) == 2


def test_an_editors_change_to_a_published_document_waits_for_a_publisher(
    officer, host_client, make_district
):
    district = make_district()
    document = _published(officer, district)

    response = officer(district, "editor").post(
        f"/manage/documents/{document.pk}/", {**DOCUMENT, "title_km": "ចំណងជើងថ្មី"}, follow=True
    )

    assert says(
        response,
        "Your changes are saved as a draft. A publisher or the district administrator must "
        "publish them before citizens see them.",
    )
    assert _documents(district)[0].title_km == DOCUMENT["title_km"]


def test_citizens_filter_by_kind_and_year_without_javascript(officer, host_client, make_district):
    district = make_district()
    _published(officer, district)
    _published(officer, district, category="reports", year="2025", title_km="របាយការណ៍ ២០២៥")
    citizen = host_client(district.primary_domain)

    reports = citizen.get("/documents/", {"category": "reports"}).content.decode()
    of_2026 = citizen.get("/documents/", {"year": "2026"}).content.decode()
    nonsense = citizen.get("/documents/", {"category": "x", "year": "abc"}).content.decode()

    assert "របាយការណ៍ ២០២៥" in reports and "ផែនការថវិកា" not in reports
    assert "ផែនការថវិកា" in of_2026 and "របាយការណ៍ ២០២៥" not in of_2026
    assert "របាយការណ៍ ២០២៥" in nonsense and "ផែនការថវិកា" in nonsense
    assert '<option value="reports" selected>' in reports


def test_withdrawing_a_document_takes_it_off_the_site(officer, host_client, make_district):
    district = make_district()
    document = _published(officer, district)

    officer(district, "publisher").post(f"/manage/documents/{document.pk}/withdraw/")

    assert (
        "ផែនការថវិកា" not in host_client(district.primary_domain).get("/documents/").content.decode()
    )


def test_an_oversized_pdf_is_refused_and_nothing_is_stored(officer, make_district, settings):
    settings.SROK_PDF_MAX_BYTES = 100 * 1024
    district = make_district()
    big = minimal_pdf("Big").replace(b"%PDF-1.4\n", b"%PDF-1.4\n%" + b"x" * 300_000 + b"\n")

    response = officer(district, "publisher").post(
        "/manage/documents/new/", {**DOCUMENT, "pdf": upload(big, "big.pdf", "application/pdf")}
    )

    assert response.status_code == 200
    assert says(response, "Some fields need fixing. Each one says what to change.")
    assert "0.3 MB" in response.content.decode()
    assert _documents(district) == [] and _stored_files(district) == []


def test_a_php_file_named_pdf_is_refused_by_its_content_and_nothing_is_stored(
    officer, make_district
):
    district = make_district()
    disguised = upload(b"<?php system($_GET['c']); ?>", "budget.pdf", "application/pdf")

    response = officer(district, "publisher").post(
        "/manage/documents/new/", {**DOCUMENT, "pdf": disguised}
    )

    assert says(
        response,
        "This file is not a PDF we can use. Choose a PDF file, such as one saved from Word or "
        "made by a scanner.",
    )
    assert _documents(district) == [] and _stored_files(district) == []


def test_a_pdf_with_javascript_is_refused_and_nothing_is_stored(officer, make_district):
    district = make_district()
    scripted = minimal_pdf("Plan").replace(
        b"/Pages 2 0 R >>", b"/Pages 2 0 R /OpenAction << /S /JavaScript /JS (x) >> >>", 1
    )

    response = officer(district, "publisher").post(
        "/manage/documents/new/",
        {**DOCUMENT, "pdf": upload(scripted, "plan.pdf", "application/pdf")},
    )

    assert says(
        response,
        "This PDF contains scripts or actions that run when it is opened. Save it again as a "
        "plain PDF (for example with “Print to PDF”) and choose that copy.",
    )
    assert _documents(district) == [] and _stored_files(district) == []


def test_a_bad_replacement_leaves_the_document_and_its_file_unchanged(officer, make_district):
    district = make_district()
    document = _published(officer, district)

    response = officer(district, "publisher").post(
        f"/manage/documents/{document.pk}/",
        {**DOCUMENT, "title_km": "ថ្មី", "pdf": upload(b"not a pdf", "x.pdf", "application/pdf")},
    )

    assert response.status_code == 200
    [after] = _documents(district)
    assert (after.title_km, after.file) == (DOCUMENT["title_km"], document.file)
    assert _stored_files(district) == [document.file.split("/")[-1]]


def test_missing_fields_say_what_to_write(officer, make_district):
    district = make_district()

    response = officer(district, "editor").post(
        "/manage/documents/new/", {"category": "", "year": "26", "title_km": ""}
    )

    assert says(response, "Write the title in Khmer.")
    assert says(response, "Choose what kind of document this is.")
    assert says(response, "Write the year with four digits, such as 2026.")
    assert says(response, "Choose the PDF file to publish.")
    assert _documents(district) == []


def test_another_districts_host_never_shows_or_serves_a_districts_documents(
    officer, host_client, make_district
):
    district_a, district_b = make_district(), make_district()
    document = _published(officer, district_a)
    on_b = host_client(district_b.primary_domain)

    assert "ផែនការថវិកា" not in on_b.get("/documents/").content.decode()
    assert on_b.get(f"/media/{document.file}").status_code == 404
    assert host_client(district_a.primary_domain).get(f"/media/{document.file}").status_code == 200
    b_publisher = officer(district_b, "publisher")
    assert b_publisher.get(f"/manage/documents/{document.pk}/").status_code == 404
    assert "ផែនការថវិកា" not in b_publisher.get("/manage/documents/").content.decode()


def test_published_documents_are_counted_searchable_and_in_the_sitemap(
    officer, host_client, make_district
):
    from district_site.core.contributions import snapshot_figures

    district = make_district()
    _published(officer, district)
    officer(district, "editor").post("/manage/documents/new/", {**DOCUMENT, "pdf": _pdf()})
    citizen = host_client(district.primary_domain)

    with tenant_context(district):
        assert snapshot_figures()["documents_published"] == 1
    assert "/documents/#document-" in citizen.get("/en/search/", {"q": "budget"}).content.decode()
    assert "/documents/</loc>" in citizen.get("/sitemap.xml").content.decode()


def test_the_demo_gives_a_district_valid_published_pdfs_once(make_district):
    from district_site.core import pdfs
    from district_site.documents.demo import seed as seed_demo_documents

    district = make_district()
    seed_demo_documents(district)
    seed_demo_documents(district)

    documents = _documents(district)
    assert len(documents) == 4 and all(document.is_published for document in documents)
    with tenant_context(district):
        with default_storage.open(documents[0].file) as stored:
            assert pdfs.check_pdf(upload(stored.read(), "x.pdf")) == documents[0].file_size


def test_a_withdrawn_document_leaves_search_and_the_sitemap_and_stays_in_history(
    officer, host_client, make_district
):
    district = make_district()
    document = _published(officer, district, title_en="Withdrawn plan")
    citizen = host_client(district.primary_domain)
    assert (
        f"#document-{document.pk}"
        in citizen.get("/en/search/", {"q": "withdrawn"}).content.decode()
    )

    officer(district, "publisher").post(f"/manage/documents/{document.pk}/withdraw/")

    assert (
        f"#document-{document.pk}"
        not in citizen.get("/en/search/", {"q": "withdrawn"}).content.decode()
    )
    assert "/documents/</loc>" not in citizen.get("/sitemap.xml").content.decode()
    assert citizen.get(f"/media/{document.file}").status_code == 404
    with tenant_context(district):
        assert Revision.objects.filter(
            content_type__model="document", object_id=document.pk, action="unpublished"
        ).exists()


def test_deleting_a_document_asks_first_and_removes_its_pdfs_with_a_revision(
    officer, make_district
):
    district = make_district()
    document = _published(officer, district)
    publisher = officer(district, "publisher")
    publisher.post(f"/manage/documents/{document.pk}/", {**DOCUMENT, "pdf": _pdf("v2", "v2.pdf")})
    assert len(_stored_files(district)) == 2
    editor = officer(district, "editor")

    assert editor.post(f"/manage/documents/{document.pk}/delete/").status_code == 403
    asked = publisher.get(f"/manage/documents/{document.pk}/delete/")
    assert says(asked, "Delete for good") and _documents(district)
    done = publisher.post(f"/manage/documents/{document.pk}/delete/", follow=True)

    assert says(done, "Deleted: it is gone from the site. The audit log keeps a record of it.")
    assert _documents(district) == []
    assert _stored_files(district) == []
    with tenant_context(district):
        assert Revision.objects.filter(
            content_type__model="document", object_id=document.pk, action="deleted"
        ).exists()
