from django.urls import path  # noqa: F401

app_name = "members"

# Each feature adds its own routes here: join, dashboard, profile, directory, export, delete.
urlpatterns = []
