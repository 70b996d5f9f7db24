from django import forms

from district_site.core.models import DistrictProfile


class ProfileForm(forms.ModelForm):
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
        ]
