from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """Citizens' feedback: sent without an account, followed with a tracking code, answered by
    officers, and published as questions and answers when the officer chooses."""

    name = "district_site.feedback"
    label = "feedback"
