from django import forms
from django.db import connection
from django.utils.translation import gettext_lazy as _

from district_site.core import photos
from tenants import gazetteer
from tenants.visible_text import VisibleTextMixin, visible_length

from .models import Feedback

MAX_MESSAGE_CHARS = 3000


class FeedbackForm(VisibleTextMixin, forms.ModelForm):
    # A field people never see: bots fill every field, people leave this one empty.
    website = forms.CharField(required=False, label=_("Leave this empty"))
    # The one photo limit of the site, as officers' photos have (core.photos).
    photo = photos.photo_field(_("Photo (optional)"))

    class Meta:
        model = Feedback
        fields = ["category", "message", "commune_code", "contact", "photo"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].max_length = MAX_MESSAGE_CHARS
        self.fields["message"].help_text = _("At most %(count)d characters.") % {
            "count": MAX_MESSAGE_CHARS
        }
        district = connection.tenant
        self.fields["commune_code"] = forms.ChoiceField(
            label=_("commune (optional)"),
            required=False,
            choices=[("", "—")]
            + [
                (code, km if self._khmer() else latin)
                for code, km, latin in gazetteer.communes_of(district.code)
            ],
        )
        self.fields["contact"].help_text = _(
            "Only the district's officers see this, to reach you. It is never published."
        )

    @staticmethod
    def _khmer():
        from django.utils.translation import get_language

        return get_language() != "en"

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) > MAX_MESSAGE_CHARS:
            raise forms.ValidationError(
                _("Your message is %(length)d characters long; please shorten it to %(max)d.")
                % {"length": len(message), "max": MAX_MESSAGE_CHARS}
            )
        if visible_length(message) < 5:
            raise forms.ValidationError(_("Please write a few words about what you want to say."))
        return message

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            # Judged by its content, as officers' photos are: a known format, and not so many
            # pixels that re-encoding it would exhaust the server's memory.
            photos.check_upload(photo)
        return photo


class ReplyForm(VisibleTextMixin, forms.Form):
    reply = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}))
    publish = forms.BooleanField(label=_("Publish the question and answer"), required=False)


class TrackForm(VisibleTextMixin, forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=12)
