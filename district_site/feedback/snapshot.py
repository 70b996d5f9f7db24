from datetime import datetime

from . import stats

# The figures figures() returns, and their kinds (district_site/core/contributions.py).
FIGURES = {
    "feedback_waiting": int,
    "feedback_oldest_waiting_since": datetime,
    "feedback_median_answer_hours": float,
}


def figures():
    waiting, oldest = stats.waiting()
    return {
        "feedback_waiting": waiting,
        "feedback_oldest_waiting_since": oldest,
        "feedback_median_answer_hours": stats.median_answer_hours(),
    }
