from . import stats


def figures():
    waiting, oldest = stats.waiting()
    return {
        "feedback_waiting": waiting,
        "feedback_oldest_waiting_since": oldest,
        "feedback_median_answer_hours": stats.median_answer_hours(),
    }
