"""Every kind of content citizens can see can be withdrawn (kept, off the site) and deleted
(after a confirmation, with a revision) from the console: the registry of publishable models is
walked, so a new app's content cannot come without both."""

import importlib

from django.apps import apps
from django.conf import settings

from district_site.content.console import CONSOLES
from district_site.content.models import Publishable

# Standing pages (home, about, contact...) are made with the district and have no create
# screen: they are withdrawn, never deleted, or the site would lose pages it cannot make again.
STANDING = {"pages.page"}
# Parts of an item, publishable on their own only so that an editor's addition waits for a
# publisher (the review queue): a project's progress update is published from the queue, and
# leaves the site with its project (withdrawn or deleted).
PARTS = {"projects.progressupdate"}


def _publishable_models():
    return {
        model._meta.label_lower
        for model in apps.get_models()
        if issubclass(model, Publishable) and model.__module__.startswith("district_site.")
    }


def _mounted_names(console):
    """The URL names the console's app mounts (its urls_manage.py)."""
    module = importlib.import_module(f"{console.__module__.rsplit('.', 1)[0]}.urls_manage")
    return {pattern.name for pattern in module.urlpatterns}


def test_the_registry_of_publishable_models_is_not_empty():
    assert {"projects.project", "documents.document", "news.newspost"} <= _publishable_models()


def test_every_publishable_model_has_a_console_that_withdraws_and_deletes():
    # Consoles register as their apps' URL modules are read: read the district's URLs.
    importlib.import_module(settings.ROOT_URLCONF)
    consoles = {console.model._meta.label_lower: console for console in CONSOLES}

    missing = _publishable_models() - STANDING - PARTS - set(consoles)

    assert not missing, f"no content console for {sorted(missing)}"
    for label in _publishable_models() - STANDING - PARTS:
        names = _mounted_names(consoles[label])
        assert {"unpublish", "delete"} <= names, f"{label} lacks withdraw or delete: {names}"


def test_standing_pages_are_withdrawn_from_their_own_screen():
    from django.urls import reverse

    assert reverse("manage:unpublish_page", args=[1]) == "/manage/pages/1/withdraw/"
