"""One photo size limit for the whole site: settings.SROK_PHOTO_MAX_BYTES, applied by
district_site.core.photos.check_upload to every photo officers and citizens upload, and stated
in every photo field's help text. The walk goes through every file field of every form of the
district site that takes images, so a field with a limit of its own fails here by its name."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django_tenants.utils import tenant_context

from district_site.core import photos
from tests.district_site.documents.test_pdf_fields import _form_classes, _instance

from ..conftest import phone_photo


def _image_fields():
    for form_class in _form_classes():
        for name, field in _instance(form_class).fields.items():
            if isinstance(field, forms.FileField) and "image" in field.widget.attrs.get(
                "accept", ""
            ):
                yield f"{form_class.__module__}.{form_class.__name__}.{name}", field


def test_every_photo_field_of_every_form_states_the_one_limit(district_a, settings):
    settings.SROK_PHOTO_MAX_BYTES = 3 * 1024 * 1024
    with tenant_context(district_a), translation.override("en"):
        fields = list(_image_fields())
        wrong = [where for where, field in fields if "of at most 3 MB." not in str(field.help_text)]
        accepts = {field.widget.attrs["accept"] for _where, field in fields}

    # News, forums, council, the district photo, project progress, citizens' feedback.
    assert len(fields) >= 6, [where for where, _field in fields]
    assert wrong == [], "photo fields stating another limit, or none"
    assert accepts == {photos.ACCEPT}


def test_a_photo_over_the_limit_is_refused_naming_the_limit(settings):
    settings.SROK_PHOTO_MAX_BYTES = 1024 * 1024
    padded = phone_photo(400, 300) + b"\0" * (1024 * 1024)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        photos.check_upload(SimpleUploadedFile("photo.jpg", padded, "image/jpeg"))

    assert "of at most 1 MB" in refused.value.messages[0]
    photos.check_upload(SimpleUploadedFile("p.jpg", phone_photo(400, 300), "image/jpeg"))


def test_the_help_text_is_read_in_the_officers_language():
    text = photos.help_text(after="")
    with translation.override("km"):
        khmer = str(text)
    with translation.override("en"):
        english = str(text)
    assert khmer != english and "MB" in khmer
