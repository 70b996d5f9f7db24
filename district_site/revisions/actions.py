"""The only way officers' changes to tracked content are saved: each writes its revision in the
same transaction, so the history can never miss a change nor name one that was rolled back.

A tracked model lists its content fields in ``REVISION_FIELDS`` and has ``is_published``.
Publication is not a content field: restoring an old version never publishes or withdraws.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .models import Review, Revision
from .signals import content_changed, proposal_reviewed


def snapshot(obj):
    return {name: getattr(obj, name) for name in obj.REVISION_FIELDS}


def diff(model, before, after):
    """[{field, old, new}] for each tracked field whose value differs."""
    changes = []
    for name in model.REVISION_FIELDS:
        old, new = before.get(name), after.get(name)
        if _comparable(old) != _comparable(new):
            changes.append({"field": name, "old": old, "new": new})
    return changes


def _comparable(value):
    """Values as text to compare; a moment in UTC, so the same time read back from the
    database (UTC) and typed in a form (Phnom Penh) is no change."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return value.astimezone(UTC).isoformat()
    return str(value)


def _record(obj, action, *, actor, data, changes, restored_from=None):
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        action=action,
        author=actor if getattr(actor, "pk", None) else None,
        author_name=getattr(actor, "email", "") or str(actor),
        data=data,
        changes=changes,
        restored_from=restored_from,
    )


def record(obj, action, *, actor, changes=()):
    """Write who did ``action`` to ``obj`` in the district's audit log, for content whose
    history is not kept for restoring (a budget's draft, the district profile, a citizen's
    feedback): every action that accepts an actor records it, here or in a field of its own.
    ``changes`` as ``diff`` makes them, with the model's own field names, so the log labels
    them in the reader's language."""
    return _record(obj, action, actor=actor, data={}, changes=list(changes))


def field_changes(obj, fields):
    """``diff``'s rows for setting ``fields`` (name -> new value) on ``obj``, before they are set:
    for models without ``REVISION_FIELDS``."""
    return [
        {"field": name, "old": getattr(obj, name), "new": value}
        for name, value in fields.items()
        if _comparable(getattr(obj, name)) != _comparable(value)
    ]


def save_recorded(obj, fields, action, *, actor, also=None):
    """Set ``fields`` (name -> new value) on ``obj``, and ``also`` (what follows from them and
    the log need not show, such as a position), save it, and record ``action`` with the fields
    that changed: for models without ``REVISION_FIELDS``."""
    changes = field_changes(obj, fields)
    for name, value in {**fields, **(also or {})}.items():
        setattr(obj, name, value)
    obj.save()
    record(obj, action, actor=actor, changes=changes)
    return obj


def _values_from(model, data):
    """A revision's stored JSON back into field values (dates were stored as text)."""
    return {
        name: model._meta.get_field(name).to_python(data[name])
        for name in model.REVISION_FIELDS
        if name in data
    }


@dataclass
class Outcome:
    revision: Revision
    applied: bool  # False: saved as a proposal, the site is unchanged


def _save(obj, action, *, actor, changes, restored_from=None):
    """Save ``obj`` as it now is, record ``action`` with its new state, and tell the apps
    (content_changed) while the transaction is open."""
    obj.save()
    revision = _record(
        obj, action, actor=actor, data=snapshot(obj), changes=changes, restored_from=restored_from
    )
    content_changed.send(type(obj), instance=obj)
    return revision


@transaction.atomic
def create(obj, *, actor, announce=True):
    """Save new content (a draft unless it says otherwise) with its first revision.
    ``announce=False`` while a district is being built: nothing is on its site yet to refresh,
    and work queued then would run in whichever schema is active at commit."""
    obj.save()
    after = snapshot(obj)
    revision = _record(
        obj,
        Revision.Action.CREATED,
        actor=actor,
        data=after,
        changes=diff(type(obj), {}, after),
    )
    if announce:
        content_changed.send(type(obj), instance=obj)
    return revision


