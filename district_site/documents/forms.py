from django import forms
from django.utils.translation import gettext_lazy as _

from district_site.core.pdfs import clean_pdf, pdf_field, pdf_help
from tenants.visible_text import VisibleTextMixin

from .models import FIRST_YEAR, LAST_YEAR, Document

YEAR_ERROR = _("Write the year with four digits, such as 2026.")


class DocumentForm(VisibleTextMixin, forms.ModelForm):
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
