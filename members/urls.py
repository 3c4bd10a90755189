from django.urls import path

from events import hosting

from .views import dashboard, data, directory, fees, join

app_name = "members"

# Each feature adds its own routes here: join, dashboard, profile, directory, export, delete.
urlpatterns = [
    path("join/", join.join, name="join"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("profile/", dashboard.profile, name="profile"),
    path("fee/pay/", fees.fee_pay, name="fee_pay"),
    path("fee/return/", fees.fee_return, name="fee_return"),
    path("fee/portal/", fees.fee_portal, name="fee_portal"),
    path("directory/", directory.directory, name="directory"),
    path("export/", data.export, name="export"),
    path("delete/", data.delete, name="delete"),
    path("hosting/", hosting.hosting, name="hosting"),
    path("hosting/<int:event_id>/", hosting.hosting_event, name="hosting_event"),
    path("hosting/<int:event_id>/attendees.csv", hosting.hosting_export, name="hosting_export"),
    path("hosting/<int:event_id>/numbers.json", hosting.hosting_numbers, name="hosting_numbers"),
    path("hosting/<int:event_id>/message/", hosting.hosting_message, name="hosting_message"),
]
