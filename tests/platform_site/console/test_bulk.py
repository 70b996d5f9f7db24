"""Bulk work from a spreadsheet: officers invited for many districts (all or nothing for the
file), several districts onboarded (all or nothing for each, with a report)."""

import io
import zipfile

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from openpyxl import Workbook

from platform_site.console.bulk import MAX_BYTES, MAX_UNPACKED_BYTES
from tenants.models import AuditEvent, District


def _csv(rows, name="officers.csv"):
    text = "\n".join(",".join(row) for row in rows) + "\n"
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _xlsx(rows, name="officers.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _accounts(district):
    with schema_context(district.schema_name):
        return set(get_user_model().objects.values_list("username", flat=True))


def test_one_bad_row_invites_nobody_and_each_problem_is_told_in_khmer_by_row(
    console, make_district, mailoutbox
):
    district = make_district()
    upload = _csv(
        [
            ("code", "e-mail", "role"),
            (district.code, "good@example.org", "editor"),
            ("9999", "other@example.org", "editor"),
            (district.code, "not-an-address", "boss"),
        ]
    )

    response = console.post("/console/bulk/", {"kind": "invite", "invite-file": upload})

    body = response.content.decode()
    assert "គ្មាននរណាម្នាក់ត្រូវបានអញ្ជើញទេ" in body  # nobody was invited
    assert "គ្មានស្រុកដែលមានលេខកូដ 9999 មានគេហទំព័រទេ។" in body
    assert "“boss” មិនមែនជាតួនាទីទេ" in body
    assert "<td>4</td>" in body  # the spreadsheet's own row number
    assert "good@example.org" not in _accounts(district)
    assert mailoutbox == []


def test_a_clean_workbook_invites_each_officer_into_their_own_district_only(
    console, make_district, mailoutbox
):
    first, second = make_district(), make_district()
    upload = _xlsx(
        [
            ("District code", "E-mail", "Role"),
            (int(first.code), "Ana@Example.org", "Publisher"),
            (second.code, "bo@example.org", "អ្នកកែសម្រួល"),
        ]
    )

    response = console.post("/en/console/bulk/", {"kind": "invite", "invite-file": upload})

    assert "2 officers were invited" in response.content.decode()
    assert "ana@example.org" in _accounts(first) and "ana@example.org" not in _accounts(second)
    assert "bo@example.org" in _accounts(second) and "bo@example.org" not in _accounts(first)
    with schema_context(second.schema_name):
        officer = get_user_model().objects.get(username="bo@example.org")
        assert list(officer.groups.values_list("name", flat=True)) == ["editor"]
    assert sorted(m.to[0] for m in mailoutbox) == ["ana@example.org", "bo@example.org"]
    assert AuditEvent.objects.filter(district=first, action="officer_invited").count() == 1


def test_sending_the_same_clean_file_twice_is_refused_whole(console, make_district):
    district = make_district()
    rows = [(district.code, "twice@example.org", "editor")]
    console.post("/en/console/bulk/", {"kind": "invite", "invite-file": _csv(rows)})

    again = console.post("/en/console/bulk/", {"kind": "invite", "invite-file": _csv(rows)})

    assert "already has an account" in again.content.decode()


def test_a_file_that_is_no_spreadsheet_is_refused(console):
    upload = SimpleUploadedFile("x.xlsx", b"PK\x03\x04 not really a zip")

    response = console.post("/en/console/bulk/", {"kind": "invite", "invite-file": upload})

    assert "neither a CSV file nor an Excel workbook" in response.content.decode()


def test_a_file_too_large_or_unpacking_to_a_giant_one_is_refused_before_it_is_opened(console):
    """The same checks as the budget import's (tenants.spreadsheets), with the console's limits:
    1 MB on the wire, 20 MB unpacked (a zip bomb is a few kilobytes)."""
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b" " * (MAX_UNPACKED_BYTES + 1))
    large = b"PK\x03\x04" + b"\0" * (MAX_BYTES + 1)

    for data, says in (
        (bomb.getvalue(), "The file unpacks to more than 20 MB."),
        (large, "The file is larger than 1 MB."),
    ):
        upload = SimpleUploadedFile("officers.xlsx", data)
        response = console.post("/en/console/bulk/", {"kind": "invite", "invite-file": upload})
        assert says in response.content.decode()


def test_several_districts_are_onboarded_each_on_its_own_with_a_report(
    console, district_a, unused_district_code, mailoutbox
):
    good, bad = unused_district_code(), unused_district_code()
    upload = _csv(
        [
            ("code", "domain", "officer"),
            (good, f"w{good}.gov.kh", "first@example.org"),
            (bad, district_a.primary_domain, "second@example.org"),
        ]
    )

    response = console.post("/en/console/bulk/", {"kind": "onboard", "onboard-file": upload})

    body = response.content.decode()
    assert "1 of 2 districts are online." in body
    assert District.objects.get(code=good).primary_domain == f"w{good}.gov.kh"
    assert not District.objects.filter(code=bad).exists()
    assert "Addresses under localhost are given to every district automatically" in body
    assert [m.to for m in mailoutbox] == [["first@example.org"]]
