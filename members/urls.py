from django.urls import path

from .views import join

app_name = "members"

# Each feature adds its own routes here: join, dashboard, profile, directory, export, delete.
urlpatterns = [
    path("join/", join.join, name="join"),
]
