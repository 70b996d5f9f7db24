import logging

from django.db import transaction

from district_site.core import photos

from .models import DistrictProfile

log = logging.getLogger(__name__)


@transaction.atomic
def update_profile(*, by, **fields):
    """Save the district's contact details (one row per district)."""
    profile = DistrictProfile.objects.select_for_update().first() or DistrictProfile()
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    return profile


@transaction.atomic
def set_photo(upload, *, by):
    """Keep the district's new photo (under a name of our own) and queue its resizing once
    committed; the current photo stays on the site until the new one is ready."""
    from .tasks import process_district_photo

    extension = photos.check_upload(upload)
    profile = DistrictProfile.objects.select_for_update().first() or DistrictProfile()
    if profile.photo_upload:
        profile.photo_upload.delete(save=False)  # an earlier upload not yet processed
    content = photos.store_original(upload, extension)
    profile.photo_upload.save(content.name, content, save=False)
    profile.save()
    transaction.on_commit(process_district_photo.delay)
    return profile


@transaction.atomic
def remove_photo(*, by):
    profile = DistrictProfile.objects.select_for_update().first()
    if profile is None:
        return
    names = [*profile.photo_renditions.values(), profile.photo_upload.name]
    storage = profile.photo_upload.storage
    profile.photo_upload = ""
    profile.photo_renditions = {}
    profile.photo_width = profile.photo_height = None
    profile.save()
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


def finish_photo():
    """Replace the district's photo by resized copies of its latest upload. The row stays
    locked meanwhile: a redelivered task waits, then finds nothing left to do."""
    with transaction.atomic():
        profile = DistrictProfile.objects.select_for_update().first()
        if profile is None or not profile.photo_upload:
            return  # removed meanwhile, or a redelivered task
        upload = profile.photo_upload.name
        prefix = f"district/photo-{upload.rsplit('/', 1)[-1].split('.')[0][:12]}"
        renditions, (width, height) = photos.make_renditions(profile.photo_upload, prefix)
        old = list(profile.photo_renditions.values())
        profile.photo_renditions = renditions
        profile.photo_width, profile.photo_height = width, height
        profile.photo_upload = ""
        # save(), not update(): the page cache forgets pages when a district model is saved.
        profile.save()
    storage = profile.photo_upload.storage
    for name in [*old, upload]:
        storage.delete(name)
    log.info("district photo resized to %s", ", ".join(renditions))
