from django.dispatch import Signal

# Sent (sender=the model) after a change to content is applied, inside its transaction.
content_changed = Signal()

# Sent (sender=Review, review=) when a publisher published or sent back a proposal, inside the
# decision's transaction: the console tells the proposal's author.
proposal_reviewed = Signal()
