"""The review queue in the console: an editor's change to what is on the site shows up for
publishers with who, when and what; sent back with a comment, the editor reads the comment on
their console home (and by e-mail, from the worker), changes it again, and a publisher publishes
it for citizens."""

import time

from django_tenants.utils import tenant_context

from district_site.news.models import NewsPost
from district_site.pages.models import Page
from district_site.revisions import actions
from district_site.revisions.models import Revision

from ..conftest import says

WRONG = {"title_km": "អំពីស្រុក", "title_en": "About our distrcit", "body_km": "អត្ថបទ"}
RIGHT = {**WRONG, "title_en": "About our district"}
COMMENT = "The English title misspells district."


def _about(district):
    with tenant_context(district):
        return Page.objects.get(slug="about")


def _waiting(district):
    with tenant_context(district):
        return list(actions.pending())


def _mail_to(mailoutbox, email, timeout=30):
    # The worker may also deliver other tests' mail queued before it started.
    deadline = time.monotonic() + timeout
    while not [m for m in mailoutbox if email in m.to] and time.monotonic() < deadline:
        time.sleep(0.05)
    return [m for m in mailoutbox if email in m.to]


def test_an_editors_change_is_sent_back_with_a_comment_changed_again_and_published(
    officer, host_client, make_district, mailoutbox, request, settings
):
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        request.getfixturevalue("celery_worker")
    district = make_district()
    editor, publisher = officer(district, "editor"), officer(district, "publisher")
    citizen = host_client(district.primary_domain)
    about = _about(district)

    editor.post(f"/manage/pages/{about.pk}/", WRONG)

    home = publisher.get("/manage/")
    assert 'href="/manage/revisions/review/"' in home.content.decode()
    queue = publisher.get("/manage/revisions/review/")
    assert says(queue, "Changes waiting for review")
    content = queue.content.decode()
    assert editor.email in content and "About our distrcit" in content
    [proposal] = _waiting(district)

    refused = publisher.post(f"/manage/revisions/review/{proposal.pk}/send-back/", follow=True)
    assert says(refused, "Write a comment for the author before sending the change back.")
    assert _waiting(district) == [proposal]
    publisher.post(
        f"/manage/revisions/review/{proposal.pk}/send-back/", {f"{proposal.pk}-comment": COMMENT}
    )

    assert _waiting(district) == []
    assert COMMENT in editor.get("/manage/").content.decode()
    [mail] = _mail_to(mailoutbox, editor.email)
    assert COMMENT in mail.body and f"{district.primary_domain}:8000/manage/" in mail.body
    assert "About our distrcit" not in citizen.get("/en/p/about/").content.decode()

    editor.post(f"/manage/pages/{about.pk}/", RIGHT)
    [proposal] = _waiting(district)
    publisher.post(f"/manage/revisions/review/{proposal.pk}/publish/")

    assert "About our district" in citizen.get("/en/p/about/").content.decode()
    assert _waiting(district) == []


def test_only_publishers_open_the_queue_and_decide(officer, make_district):
    district = make_district()
    editor = officer(district, "editor")
    about = _about(district)
    editor.post(f"/manage/pages/{about.pk}/", WRONG)
    [proposal] = _waiting(district)

    assert editor.get("/manage/revisions/review/").status_code == 403
    assert editor.post(f"/manage/revisions/review/{proposal.pk}/publish/").status_code == 403
    assert "/manage/revisions/review/" not in editor.get("/manage/").content.decode()
    assert _waiting(district) == [proposal]


def test_the_news_list_says_a_published_post_has_a_change_waiting(officer, make_district):
    district = make_district()
    with tenant_context(district):
        post = NewsPost(title_km="ព័ត៌មាន", body_km="<p>អត្ថបទ</p>")
        actions.create(post, actor="test")
        actions.set_published(post, True, actor="test")
        actions.change(post, {"title_km": "ព័ត៌មានថ្មី"}, actor="editor", may_publish=False)
    publisher = officer(district, "publisher")

    assert says(publisher.get("/manage/news/"), "Published — change waiting for review")
    assert says(
        publisher.get(f"/manage/news/{post.pk}/"),
        "A change to it is waiting for review: citizens see it once a publisher publishes it.",
    )


def test_a_districts_queue_never_shows_another_districts_changes(officer, make_district):
    district_a, district_b = make_district(), make_district()
    officer(district_b, "editor").post(f"/manage/pages/{_about(district_b).pk}/", WRONG)
    [proposal_b] = _waiting(district_b)
    publisher_a = officer(district_a, "publisher")

    assert "About our distrcit" not in publisher_a.get("/manage/revisions/review/").content.decode()
    assert publisher_a.post(f"/manage/revisions/review/{proposal_b.pk}/publish/").status_code == 404
    with tenant_context(district_b):
        assert Revision.objects.get(pk=proposal_b.pk).action == "proposed"
        assert actions.is_pending(proposal_b)


def test_the_queue_shows_a_new_publication_time_in_the_districts_time(officer, make_district):
    """Stored as UTC text in the proposal, shown as Phnom Penh reads its clocks (UTC+7)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    phnom_penh = ZoneInfo("Asia/Phnom_Penh")
    district = make_district()
    with tenant_context(district):
        post = NewsPost(
            title_km="ព័ត៌មាន",
            body_km="<p>អត្ថបទ</p>",
            publish_at=datetime(2026, 1, 15, 14, 0, tzinfo=phnom_penh),
        )
        actions.create(post, actor="test")
        actions.set_published(post, True, actor="test")
        later = datetime(2026, 1, 15, 16, 30, tzinfo=phnom_penh)
        actions.change(post, {"publish_at": later}, actor="editor", may_publish=False)

    content = officer(district, "publisher").get("/manage/revisions/review/").content.decode()

    assert "14:00" in content and "16:30" in content
    assert "07:00" not in content and "09:30" not in content


def test_a_change_sent_back_cannot_be_published_from_the_history_which_shows_the_decision(
    officer, host_client, make_district
):
    district = make_district()
    editor, publisher = officer(district, "editor"), officer(district, "publisher")
    about = _about(district)
    editor.post(f"/manage/pages/{about.pk}/", WRONG)
    [proposal] = _waiting(district)
    publisher.post(
        f"/manage/revisions/review/{proposal.pk}/send-back/", {f"{proposal.pk}-comment": COMMENT}
    )

    history = publisher.get(f"/manage/pages/{about.pk}/").content.decode()
    assert COMMENT in history
    assert f"/manage/revisions/{proposal.pk}/restore/" not in history
    for someone in (publisher, editor):
        answer = someone.post(f"/manage/revisions/{proposal.pk}/restore/", follow=True)
        assert says(answer, "This change was already published or sent back.")

    citizen = host_client(district.primary_domain)
    assert "About our distrcit" not in citizen.get("/en/p/about/").content.decode()
    assert _waiting(district) == []
