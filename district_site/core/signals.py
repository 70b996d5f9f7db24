"""What the district's apps announce to one another, so that an app reacts to another's content
without the publishing app naming it."""

from django.dispatch import Signal

# Sent by an app's publish action inside its transaction, in the district's schema, when citizens
# can read something new (e.g. a budget version). Args: kind (the app label, e.g. "budget").
# Receivers that start background work do so with transaction.on_commit.
content_published = Signal()
