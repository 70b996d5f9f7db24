from django.db import transaction

from .models import DistrictProfile


@transaction.atomic
def update_profile(*, by, **fields):
    """Save the district's contact details (one row per district)."""
    profile = DistrictProfile.objects.select_for_update().first() or DistrictProfile()
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    return profile