@transaction.atomic
def change(obj, fields, *, actor, may_publish, restored_from=None):
    """Apply ``fields`` to ``obj``; but when ``obj`` is on the site and the officer may not
    publish, keep the change as a proposal for a publisher and leave the site as it is."""
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    before = snapshot(obj)
    after = {**before, **fields}
    changes = diff(type(obj), before, after)
    if obj.is_published and not may_publish:
        # The newest proposal for an item is the one a publisher reviews: each is the whole
        # item as its author wants it, so an older one would undo the newer.
        _close_pending(obj, Review.Outcome.SUPERSEDED)
        revision = _record(obj, Revision.Action.PROPOSED, actor=actor, data=after, changes=changes)
        return Outcome(revision, applied=False)
    for name, value in fields.items():
        setattr(obj, name, value)
    action = Revision.Action.RESTORED if restored_from else Revision.Action.EDITED
    revision = _save(obj, action, actor=actor, changes=changes, restored_from=restored_from)
    return Outcome(revision, applied=True)


def restore(revision, *, actor, may_publish):
    """Bring back the content as it was in ``revision`` (or as a proposal proposed it). A
    publisher "restoring" a proposal still waiting publishes it, as the review queue does; a
    proposal a publisher already decided on (published, sent back, replaced) is not brought back
    from the history behind that decision: NotPending."""
    if revision.action == Revision.Action.PROPOSED:
        if not is_pending(revision):
            raise NotPending
        if may_publish:
            return publish_proposal(revision, actor=actor)
    obj = revision.content_type.get_object_for_this_type(pk=revision.object_id)
    fields = _values_from(type(obj), revision.data)
    return change(obj, fields, actor=actor, may_publish=may_publish, restored_from=revision)


@transaction.atomic
def set_published(obj, published, *, actor):
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    if obj.is_published == published:
        return None
    obj.is_published = published
    action = Revision.Action.PUBLISHED if published else Revision.Action.UNPUBLISHED
    return _save(obj, action, actor=actor, changes=[])


@transaction.atomic
def delete(obj, *, actor):
    _close_pending(obj, Review.Outcome.SUPERSEDED)
    _record(obj, Revision.Action.DELETED, actor=actor, data=snapshot(obj), changes=[])
    obj.delete()
    content_changed.send(type(obj), instance=obj)


def changed_what_citizens_see(obj):
    """For a receiver of ``content_changed``: whether the change just announced for ``obj``
    changed what citizens can read, i.e. ``obj`` is on the site (published, edited while
    published, or deleted while published), or it was just withdrawn. Edits of drafts don't."""
    if obj.is_published:
        return True
    if obj.pk is None:  # a deleted draft
        return False
    latest = history(obj).order_by("-pk").values_list("action", flat=True).first()
    return latest == Revision.Action.UNPUBLISHED


def history(obj):
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
    ).select_related("author", "review")


# The review queue ---------------------------------------------------------------------------
#
# An editor's change to an item on the site is a proposal (a PROPOSED revision); so is a new part
# an editor adds to an item on the site (a project's progress update), saved unpublished with
# ``propose_new``. A publisher publishes it or sends it back with a comment; either way a Review
# records the decision and ``proposal_reviewed`` tells the console, which tells the author.


def pending():
    """The proposals waiting for a publisher, oldest first (the first asked, the first served)."""
    return (
        Revision.objects.filter(action=Revision.Action.PROPOSED, review__isnull=True)
        .select_related("content_type", "author")
        .order_by("created_at", "pk")
    )


def is_pending(revision):
    return (
        revision.action == Revision.Action.PROPOSED
        and not Review.objects.filter(proposal=revision).exists()
    )


def pending_ids(model):
    """The ids of ``model``'s items with a proposal waiting: for the console's lists."""
    return set(
        pending()
        .filter(content_type=ContentType.objects.get_for_model(model, for_concrete_model=True))
        .values_list("object_id", flat=True)
    )


