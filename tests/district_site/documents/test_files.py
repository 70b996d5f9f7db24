"""The shared PDF check judges a file by its content: a real PDF passes; anything else, or a
PDF that runs something when opened, is refused with a message saying what to do."""

import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from district_site.core import pdfs
from district_site.documents.demo import minimal_pdf


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are matched in English here; the console tests check them in Khmer."""
    with translation.override("en"):
        yield


def _upload(data, name="report.pdf"):
    return SimpleUploadedFile(name, data, "application/pdf")


def test_a_small_valid_pdf_passes_and_its_size_is_returned():
    data = minimal_pdf("Annual report")

    assert pdfs.check_pdf(_upload(data)) == len(data)


@pytest.mark.parametrize(
    "data",
    [
        b"<?php system($_GET['c']); ?>",
        b"%PDF-1.4\nthis stops here",
        b"just text ending in %%EOF",
        b"\x89PNG\r\n\x1a\n" + bytes(100),
        b"",
    ],
    ids=["php", "cut-off", "no-header", "png", "empty"],
)
def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(data):
    with pytest.raises(ValidationError, match="not a PDF we can use"):
        pdfs.check_pdf(_upload(data))


@pytest.mark.parametrize(
    "action",
    [
        b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
        b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>",
        b"/OpenAction << /S /Launch /F (cmd.exe) >>",
        b"/Names << /EmbeddedFiles 9 0 R >>",
    ],
    ids=["javascript", "escaped-name", "launch", "embedded-file"],
)
def test_a_pdf_that_runs_something_when_opened_is_refused(action):
    data = minimal_pdf("Report").replace(
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Catalog /Pages 2 0 R " + action + b" >>"
    )

    with pytest.raises(ValidationError, match="scripts or actions"):
        pdfs.check_pdf(_upload(data))


def test_javascript_hidden_in_a_compressed_object_stream_is_found():
    hidden = zlib.compress(b"6 0 << /S /JavaScript /JS (app.alert(1)) >>")
    stream = (
        b"6 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(hidden)
        + hidden
        + b"\nendstream\nendobj\n"
    )
    data = minimal_pdf("Report").replace(b"xref\n", stream + b"xref\n", 1)

    with pytest.raises(ValidationError, match="scripts or actions"):
        pdfs.check_pdf(_upload(data))


def test_a_pdf_over_the_limit_is_refused_with_its_size_and_the_limit(settings):
    settings.SROK_PDF_MAX_BYTES = 1024 * 1024
    data = minimal_pdf("Big").replace(b"%PDF-1.4\n", b"%PDF-1.4\n%" + b"x" * 1_600_000 + b"\n")

    with pytest.raises(ValidationError) as refused:
        pdfs.check_pdf(_upload(data))

    assert "1.5 MB" in refused.value.messages[0] and "at most 1 MB" in refused.value.messages[0]


def test_sizes_read_as_citizens_expect():
    assert pdfs.size_display(300) == "1 KB"
    assert pdfs.size_display(320 * 1024) == "320 KB"
    assert pdfs.size_display(1_468_006) == "1.4 MB"
