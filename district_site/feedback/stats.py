from statistics import median

from .models import Feedback


def median_answer_hours():
    """Median hours from a message's arrival to its answer, over every answered message; None
    before the first answer. The scorecard shows it: how long citizens wait is accountability."""
    delays = [
        (answered - created).total_seconds() / 3600
        for created, answered in Feedback.objects.filter(answered_at__isnull=False).values_list(
            "created_at", "answered_at"
        )
    ]
    return round(median(delays), 1) if delays else None


def waiting():
    """How many messages wait for an answer, and since when the oldest has."""
    open_ = Feedback.objects.filter(status__in=[Feedback.Status.NEW, Feedback.Status.ASSIGNED])
    oldest = open_.order_by("created_at").values_list("created_at", flat=True).first()
    return open_.count(), oldest
