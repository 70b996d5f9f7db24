from django import forms

from tenants.visible_text import VisibleTextMixin

from .models import OpenDataSettings


class SettingsForm(VisibleTextMixin, forms.ModelForm):
    class Meta:
        model = OpenDataSettings
        fields = ["licence"]
        widgets = {"licence": forms.RadioSelect}
