from django.apps import AppConfig


class ForumsConfig(AppConfig):
    """The council's information-sharing and consultation forums: announced before they
    happen, then reported with attendance, the questions citizens raised and the answers."""

    name = "district_site.forums"
    label = "forums"

    def ready(self):
        from district_site.revisions.signals import content_changed

        from . import actions
        from .models import Forum

        content_changed.connect(
            actions.announce_publication, sender=Forum, dispatch_uid="forum-published"
        )
