from django.urls import path

from . import views

# Mounted at /members/introductions/ in the "members:introductions" namespace.
app_name = "introductions"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    *[
        path(f"<int:pk>/{action}/", views.act, {"action": action}, name=action)
        for action in views.ANSWERS
    ],
    path("requests/<int:pk>/withdraw/", views.withdraw_request, name="withdraw_request"),
]