@transaction.atomic
def propose_new(obj, *, actor):
    """Record ``obj``, just saved unpublished as a new part of an item on the site, as a proposal:
    it reaches citizens when a publisher publishes it from the queue."""
    after = snapshot(obj)
    return _record(
        obj, Revision.Action.PROPOSED, actor=actor, data=after, changes=diff(type(obj), {}, after)
    )


class NotPending(Exception):
    """The proposal was already published, sent back or replaced (two publishers at once)."""


def _locked_pending(revision):
    # Locking the proposal makes two publishers deciding at once take turns; the second finds
    # the first's review and is told so.
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if not is_pending(revision):
        raise NotPending
    return revision


def _review(revision, outcome, *, actor, comment=""):
    review = Review.objects.create(
        proposal=revision,
        outcome=outcome,
        comment=comment,
        reviewer=actor if getattr(actor, "pk", None) else None,
        reviewer_name=getattr(actor, "email", "") or str(actor),
    )
    proposal_reviewed.send(Review, review=review)
    return review


def _close_pending(obj, outcome):
    """Close the proposals still waiting for ``obj`` (no one is told: nothing was decided)."""
    waiting = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        action=Revision.Action.PROPOSED,
        review__isnull=True,
    )
    Review.objects.bulk_create(Review(proposal=each, outcome=outcome) for each in waiting)


@transaction.atomic
def publish_proposal(revision, *, actor):
    """Put the proposal on the site: only the fields it changed, so a publisher's own edit made
    meanwhile to other fields stays, and fields it did not touch (a news post's publication
    date) keep their value. A new part never on the site is published with it."""
    revision = _locked_pending(revision)
    model = revision.content_type.model_class()
    obj = model.objects.select_for_update().get(pk=revision.object_id)
    proposed = _values_from(model, revision.data)
    fields = {
        row["field"]: proposed[row["field"]] for row in revision.changes if row["field"] in proposed
    }
    before = snapshot(obj)
    never_on_site = not history(obj).filter(action=Revision.Action.PUBLISHED).exists()
    for name, value in fields.items():
        setattr(obj, name, value)
    if not obj.is_published and never_on_site:
        obj.is_published = True
    obj.save()
    # One entry in the item's history: published, by the publisher, from the author's proposal
    # (``restored_from``), with what changed on the site.
    published = _record(
        obj,
        Revision.Action.PUBLISHED,
        actor=actor,
        data=snapshot(obj),
        changes=diff(model, before, snapshot(obj)),
        restored_from=revision,
    )
    content_changed.send(model, instance=obj)
    _review(revision, Review.Outcome.PUBLISHED, actor=actor)
    return Outcome(published, applied=True)


@transaction.atomic
def send_back(revision, *, comment, actor):
    """Refuse the proposal with a comment its author reads; the site stays as it is."""
    comment = comment.strip()
    if not comment:
        raise ValueError("a proposal is sent back with a comment")
    revision = _locked_pending(revision)
    obj = revision.content_type.model_class().objects.filter(pk=revision.object_id).first()
    if obj is not None:  # else gone with its parent (a project's update): only the review
        _record(obj, Revision.Action.SENT_BACK, actor=actor, data={}, changes=[])
    return _review(revision, Review.Outcome.SENT_BACK, actor=actor, comment=comment)


# How long a decision stays among an author's notices: long enough for an officer who works on
# the site once a week or two, short enough that the console's home is not a log.
NOTICE_DAYS = 30


def reviews_for(user, *, limit=10):
    """The latest decisions on ``user``'s proposals, for their console home."""
    since = timezone.now() - timedelta(days=NOTICE_DAYS)
    return (
        Review.objects.filter(proposal__author=user, created_at__gte=since)
        .exclude(outcome=Review.Outcome.SUPERSEDED)
        .select_related("proposal")[:limit]
    )
