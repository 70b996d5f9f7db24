from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.visible_text import VisibleTextMixin

from .models import Page


class PageForm(VisibleTextMixin, forms.ModelForm):
    class Meta:
        model = Page
        fields = Page.REVISION_FIELDS
        widgets = {"body_km": forms.Textarea(attrs={"rows": 10})}
        error_messages = {"title_km": {"required": _("Write the page's title in Khmer.")}}
