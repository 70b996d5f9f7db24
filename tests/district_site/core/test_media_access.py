"""Files reach citizens only with the content they belong to: a draft's, a withdrawn, a scheduled
or a deleted item's photos and PDFs answer 404 to citizens, on disk and on S3, while the
district's officers see them. The tests walk every declaration of every app (media.py) and every
field of every district model that stores files, not one example."""

import re
import time
import urllib.request
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone
from django_tenants.utils import tenant_context

from district_site.content.photos import finish
from district_site.core import actions as core_actions
from district_site.core import media_access
from district_site.core.models import DistrictProfile
from district_site.council import actions as council_actions
from district_site.council.models import CouncilMember
from district_site.documents import actions as document_actions
from district_site.documents.demo import minimal_pdf
from district_site.documents.models import Document
from district_site.forums import actions as forum_actions
from district_site.forums.models import Forum, ForumPhoto
from district_site.news import actions as news_actions
from district_site.news.models import NewsPhoto, NewsPost
from district_site.projects import actions as project_actions
from district_site.projects.models import ProjectPhoto
from district_site.revisions import actions as revisions

from ..conftest import phone_photo
from ..projects.conftest import make_project

BY = "test"


def _photo():
    return SimpleUploadedFile("phone.jpg", phone_photo(800, 600), "image/jpeg")


def _pdf(name="minutes.pdf"):
    return SimpleUploadedFile(name, minimal_pdf("Minutes"), "application/pdf")


def _build_everything(district, *, scheduled=False):
    """One item of every kind that has files, each through the apps' own actions, as drafts;
    returns the items whose publication decides who sees their files. The photo task's work is
    done here by its action, as the worker would."""
    project = make_project(district, published=False)
    with tenant_context(district):
        when = timezone.now() + timedelta(days=3) if scheduled else timezone.now()
        post = NewsPost(title_km="ព័ត៌មាន", body_km="អត្ថបទ", publish_at=when)
        news_actions.create_post(post, photo=_photo(), actor=BY)
        finish(NewsPhoto, NewsPhoto.objects.get(post=post).pk)

        forum = Forum(starts_at=timezone.now(), venue_km="សាលា", agenda_km="របៀបវារៈ")
        forum_actions.create_forum(
            forum, minutes=_pdf(), minutes_size=100, photo=_photo(), actor=BY
        )
        finish(ForumPhoto, ForumPhoto.objects.get(forum=forum).pk)

        project_actions.add_progress(
            project,
            date=date(2026, 3, 1),
            percent=20,
            photos_by_stage={"during": _photo()},
            actor=BY,
        )
        finish(ProjectPhoto, ProjectPhoto.objects.get(update__project=project).pk)
        project_actions.add_document(project, _pdf("contract.pdf"), title_km="កិច្ចសន្យា")

        member = CouncilMember(name_km="សុខ", role_km="អភិបាល", term_start=date(2024, 1, 1))
        council_actions.create_member(member, photo=_photo(), actor=BY)
        finish(CouncilMember, member.pk)

        document = Document(category="plans", year=2026, title_km="ផែនការ")
        upload = _pdf("plan.pdf")
        document_actions.create_document(document, upload=upload, size=upload.size, actor=BY)

        core_actions.set_photo(_photo(), actor=BY)
        finish(DistrictProfile, DistrictProfile.objects.get().pk)
    return [post, forum, project, member, document]


def _names_by_declaration(district):
    """{declaration: [stored names]} over every row of every declared model."""
    found = {}
    with tenant_context(district):
        for files in media_access.declarations():
            found[files] = [name for row in files.model.objects.all() for name in files.names(row)]
    return found


def _fetch(client, name, s3):
    """The status citizens (or officers) get for ``name``; on S3, a redirect must lead to the
    object itself."""
    response = client.get(f"/media/{name}")
    if s3 and response.status_code == 302:
        with urllib.request.urlopen(response["Location"]) as presigned:  # noqa: S310 (loopback)
            assert presigned.read()
        return 200
    return response.status_code


def _set_published(items, published):
    for item in items:
        revisions.set_published(item, published, actor=BY)


@pytest.fixture(params=["disk", "s3"])
def storage(request):
    if request.param == "s3":
        request.getfixturevalue("s3_media")
    return request.param


