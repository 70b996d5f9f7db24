"""One photo behaviour for every app: the finish step makes the copies once, whatever shape the
app keeps its photo in, in the uploading district only; and the kit's migrations keep every
photo row and file of a seeded district."""

import os
from datetime import date

from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import tenant_context

from district_site.content import photos
from district_site.core import actions as core_actions
from district_site.core.models import DistrictProfile
from district_site.council import actions as council_actions
from district_site.council.models import CouncilMember
from district_site.news.models import NewsPhoto, NewsPost
from tests.citizen_pages import BEFORE_THE_KIT, every_photo, seed_every_photo

from ..conftest import phone_photo, upload


def _waiting_photo():
    """A news photo whose upload waits for the photo task (none is queued)."""
    post = NewsPost.objects.create(title_km="ព័ត៌មាន", body_km="អត្ថបទ")
    return photos.keep(NewsPhoto(post=post), upload(phone_photo(1600, 1200)))


def _stamps(names):
    return {name: os.stat(default_storage.path(name)).st_mtime_ns for name in names}


def test_finishing_a_photo_makes_its_copies_and_deletes_the_upload(make_district):
    with tenant_context(make_district()):
        photo = _waiting_photo()
        upload_name = photo.original.name

        renditions = photos.finish(NewsPhoto, photo.pk)

        photo.refresh_from_db()
        assert photo.renditions == renditions and sorted(map(int, renditions)) == [360, 720, 1280]
        assert (photo.width, photo.height) == (1600, 1200)
        assert not photo.original and not default_storage.exists(upload_name)
        assert all(default_storage.exists(name) for name in renditions.values())


def test_a_photo_finished_again_is_left_alone(make_district):
    with tenant_context(make_district()):
        photo = _waiting_photo()
        renditions = photos.finish(NewsPhoto, photo.pk)
        before = _stamps(renditions.values())
        folder = os.path.dirname(default_storage.path(next(iter(renditions.values()))))

        assert photos.finish(NewsPhoto, photo.pk) is None

        assert _stamps(renditions.values()) == before  # not one copy written again
        assert len(os.listdir(folder)) == len(renditions)


def test_a_photo_removed_before_its_task_ran_is_skipped(make_district):
    with tenant_context(make_district()):
        photo = _waiting_photo()
        photos.delete(photo)

        assert photos.finish(NewsPhoto, photo.pk) is None


def test_the_districts_photo_stays_until_its_replacement_is_ready_then_its_copies_go(
    make_district,
):
    with tenant_context(make_district()):
        core_actions.set_photo(upload(phone_photo(1600, 900)), actor=None)
        profile = DistrictProfile.objects.get()
        first = photos.finish(DistrictProfile, profile.pk)

        core_actions.set_photo(upload(phone_photo(1200, 800)), actor=None)
        profile.refresh_from_db()
        assert profile.photo_renditions == first and profile.photo_src
        second = photos.finish(DistrictProfile, profile.pk)

        profile.refresh_from_db()
        assert profile.photo_renditions == second and profile.photo_width == 1200
        assert profile.photo_share()[1:] == (720, 480)  # never enlarged to 1280
        assert not any(default_storage.exists(name) for name in first.values())
        assert all(default_storage.exists(name) for name in second.values())


def test_a_council_members_new_portrait_hides_the_old_one_at_once(make_district):
    with tenant_context(make_district()):
        member = CouncilMember(name_km="សុខ", role_km="អភិបាល", term_start=date(2024, 1, 1))
        council_actions.create_member(member, photo=upload(phone_photo(600, 800)), actor="test")
        old = photos.finish(CouncilMember, member.pk)

        council_actions.set_photo(member, upload(phone_photo(900, 1200)))
        member.refresh_from_db()
        assert member.photo_pending and not member.has_photo
        assert not any(default_storage.exists(name) for name in old.values())

        photos.finish(CouncilMember, member.pk)
        member.refresh_from_db()
        assert member.has_photo and not member.photo_pending and member.photo_width == 900


def test_finishing_a_photo_in_one_district_never_touches_anothers_photo_of_the_same_id(
    make_district,
):
    district_a, district_b = make_district(), make_district()
    with tenant_context(district_a):
        photo_a = _waiting_photo()
    with tenant_context(district_b):
        photo_b = _waiting_photo()
    assert photo_a.pk == photo_b.pk  # each schema counts its own rows

    with tenant_context(district_a):
        photos.finish(NewsPhoto, photo_a.pk)
    with tenant_context(district_b):
        photo_b.refresh_from_db()
        assert photo_b.original and not photo_b.renditions
        assert not photo_b.is_ready


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def test_the_kits_migrations_keep_every_photo_row_and_file_of_a_seeded_district(
    make_district, host_client
):
    """Back to before the kit and forward again, on the citizen site's seed with a photo of every
    app: every row keeps its copies, every copy is still stored and served."""
    district = make_district()
    seed_every_photo(district)
    with tenant_context(district):
        before = every_photo()
        assert len(before) == 5 and all(before.values())

        _migrate(BEFORE_THE_KIT)
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

        assert every_photo() == before
        for renditions in before.values():
            assert all(default_storage.exists(name) for name in renditions.values())
        news = before[("news.NewsPhoto", NewsPhoto.objects.get().pk)]
        district_photo = before[("district_core.DistrictProfile", DistrictProfile.objects.get().pk)]
    citizen = host_client(district.primary_domain)
    for name in [*news.values(), *district_photo.values()]:
        assert citizen.get(f"/media/{name}").status_code == 200
