from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from district_site.core import photos

from . import richtext
from .models import NewsPost


class NewsPostForm(forms.ModelForm):
    photo = forms.FileField(
        label=_("Add a photo (optional)"),
        required=False,
        help_text=_("A JPEG, PNG or WebP photo of at most 8 MB. It is resized for phones."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = NewsPost
        fields = NewsPost.REVISION_FIELDS
        widgets = {
            "body_km": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 6}),
            "publish_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        error_messages = {
            "title_km": {"required": _("Write the title in Khmer.")},
            "body_km": {"required": _("Write the text of the post in Khmer.")},
            "publish_at": {
                "required": _("Choose the date and time citizens may first see the post."),
                "invalid": _("Write the date and time as on a calendar, such as 2026-11-27 08:00."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body_km"].help_text = _(
            "Type plain text; an empty line starts a new paragraph. Bold, italic, lists and "
            "links are kept; anything else is removed."
        )
        self.fields["publish_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
        self.removed_unsafe = False

    def _clean_text(self, name):
        text = self.cleaned_data.get(name, "")
        if richtext.has_unsafe_parts(text):
            self.removed_unsafe = True
        return richtext.sanitize(text)

    def clean_body_km(self):
        text = self._clean_text("body_km")
        if not text:
            raise ValidationError(_("Write the text of the post in Khmer."))
        return text

    def clean_body_en(self):
        return self._clean_text("body_en")

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            photos.check_upload(upload)
        return upload

    def content(self):
        return {name: self.cleaned_data[name] for name in NewsPost.REVISION_FIELDS}
