from django.db import transaction

from district_site.content import photos, tasks
from district_site.revisions import actions as revisions
from district_site.revisions.models import Revision

from .models import DistrictProfile


@transaction.atomic
def update_profile(*, actor, **fields):
    """Save the district's contact details (one row per district)."""
    profile = DistrictProfile.objects.select_for_update().first() or DistrictProfile()
    return revisions.save_recorded(profile, fields, Revision.Action.EDITED, actor=actor)


@transaction.atomic
def set_photo(upload, *, actor):
    """Keep the district's new photo (under a name of our own) and queue its resizing once
    committed; the current photo stays on the site until the new one is ready."""
    profile = DistrictProfile.objects.select_for_update().first() or DistrictProfile()
    profile = tasks.keep_upload(profile, upload)
    revisions.record(profile, Revision.Action.EDITED, actor=actor)
    return profile


@transaction.atomic
def remove_photo(*, actor):
    profile = DistrictProfile.objects.select_for_update().first()
    if profile is not None:
        photos.clear(profile)
        revisions.record(profile, Revision.Action.EDITED, actor=actor)
