from django.apps import AppConfig


class ManageConfig(AppConfig):
    """The officer console at /manage/: where district officers keep their site current."""

    name = "district_site.manage"
    label = "manage"

    def ready(self):
        from django.conf import settings
        from django.urls import reverse

        from tenants import links

        def console_path(name):
            # Middleware and e-mails build these outside a district request: name the URL conf.
            return lambda *args: reverse(name, urlconf=settings.ROOT_URLCONF, args=args)

        # tenants links to these console pages by purpose, never by their names (tenants.links).
        links.register(links.OFFICER_INVITATION, console_path("manage:invitation"))
        links.register(links.SUPPORT_HANDOVER, console_path("manage:support"))
        links.register(links.OFFICER_LOGIN, console_path("manage:login"))

        from district_site.revisions.signals import proposal_reviewed

        proposal_reviewed.connect(tell_author_on_commit, dispatch_uid="manage.tell_author")


def tell_author_on_commit(sender, review, **kwargs):
    """Receiver of ``revisions.signals.proposal_reviewed``, inside the decision's transaction:
    the e-mail to the author is queued in the outbox with it (sent or not at all)."""
    from django.db import connection

    from tenants import outbox

    from .tasks import tell_author

    outbox.enqueue(tell_author, [review.pk], key=f"{connection.schema_name}:review:{review.pk}")
