"""The home page's "Your voice" section (district_site.core.contributions): how to send
feedback, and the latest published answers."""

from .models import Feedback

# After every app's content: citizens read what the district did before saying what it should.
ORDER = 90
LATEST = 3


def section(request):
    """Always shown: sending feedback needs no answers to exist."""
    answers = Feedback.objects.filter(reply_published=True).exclude(reply="")[:LATEST]
    return {"answers": answers}
