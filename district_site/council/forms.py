from django import forms
from django.utils.translation import gettext_lazy as _

from district_site.core import photos
from tenants.visible_text import VisibleTextMixin

from .models import CouncilMember


class CouncilMemberForm(VisibleTextMixin, forms.ModelForm):
    photo = photos.PhotoField(
        label=_("Photo (optional)"),
        required=False,
        help_text=photos.help_text(
            after=_("It replaces the current photo and is resized for phones.")
        ),
    )

    class Meta:
        model = CouncilMember
        fields = CouncilMember.REVISION_FIELDS
        widgets = {
            "term_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "term_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "name_km": {"required": _("Write the person's name in Khmer.")},
            "role_km": {"required": _("Write the person's role in Khmer.")},
            "term_start": {
                "required": _("Write the date the term started, such as 2022-06-05."),
                "invalid": _("Write the date as on a calendar, such as 2022-06-05."),
            },
            "term_end": {"invalid": _("Write the date as on a calendar, such as 2027-06-05.")},
            "order": {"invalid": _("Write a whole number, such as 1 for the governor.")},
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return cleaned

    def content(self):
        return {name: self.cleaned_data[name] for name in CouncilMember.REVISION_FIELDS}
