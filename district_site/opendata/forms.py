from django import forms

from .models import OpenDataSettings


class SettingsForm(forms.ModelForm):
    class Meta:
        model = OpenDataSettings
        fields = ["licence"]
        widgets = {"licence": forms.RadioSelect}