def test_files_of_every_kind_follow_their_content_on_and_off_the_site(
    storage, make_district, host_client, officer
):
    """Walks every declared field: drafts' files are 404 to citizens yet open to officers;
    published, citizens get them; withdrawn, 404 again; deleted, 404."""
    district = make_district()
    s3 = storage == "s3"
    items = _build_everything(district)
    found = _names_by_declaration(district)
    citizen, editor = host_client(district.primary_domain), officer(district)
    always_public = {
        files for files in found if files.model._meta.label == "district_core.DistrictProfile"
    }

    for files, names in found.items():
        assert names, f"no {files.model.__name__}.{files.field} built: extend this test"
        for name in names:
            expected = 200 if files in always_public else 404
            assert _fetch(citizen, name, s3) == expected, f"draft's {name} reached a citizen"
            assert _fetch(editor, name, s3) == 200, f"officer refused {name}"

    with tenant_context(district):
        _set_published(items, True)
    for names in found.values():
        for name in names:
            assert _fetch(citizen, name, s3) == 200, f"published {name} refused"

    with tenant_context(district):
        _set_published(items, False)
    for files, names in found.items():
        if files in always_public:
            continue
        for name in names:
            assert _fetch(citizen, name, s3) == 404, f"withdrawn {name} reached a citizen"

    with tenant_context(district):
        _set_published(items, True)
        for item in items:
            revisions.delete(type(item).objects.get(pk=item.pk), actor=BY)
    for files, names in found.items():
        if files in always_public:
            continue
        for name in names:
            assert _fetch(citizen, name, s3) == 404, f"deleted item's {name} reached a citizen"


def test_a_scheduled_posts_photos_appear_with_the_post_and_not_before(make_district, host_client):
    district = make_district()
    with tenant_context(district):
        post = NewsPost(title_km="ព័ត៌មាន", body_km="អត្ថបទ")
        post.publish_at = timezone.now() + timedelta(days=2)
        news_actions.create_post(post, photo=_photo(), actor=BY)
        photo = NewsPhoto.objects.get(post=post)
        finish(NewsPhoto, photo.pk)
        photo.refresh_from_db()
        revisions.set_published(post, True, actor=BY)
    citizen = host_client(district.primary_domain)
    names = list(photo.renditions.values())

    assert all(citizen.get(f"/media/{name}").status_code == 404 for name in names)

    with tenant_context(district):
        # Brought forward, as an officer would: the post's date is now.
        post.refresh_from_db()
        post.publish_at = timezone.now()
        post.save()
    assert all(citizen.get(f"/media/{name}").status_code == 200 for name in names)


def test_every_field_that_stores_files_is_declared_public_or_kept_private():
    """Every FileField, ImageField and renditions map of every district model is either in an
    app's media.py or in media_access.PRIVATE_FIELDS; a new one must choose."""
    declared = {f"{files.model._meta.label}.{files.field}" for files in media_access.declarations()}
    storing = set()
    for model in apps.get_models():
        if not model.__module__.startswith("district_site."):
            continue
        for field in model._meta.get_fields():
            stores_files = isinstance(field, models.FileField) or (
                isinstance(field, models.JSONField) and "renditions" in field.name
            )
            if stores_files:
                storing.add(f"{model._meta.label}.{field.name}")
    # Names kept in plain text fields (a revision restores the file a version had).
    storing |= {"documents.Document.file", "forums.Forum.minutes"}

    assert storing - declared - media_access.PRIVATE_FIELDS == set()
    assert declared & media_access.PRIVATE_FIELDS == set()
    assert declared <= storing


def test_photo_names_cannot_be_found_by_counting(make_district):
    district = make_district()
    _build_everything(district)

    for names in _names_by_declaration(district).values():
        for name in names:
            assert re.search(r"[0-9a-f]{20}", name), f"{name} is guessable"


def test_a_pdf_is_sent_as_an_attachment_that_cannot_run_in_the_districts_origin(
    make_district, host_client
):
    district = make_district()
    with tenant_context(district):
        document = Document(category="plans", year=2026, title_km="ផែនការ")
        upload = _pdf("plan.pdf")
        document_actions.create_document(document, upload=upload, size=upload.size, actor=BY)
        revisions.set_published(document, True, actor=BY)
        document.refresh_from_db()

    response = host_client(district.primary_domain).get(f"/media/{document.file}")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_on_s3_a_pdf_link_asks_for_an_attachment_and_expires_soon(
    s3_media, settings, make_district, host_client
):
    district = make_district()
    with tenant_context(district):
        document = Document(category="plans", year=2026, title_km="ផែនការ")
        upload = _pdf("plan.pdf")
        document_actions.create_document(document, upload=upload, size=upload.size, actor=BY)
        revisions.set_published(document, True, actor=BY)
        document.refresh_from_db()

    response = host_client(district.primary_domain).get(f"/media/{document.file}")

    assert response.status_code == 302
    location = response["Location"]
    assert "response-content-disposition=attachment" in location
    expires = int(parse_qs(urlsplit(location).query)["Expires"][0])
    assert expires <= time.time() + settings.MEDIA_LINK_SECONDS + 5
    with urllib.request.urlopen(location) as presigned:  # noqa: S310 (loopback moto)
        assert presigned.headers["Content-Disposition"].startswith("attachment")


def test_the_districts_photo_is_public_and_its_upload_is_not(make_district, host_client):
    district = make_district()
    with tenant_context(district):
        profile = core_actions.set_photo(_photo(), actor=BY)
        upload = profile.photo_upload.name
    citizen = host_client(district.primary_domain)

    assert citizen.get(f"/media/{upload}").status_code == 404
