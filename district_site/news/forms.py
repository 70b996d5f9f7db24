from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from district_site.core import photos, richtext
from tenants.visible_text import VisibleTextMixin

from .models import NewsPost

# Photos one save may add: a gallery of an activity, within what one upload request carries.
MAX_PHOTOS_AT_ONCE = 10


class MultiplePhotoInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos chosen at once (``<input type=file multiple>``); cleans to a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": photos.ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else [data]
        return [super(PhotosField, self).clean(upload, initial) for upload in uploads if upload]


class NewsPostForm(VisibleTextMixin, forms.ModelForm):
    photo = PhotosField(
        label=_("Add photos (optional)"),
        required=False,
        help_text=photos.help_text(
            after=_("Choose up to 10 at once; they are resized for phones and shown as a gallery.")
        ),
    )

    class Meta:
        model = NewsPost
        fields = NewsPost.REVISION_FIELDS
        widgets = {
            "body_km": richtext.RichTextarea(attrs={"rows": 10}),
            "body_en": richtext.RichTextarea(attrs={"rows": 6}),
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
        self.fields["body_km"].help_text = richtext.HELP
        self.fields["publish_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
        self.removed_unsafe = False

    def _clean_text(self, name):
        text = self.cleaned_data.get(name, "")
        if richtext.has_unsafe_parts(text):
            self.removed_unsafe = True
        return richtext.sanitize(text)

    def clean_body_km(self):
        text = self._clean_text("body_km")
        if richtext.is_blank(text):
            raise ValidationError(_("Write the text of the post in Khmer."))
        return text

    def clean_body_en(self):
        return self._clean_text("body_en")

    def clean_photo(self):
        uploads = self.cleaned_data.get("photo") or []
        if len(uploads) > MAX_PHOTOS_AT_ONCE:
            raise ValidationError(
                _("Choose at most %(count)d photos at once, then save and add the others.")
                % {"count": MAX_PHOTOS_AT_ONCE}
            )
        for upload in uploads:
            photos.check_upload(upload)
        return uploads

    def content(self):
        return {name: self.cleaned_data[name] for name in NewsPost.REVISION_FIELDS}
