"""Index content as it is saved, in the same transaction (and so in the same schema): a page
is searchable exactly when it is published. Whatever saves searchable content (an officer in
the console, an import, the demo's seeding, a revision restored) passes through ``save()`` or
``delete()`` and so through here; a restored backup is indexed afresh. Writes that bypass
``save()`` (``QuerySet.update``, ``bulk_create``) must not touch what documents are made of:
``index.differences()`` (``rebuild_search_index --check``) finds any such drift."""

from django.db.models.signals import post_delete, post_save

from . import index


def connect():
    for item in index.searchables():
        post_save.connect(
            _saved(item.kind),
            sender=item.model,
            weak=False,
            dispatch_uid=f"search-{item.kind}-saved",
        )
        post_delete.connect(
            _deleted(item.kind),
            sender=item.model,
            weak=False,
            dispatch_uid=f"search-{item.kind}-deleted",
        )
        for model, owner in item.follows:
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(
                    _part_changed(item.kind, owner),
                    sender=model,
                    weak=False,
                    dispatch_uid=f"search-{item.kind}-{model._meta.label_lower}-{name}",
                )


def _saved(kind):
    def receiver(sender, instance, **kwargs):
        index.refresh(kind, instance.pk)

    return receiver


def _deleted(kind):
    def receiver(sender, instance, **kwargs):
        index.remove(kind, instance.pk)

    return receiver


def _part_changed(kind, owner):
    def receiver(sender, instance, **kwargs):
        index.refresh(kind, owner(instance))

    return receiver


def after_restore(sender, district, **kwargs):
    """Receiver of ``tenants.signals.district_restored`` (runs in the restored schema): the
    backup's index was made by the code of its day, and may predate content it holds."""
    index.repair()
