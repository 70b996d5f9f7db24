"""Demo documents: small, valid PDFs made here (no PDF library is needed for one page of text),
published through the same actions as an officer's upload."""

from django.core.files.uploadedfile import SimpleUploadedFile

from district_site.content.demo import create_published, seed_once
from district_site.core import pdfs

from . import actions
from .models import Document

BY = "demo"
DOCUMENTS = [
    ("budget", 2026, "ផែនការថវិកាស្រុក ឆ្នាំ ២០២៦", "District budget plan 2026"),
    ("plans", 2026, "កម្មវិធីវិនិយោគបីឆ្នាំរំកិល ២០២៦-២០២៨", "Three-year investment programme"),
    ("reports", 2025, "របាយការណ៍សកម្មភាពប្រចាំឆ្នាំ ២០២៥", "Annual activity report 2025"),
    ("regulations", 2024, "ដីកាស្តីពីការគ្រប់គ្រងសំរាម", "Deika on waste collection"),
]


def minimal_pdf(text):
    """A one-page PDF showing ``text`` (ASCII) in Helvetica, with a correct cross-reference
    table, so readers open it without repairing it."""
    safe = text.encode("ascii", "replace").replace(b"\\", b"\\\\")
    safe = safe.replace(b"(", b"\\(").replace(b")", b"\\)")
    content = b"BT /F1 18 Tf 72 720 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def seed(district):
    """Give a demo district a few published documents, once."""

    def fill():
        for category, year, km, en in DOCUMENTS:
            data = minimal_pdf(f"{district.name_en}: {en}")
            upload = SimpleUploadedFile(f"{category}.pdf", data, "application/pdf")
            document = Document(category=category, year=year, title_km=km, title_en=en)
            size = pdfs.check_pdf(upload)
            create_published(document, actions.create_document, upload=upload, size=size, actor=BY)

    seed_once(district, Document, fill)
