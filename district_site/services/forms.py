from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tenants.visible_text import VisibleTextMixin

from .models import Service

# Officers type fees as they write them: Khmer digits, thousands separators, the riel sign.
_KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
MAX_FEE = 1_000_000_000_000


class ServiceForm(VisibleTextMixin, forms.ModelForm):
    fee_riel = forms.CharField(
        label=_("fee in riel"),
        max_length=30,
        initial="0",
        help_text=_("A whole number of riel, such as 50000 or 50,000; 0 if the service is free."),
    )

    class Meta:
        model = Service
        fields = Service.REVISION_FIELDS
        widgets = {
            "documents_km": forms.Textarea(attrs={"rows": 5}),
            "documents_en": forms.Textarea(attrs={"rows": 5}),
            "notes_km": forms.Textarea(attrs={"rows": 3}),
            "notes_en": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "documents_km": _("One document per line."),
            "documents_en": _("One document per line."),
        }
        error_messages = {
            "name_km": {"required": _("Write the name of the service in Khmer.")},
            "office_km": {"required": _("Write which office provides the service, in Khmer.")},
            "processing_time_km": {
                "required": _("Write how long the service takes, in Khmer, such as 3 days.")
            },
        }

    def clean_fee_riel(self):
        text = self.cleaned_data["fee_riel"].translate(_KHMER_DIGITS)
        for mark in (" ", "\u00a0", ",", ".", "៛", "riel", "Riel"):
            text = text.replace(mark, "")
        if not text.isdigit() or int(text) > MAX_FEE:
            raise ValidationError(
                _(
                    "Write the fee as a whole number of riel, such as 50000, without other "
                    "words. Write 0 if the service is free."
                )
            )
        return int(text)

    def content(self):
        return {name: self.cleaned_data[name] for name in Service.REVISION_FIELDS}
