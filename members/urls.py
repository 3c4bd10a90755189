from django.urls import path

from .views import dashboard, data, directory, join

app_name = "members"

# Each feature adds its own routes here: join, dashboard, profile, directory, export, delete.
urlpatterns = [
    path("join/", join.join, name="join"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("profile/", dashboard.profile, name="profile"),
    path("directory/", directory.directory, name="directory"),
    path("export/", data.export, name="export"),
    path("delete/", data.delete, name="delete"),
]
