"""Invisible input: every form class of the project, found by importing every module of both
sites and the tenancy layer, refuses a text field that holds only zero-width characters, a
byte-order mark or blanks, with a Khmer message on Khmer pages (tenants.visible_text)."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory
from django_tenants.utils import tenant_context

from tenants.visible_text import MESSAGE, VisibleTextMixin, visible_length
from tests.district_site.conftest import log_in

from .conftest import khmer

PACKAGES = ["tenants", "platform_site", "district_site"]
INVISIBLE = [
    "\u200b\ufeff\u200b",  # zero-width spaces and a byte-order mark
    "\u200c\u200d\u2060\u200e\u200f",  # joiners, word joiner, direction marks
    "\u3164\u2800\u00ad",  # Hangul filler, blank braille, soft hyphen
    "\u17b4\u17b5\u180e",  # Khmer inherent vowels, Mongolian vowel separator
    "\u00a0\u2003\u3000\u200b",  # blanks of other widths
]


def test_visible_length_counts_what_a_reader_sees():
    assert visible_length("\u200b\ufeff") == 0
    assert visible_length("សួស្តី") == 6
    # Khmer words separated by zero-width spaces keep their letters.
    assert visible_length("ស្រុក\u200bអូរជ្រៅ") == len("ស្រុកអូរជ្រៅ")
    # Counted after NFC: "e" with a combining accent is one character.
    assert visible_length("e\u0301") == 1


def project_form_classes():
    """Every form class defined in the project's own modules."""
    for package in PACKAGES:
        root = importlib.import_module(package)
        for module in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            if ".migrations" in module.name or ".management" in module.name:
                continue
            importlib.import_module(module.name)
    found = set()
    pending = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.split(".")[0] in PACKAGES and sub is not VisibleTextMixin:
                found.add(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def test_every_form_class_of_the_project_carries_the_check():
    classes = project_form_classes()
    assert len(classes) >= 20
    missing = [
        f"{c.__module__}.{c.__qualname__}" for c in classes if not issubclass(c, VisibleTextMixin)
    ]
    assert missing == []


def _request(district):
    request = RequestFactory().post("/", HTTP_HOST=district.primary_domain)
    request.tenant = district
    request.session = SessionStore()
    return request


def _build(cls, data, district):
    """An instance of ``cls`` bound to ``data``, given whatever its constructor asks for."""
    from district_site.budget import actions as budget_actions
    from district_site.projects.models import Project

    parameters = inspect.signature(cls.__init__).parameters
    kwargs = {}
    args = []
    if "request" in parameters:
        if (
            parameters["request"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
            and list(parameters)[1] == "request"
        ):
            args.append(_request(district))
        else:
            kwargs["request"] = _request(district)
    if "budget" in parameters:
        kwargs["budget"] = budget_actions.open_budget(2026, actor="test")
    if "project" in parameters:
        kwargs["project"] = Project(code="P-1", name_km="គម្រោង")
    return cls(*args, data=data, **kwargs)


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_every_text_field_of_every_form_refuses_invisible_text(invisible, district_a):
    """Each form is bound with every text field holding only ``invisible``: each required one
    is refused with the Khmer message (as is any optional one given such a value)."""
    checked = []
    with tenant_context(district_a):
        from django.utils import translation

        with translation.override("km"):
            for cls in project_form_classes():
                form = _build(cls, {}, district_a)
                fields = {
                    name: field
                    for name, field in form.fields.items()
                    if isinstance(field, forms.CharField)
                    and not isinstance(field.widget, forms.PasswordInput)
                }
                data = {form.add_prefix(name): invisible for name in fields}
                form = _build(cls, data, district_a)
                form.is_valid()
                for name, field in fields.items():
                    if field.required:
                        errors = form.errors.get(name, [])
                        assert str(MESSAGE) in errors, (cls.__qualname__, name, errors)
                        checked.append((cls.__qualname__, name))
            khmer_message = str(MESSAGE)
        # What the forms said was the Khmer message, not the English one.
        with translation.override("en"):
            assert khmer_message != str(MESSAGE)
    assert len(checked) >= 25, checked
    assert ("FeedbackForm", "message") in checked


def test_citizen_feedback_of_only_invisible_characters_is_refused_in_khmer(district_a):
    from district_site.feedback.models import Feedback

    with tenant_context(district_a):
        before = Feedback.objects.count()
    response = Client(HTTP_HOST=district_a.primary_domain).post(
        "/feedback/", {"category": "other", "message": "\u200b\ufeff" * 20}
    )
    assert response.status_code == 400
    assert khmer(str(MESSAGE)) in response.content.decode()
    with tenant_context(district_a):
        assert Feedback.objects.count() == before


def test_a_khmer_message_with_zero_width_spaces_between_words_is_accepted(district_a):
    from district_site.feedback.models import Feedback

    message = "ផ្លូវ\u200bនៅ\u200bភូមិ\u200bខ្ញុំ\u200bខូច"
    response = Client(HTTP_HOST=district_a.primary_domain).post(
        "/feedback/", {"category": "other", "message": message}
    )
    assert response.status_code == 200
    with tenant_context(district_a):
        assert Feedback.objects.filter(message=message).exists()


def test_a_news_post_whose_body_shows_nothing_is_refused(district_a, make_officer):

    client = Client(HTTP_HOST=district_a.primary_domain)
    email = make_officer(district_a, "editor")
    log_in(client, email)
    response = client.post(
        "/manage/news/new/",
        {"title_km": "ចំណងជើង", "body_km": "<p>\u200b&nbsp;</p><b></b>"},
    )
    assert response.status_code in (200, 400)
    assert khmer("Write the text of the post in Khmer.") in response.content.decode()
