"""The district profile console's form (district_site/manage/views_profile.py)."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.visible_text import VisibleTextMixin

from . import photos
from .models import DistrictProfile


def address_widget():
    """A text box for a web address, not ``type="url"``: a browser refuses "facebook.com/..."
    there with a message of its own, in English; the server completes it instead."""
    return forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url"})


def _https_by_default(field, **kwargs):
    """An address typed without a scheme ("facebook.com/...") is read as https://, the only
    scheme the profile accepts (Django 5 still assumes http:// unless told)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
        kwargs["widget"] = address_widget()
    return field.formfield(**kwargs)


class ProfileForm(VisibleTextMixin, forms.ModelForm):
    photo = photos.photo_field(
        _("District photo (optional)"),
        before=_(
            "Shown on the home page and when the website is shared: the district office, or a "
            "place people know."
        ),
        after=_("It is resized for phones."),
    )
    remove_photo = forms.BooleanField(label=_("Remove the district photo"), required=False)

    class Meta:
        model = DistrictProfile
        formfield_callback = _https_by_default
        fields = [
            "office_hours_km",
            "office_hours_en",
            "address_km",
            "address_en",
            "phone",
            "email",
            "map_url",
            "facebook_url",
            "photo_description_km",
            "photo_description_en",
            "digits",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.photo_renditions:
            del self.fields["remove_photo"]
        # A form sent without it (an older page, a script) keeps the district's choice.
        self.fields["digits"].required = False

    def clean_digits(self):
        return self.cleaned_data.get("digits") or self.instance.digits

    def details(self):
        """The contact details and the choice of digits, without the photo (saved by its own
        action)."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}
