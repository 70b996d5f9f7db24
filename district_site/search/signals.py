"""What search announces. ``found_nothing(query=...)``: a citizen's search found nothing (sent
in the district's schema); the visits app counts them, search knows no app."""

from django.dispatch import Signal

found_nothing = Signal()
