"""`seed_demo` builds the demo platform, and running it again changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tenants.utils import schema_context

from district_site.news.models import NewsPost
from district_site.services.models import Service
from platform_site import demo
from tenants.models import District, Domain


def _state():
    User = get_user_model()
    rows = {"districts": District.objects.count(), "domains": Domain.objects.count()}
    with schema_context("public"):
        rows["platform users"] = User.objects.count()
    for district in District.objects.filter(code__in=[code for code, _ in demo.DISTRICTS]):
        with schema_context(district.schema_name):
            rows[district.code] = (
                User.objects.count(),
                NewsPost.objects.count(),
                Service.objects.count(),
            )
    return rows


def test_seed_demo_creates_ou_chruv_and_two_more_with_their_accounts(host_client):
    """`make run`'s seeding, whole: three districts with two budget years imported from Excel,
    projects, forums, news with photos and accounts. Slow (about 30-60 s)
    because it is exactly what a new machine runs."""
    out = StringIO()
    call_command("seed_demo", stdout=out)

    ou_chruv = District.objects.get(code="0105")
    assert ou_chruv.name_km == "អូរជ្រៅ"
    assert ou_chruv.province_name_en == "Banteay Meanchey"
    assert District.objects.filter(code__in=[c for c, _ in demo.DISTRICTS]).count() == 3
    assert "http://ouchruv.localhost:8000/" in out.getvalue()
    assert demo.PROVINCIAL_ADMIN in out.getvalue()
    home = host_client("ouchruv.localhost").get("/")
    assert "អូរជ្រៅ" in home.content.decode()
    login = host_client("ouchruv.localhost").post(
        "/manage/login/",
        {"username": "publisher@ouchruv.demo.srok", "password": demo.PASSWORD},
    )
    assert login.status_code == 302
    news = host_client("ouchruv.localhost").get("/news/").content.decode()
    assert "ការប្រជុំផ្សព្វផ្សាយថវិកាឆ្នាំ ២០២៧" in news
    services = host_client("ouchruv.localhost").get("/en/services/").content.decode()
    assert "Birth registration" in services

    before = _state()
    call_command("seed_demo", stdout=StringIO())
    assert _state() == before


def test_seed_demo_refuses_to_run_outside_development(settings):
    """Its accounts' password and second factor are published: never on a real deployment."""
    settings.DEVELOPMENT = False

    with pytest.raises(CommandError, match="SROK_DEVELOPMENT=1"):
        call_command("seed_demo", stdout=StringIO())
