from django import forms
from django.utils.translation import gettext_lazy as _

from .importer import MAX_BYTES


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in template (.xlsx)"),
        help_text=_("At most %(mb)d MB.") % {"mb": MAX_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
