from django import forms

from district_site.pages.models import Page


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title_km", "title_en", "body_km", "body_en", "show_in_menu", "is_published"]
