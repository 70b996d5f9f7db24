"""The only way officers' changes to tracked content are saved: each writes its revision in the
same transaction, so the history can never miss a change nor name one that was rolled back.

A tracked model lists its content fields in ``REVISION_FIELDS`` and has ``is_published``.
Publication is not a content field: restoring an old version never publishes or withdraws.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import Revision
from .signals import content_changed


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
    return "" if value is None else str(value)


def _record(obj, action, *, by, data, changes, restored_from=None):
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        action=action,
        author=by if getattr(by, "pk", None) else None,
        author_name=getattr(by, "email", "") or str(by),
        data=data,
        changes=changes,
        restored_from=restored_from,
    )


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


@transaction.atomic
def create(obj, *, by, announce=True):
    """Save new content (a draft unless it says otherwise) with its first revision.
    ``announce=False`` while a district is being built: nothing is on its site yet to refresh,
    and work queued then would run in whichever schema is active at commit."""
    obj.save()
    after = snapshot(obj)
    revision = _record(
        obj,
        Revision.Action.CREATED,
        by=by,
        data=after,
        changes=diff(type(obj), {}, after),
    )
    if announce:
        content_changed.send(type(obj), instance=obj)
    return revision


@transaction.atomic
def change(obj, fields, *, by, may_publish, restored_from=None):
    """Apply ``fields`` to ``obj``; but when ``obj`` is on the site and the officer may not
    publish, keep the change as a proposal for a publisher and leave the site as it is."""
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    before = snapshot(obj)
    after = {**before, **fields}
    changes = diff(type(obj), before, after)
    if obj.is_published and not may_publish:
        revision = _record(obj, Revision.Action.PROPOSED, by=by, data=after, changes=changes)
        return Outcome(revision, applied=False)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()
    revision = _record(
        obj,
        Revision.Action.RESTORED if restored_from else Revision.Action.EDITED,
        by=by,
        data=snapshot(obj),
        changes=changes,
        restored_from=restored_from,
    )
    content_changed.send(type(obj), instance=obj)
    return Outcome(revision, applied=True)


def restore(revision, *, by, may_publish):
    """Bring back the content as it was in ``revision`` (or as a proposal proposed it)."""
    obj = revision.content_type.get_object_for_this_type(pk=revision.object_id)
    fields = _values_from(type(obj), revision.data)
    return change(obj, fields, by=by, may_publish=may_publish, restored_from=revision)


@transaction.atomic
def set_published(obj, published, *, by):
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    if obj.is_published == published:
        return None
    obj.is_published = published
    obj.save()
    revision = _record(
        obj,
        Revision.Action.PUBLISHED if published else Revision.Action.UNPUBLISHED,
        by=by,
        data=snapshot(obj),
        changes=[],
    )
    content_changed.send(type(obj), instance=obj)
    return revision


@transaction.atomic
def delete(obj, *, by):
    _record(obj, Revision.Action.DELETED, by=by, data=snapshot(obj), changes=[])
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
    ).select_related("author")
