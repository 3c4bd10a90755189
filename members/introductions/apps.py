from django.apps import AppConfig


class IntroductionsConfig(AppConfig):
    """Introductions: a member asks to meet others working in an area; staff propose
    whom; contact details are shared only when both sides accept."""

    name = "members.introductions"
    label = "introductions"
    verbose_name = "Introductions"
