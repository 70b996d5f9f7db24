"""One PDF check for every field that takes a PDF: the tests walk every file field of every form
of the district site, and post a PDF whose OpenAction runs JavaScript to every upload screen that
takes PDFs; none keeps it."""

import inspect
import pkgutil
from importlib import import_module

import pytest
from django import forms
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import tenant_context

import district_site
from district_site.core.pdfs import PdfField
from district_site.documents.demo import minimal_pdf
from district_site.documents.models import Document
from district_site.forums.models import Forum
from district_site.projects.models import ProjectDocument

from ..conftest import says
from ..projects.conftest import make_project

HOSTILE = minimal_pdf("Report").replace(
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
)
REFUSAL = (
    "This PDF contains scripts or actions that run when it is opened. Save it again as a plain "
    "PDF (for example with “Print to PDF”) and choose that copy."
)
# What each non-PDF file field takes instead, by its widget's accept attribute.
NOT_PDF = {"image/jpeg,image/png,image/webp", "image/*", ".xlsx"}


def _form_classes():
    """Every Form and ModelForm class defined in a forms module of the district site."""
    found = set()
    for module in pkgutil.walk_packages(district_site.__path__, "district_site."):
        if module.name.rsplit(".", 1)[-1].startswith("forms"):
            for _name, value in inspect.getmembers(import_module(module.name), inspect.isclass):
                if issubclass(value, forms.BaseForm) and value.__module__ == module.name:
                    found.add(value)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def _instance(form_class):
    """The form as a view makes it, with None for what it needs to know (a budget, a project)."""
    needed = {
        name: None
        for name, parameter in inspect.signature(form_class.__init__).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY and parameter.default is parameter.empty
    }
    return form_class(**needed)


def test_every_file_field_of_every_form_is_a_pdf_field_or_takes_no_pdf(district_a):
    file_fields = 0
    with tenant_context(district_a):
        for form_class in _form_classes():
            for name, field in _instance(form_class).fields.items():
                if not isinstance(field, forms.FileField):
                    continue
                file_fields += 1
                accept = field.widget.attrs.get("accept", "")
                where = f"{form_class.__module__}.{form_class.__name__}.{name}"
                if isinstance(field, PdfField):
                    assert accept == "application/pdf", where
                else:
                    assert accept in NOT_PDF, f"{where} takes {accept or 'anything'}"
    assert file_fields >= 8  # photos, PDFs, the budget workbook: the walk found them


def test_the_pdf_field_refuses_a_pdf_that_runs_javascript_when_opened():
    field = PdfField(label="PDF", required=True)

    with pytest.raises(forms.ValidationError):
        field.clean(SimpleUploadedFile("report.pdf", HOSTILE, "application/pdf"))


def _hostile():
    return SimpleUploadedFile("report.pdf", HOSTILE, "application/pdf")


def _stored(district, folder):
    with tenant_context(district):
        if not default_storage.exists(folder):
            return []
        return default_storage.listdir(folder)[1]


def test_every_screen_that_takes_a_pdf_refuses_one_that_runs_javascript(make_district, officer):
    district = make_district()
    project = make_project(district)
    publisher = officer(district, "publisher")
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    # Minutes belong to a forum's report, once its date has passed.
    publisher.post("/manage/forums/new/", {"starts_at": when, "venue_km": "សាលា", "agenda_km": "ក"})
    with tenant_context(district):
        held = Forum.objects.get()
    screens = [
        (
            "/manage/documents/new/",
            {"category": "plans", "year": "2026", "title_km": "ផែនការ", "pdf": _hostile()},
        ),
        (
            f"/manage/forums/{held.pk}/",
            {"starts_at": when, "venue_km": "សាលា", "agenda_km": "ក", "minutes_pdf": _hostile()},
        ),
        (
            f"/manage/projects/{project.pk}/documents/",
            {"title_km": "កិច្ចសន្យា", "file": _hostile()},
        ),
    ]

    for url, data in screens:
        answer = publisher.post(url, data)
        assert answer.status_code == 200, url
        assert says(answer, REFUSAL), url

    with tenant_context(district):
        assert not Document.objects.exists()
        assert Forum.objects.get().minutes == ""
        assert not ProjectDocument.objects.exists()
    for folder in ("documents", "forums/minutes", "projects/documents"):
        assert _stored(district, folder) == []
