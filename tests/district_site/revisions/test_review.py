"""The review queue's actions: an editor's change to what is on the site waits as a proposal; a
publisher publishes it (only what it changed) or sends it back with a comment; a newer proposal
replaces an older one; and one district's queue holds none of another's."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django_tenants.utils import tenant_context

from district_site.news.models import NewsPost
from district_site.pages.models import Page
from district_site.revisions import actions
from district_site.revisions.models import Review, Revision

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")


def _published_post(publish_at):
    post = NewsPost(title_km="ព័ត៌មាន", body_km="<p>អត្ថបទ</p>", publish_at=publish_at)
    actions.create(post, actor="test")
    actions.set_published(post, True, actor="test")
    return post


def test_a_moment_typed_in_phnom_penh_time_is_no_change_of_the_stored_utc_one(make_district):
    """The issue's false change of publication time: the form gives 14:00 in Phnom Penh, the
    database gives back 07:00 UTC, the same moment."""
    with tenant_context(make_district()):
        post = _published_post(datetime(2026, 1, 15, 14, 0, tzinfo=PHNOM_PENH))
        post.refresh_from_db()
        typed = datetime(2026, 1, 15, 14, 0, tzinfo=PHNOM_PENH)

        outcome = actions.change(
            post, {"title_km": "ព័ត៌មានថ្មី", "publish_at": typed}, actor="editor", may_publish=False
        )

        assert [row["field"] for row in outcome.revision.changes] == ["title_km"]


def test_publishing_a_proposal_changes_only_its_fields_and_keeps_the_publication_date(
    make_district,
):
    with tenant_context(make_district()):
        first = datetime(2026, 1, 15, 14, 0, tzinfo=PHNOM_PENH)
        post = _published_post(first)
        proposal = actions.change(
            post, {"title_km": "ចំណងជើងថ្មី"}, actor="editor", may_publish=False
        ).revision
        # A publisher corrects the body meanwhile: publishing the older proposal keeps it.
        actions.change(post, {"body_km": "<p>កែ</p>"}, actor="publisher", may_publish=True)

        actions.publish_proposal(proposal, actor="publisher")

        post.refresh_from_db()
        assert (post.title_km, post.body_km) == ("ចំណងជើងថ្មី", "<p>កែ</p>")
        assert post.publish_at == first
        assert proposal.review.outcome == Review.Outcome.PUBLISHED
        published = actions.history(post).first()
        assert published.action == Revision.Action.PUBLISHED
        assert published.restored_from == proposal
        assert list(actions.pending()) == []


def test_a_proposal_is_sent_back_only_with_a_comment_and_the_site_stays_as_it_was(make_district):
    with tenant_context(make_district()):
        page = Page.objects.get(slug="about")
        before = page.title_km
        proposal = actions.change(
            page, {"title_km": "ចំណងជើងខុស"}, actor="editor", may_publish=False
        ).revision

        with pytest.raises(ValueError):
            actions.send_back(proposal, comment="  ", actor="publisher")
        review = actions.send_back(proposal, comment="សូមពិនិត្យអក្ខរាវិរុទ្ធ", actor="publisher")

        assert Page.objects.get(pk=page.pk).title_km == before
        assert review.comment == "សូមពិនិត្យអក្ខរាវិរុទ្ធ"
        assert actions.history(page).first().action == Revision.Action.SENT_BACK
        with pytest.raises(actions.NotPending):
            actions.publish_proposal(proposal, actor="publisher")


def test_a_newer_proposal_for_the_same_item_replaces_the_older_in_the_queue(make_district):
    with tenant_context(make_district()):
        page = Page.objects.get(slug="about")
        older = actions.change(page, {"title_km": "ក"}, actor="editor", may_publish=False)
        newer = actions.change(page, {"title_km": "ខ"}, actor="editor", may_publish=False)

        assert list(actions.pending()) == [newer.revision]
        assert Review.objects.get(proposal=older.revision).outcome == Review.Outcome.SUPERSEDED
        assert actions.pending_ids(Page) == {page.pk}


def test_a_district_queue_never_holds_another_districts_proposals(district_a, district_b):
    with tenant_context(district_b):
        page = Page.objects.get(slug="about")
        actions.change(page, {"title_km": "ស្រុក ខ"}, actor="editor", may_publish=False)

    with tenant_context(district_a):
        assert not actions.pending().filter(object_repr__contains="ស្រុក ខ").exists()
