from django.urls import include, path

from .views import dashboard, data, directory, fees, join, leave, organisation

# The member's own pages. The root URLconf mounts them at /members/ in the "members"
# namespace, which the hosting pages of events share.
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
    path("leave/", leave.leave, name="leave"),
    path("organisation/", organisation.contacts, name="organisation_contacts"),
    path(
        "organisation/contacts/<int:pk>/remove/",
        organisation.remove_contact,
        name="organisation_remove_contact",
    ),
    path(
        "organisation/invitations/<int:pk>/cancel/",
        organisation.cancel_invitation,
        name="organisation_cancel_invitation",
    ),
    path(
        "organisation/invitation/<str:token>/",
        organisation.invitation,
        name="organisation_invitation",
    ),
    path("introductions/", include("members.introductions.urls", namespace="introductions")),
]
