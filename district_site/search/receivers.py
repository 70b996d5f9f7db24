"""Index content as it is saved, in the same transaction (and so in the same schema): a page
is searchable exactly when it is published."""

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


def _saved(kind):
    def receiver(sender, instance, **kwargs):
        index.index(kind, instance)

    return receiver


def _deleted(kind):
    def receiver(sender, instance, **kwargs):
        index.remove(kind, instance.pk)

    return receiver
