from django import forms
from django.utils.translation import gettext_lazy as _

from . import files
from .models import FIRST_YEAR, LAST_YEAR, Document

YEAR_ERROR = _("Write the year with four digits, such as 2026.")


def pdf_field(label, *, required):
    return forms.FileField(
        label=label,
        required=required,
        error_messages={"required": _("Choose the PDF file to publish.")},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


def pdf_help():
    """Read when the form is made, so it always states the limit in force."""
    return _("A PDF file of at most %(max)s MB. It is checked before it is saved.") % {
        "max": f"{files.max_bytes() / 1024 / 1024:g}"
    }


def clean_pdf(form, name):
    """Check the upload in field ``name`` by its content; remember its size for saving."""
    upload = form.cleaned_data.get(name)
    if upload:
        form.pdf_sizes[name] = files.check_pdf(upload)
    return upload


class DocumentForm(forms.ModelForm):
    CONTENT = ["category", "year", "title_km", "title_en"]

    class Meta:
        model = Document
        fields = ["category", "year", "title_km", "title_en"]
        error_messages = {
            "title_km": {"required": _("Write the title in Khmer.")},
            "category": {"required": _("Choose what kind of document this is.")},
            "year": {
                "required": YEAR_ERROR,
                "invalid": YEAR_ERROR,
                "min_value": YEAR_ERROR,
                "max_value": YEAR_ERROR,
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pdf"] = pdf_field(
            _("PDF file") if self.instance.pk is None else _("Replace the PDF file (optional)"),
            required=self.instance.pk is None,
        )
        self.fields["pdf"].help_text = pdf_help()
        year = self.fields["year"]
        year.widget.attrs.update(min=FIRST_YEAR, max=LAST_YEAR)
        year.min_value, year.max_value = FIRST_YEAR, LAST_YEAR
        self.pdf_sizes = {}

    def clean_pdf(self):
        return clean_pdf(self, "pdf")

    def content(self):
        return {name: self.cleaned_data[name] for name in self.CONTENT}
