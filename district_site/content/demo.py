"""What every app's demo (its ``demo.py``, run by ``manage.py seed_demo``) does the same way:
fill a district's schema once, build each item from a row of invented data, save it through the
app's own action (so photos and files take the path an officer's do) and publish it. Each app
keeps only its data and what is its own."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from district_site.revisions import actions as revisions


def seed_once(district, model, fill):
    """Run ``fill()`` in ``district``'s schema unless ``model`` has a row there already: a
    district with any such content, the demo's or an officer's, is left alone, so seeding again
    changes nothing (contributions.Demo)."""
    with tenant_context(district):
        if model.objects.exists():
            return
        fill()


def from_row(model, fields, row, **more):
    """An unsaved ``model`` whose ``fields`` take the values of ``row`` in order (a demo's data
    are tuples, read in the order of their comment), and ``more`` the rest."""
    return model(**dict(zip(fields, row, strict=True)), **more)


def create_published(obj, create=revisions.create, *, actor, **extra):
    """Save ``obj`` through ``create`` (the app's create action, with ``extra``; plain
    revisions by default), then publish it, as an officer who may publish would."""
    create(obj, actor=actor, **extra)
    revisions.set_published(obj, True, actor=actor)


def jpeg(image, name):
    """``image`` (a PIL image drawn by a demo) as the upload a browser would send."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
