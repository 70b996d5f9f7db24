from django.dispatch import Signal

# Sent (sender=the model) after a change to content is applied, inside its transaction.
content_changed = Signal()
