from django import forms
from django.utils.translation import gettext_lazy as _

from district_site.core import photos
from district_site.core.models import DistrictProfile


class ProfileForm(forms.ModelForm):
    photo = forms.FileField(
        label=_("District photo (optional)"),
        required=False,
        help_text=_(
            "Shown on the home page and when the website is shared: the district office, or a "
            "place people know. A JPEG, PNG or WebP photo of at most 8 MB; it is resized for "
            "phones."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove the district photo"), required=False)

    class Meta:
        model = DistrictProfile
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
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.photo_renditions:
            del self.fields["remove_photo"]

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            photos.check_upload(upload)
        return upload

    def details(self):
        """The contact details, without the photo (saved by its own action)."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}
