"""The rows of the permission matrix (tests/test_permission_matrix.py).

Each row is a regular expression over the route text of URL patterns (as the
resolver walk spells them, e.g. "admin/memberships/edit/<int:pk>/"), the method
to use and the expected outcome per role. An outcome is a status ("200", "403",
"404", "405"...) or where a redirect goes: "login", "verify", "dashboard" (the
admin's "permission denied", back to /admin/ with a message) or "302" (elsewhere).
"a|b" accepts either. Every route must match exactly one row.
"""

import re
from dataclasses import dataclass, field

ROLES = [
    "anonymous",
    "unverified",
    "pending",
    "active",
    "lapsed",
    "host",
    "editor",
    "moderator",
    "officer",
    "manager",
    "communications",
    "superuser",
]

NON_STAFF = ("unverified", "pending", "active", "lapsed", "host")
STAFF = ("editor", "moderator", "officer", "manager", "communications")


@dataclass
class Rule:
    pattern: str
    cells: dict
    method: str = "GET"
    why: str = ""
    regex: re.Pattern = field(init=False)

    def __post_init__(self):
        self.regex = re.compile(self.pattern)
        missing = set(ROLES) - set(self.cells)
        assert not missing, f"{self.pattern}: no cell for {sorted(missing)}"

    def matches(self, route):
        return bool(self.regex.fullmatch(route))


def cells(default=None, **by_role):
    """Expected outcomes: ``default`` for everyone, overridden by role, or by the
    groups ``non_staff`` (the five signed-in people outside the admin) and ``staff``
    (the five groups; not the superuser)."""
    out = dict.fromkeys(ROLES, default)
    if "non_staff" in by_role:
        for role in NON_STAFF:
            out[role] = by_role["non_staff"]
    if "staff" in by_role:
        for role in STAFF:
            out[role] = by_role["staff"]
    for role, value in by_role.items():
        if role in ROLES:
            out[role] = value
    missing = [role for role, value in out.items() if value is None]
    assert not missing, missing
    return out


RULES: list[Rule] = []


def row(pattern, method="GET", why="", **by_role):
    RULES.append(Rule(pattern, cells(**by_role), method=method, why=why))


def rule_for(route):
    matches = [rule for rule in RULES if rule.matches(route)]
    return matches[0] if len(matches) == 1 else None


def expected_for(rule, role):
    return rule.cells[role]


L = "login"  # redirected to sign in
D = "dashboard"  # the admin's "permission denied": back to /admin/ with a message
V = "verify"  # asked to verify the email address first


def admin(
    pattern,
    editor,
    moderator,
    officer,
    manager,
    superuser,
    method="GET",
    why="",
    communications=None,
):
    """A row under /admin/: everyone outside the admin (anonymous and the five
    signed-in people who are not staff) is sent to sign in. Communications (who
    write bulletins) get what an officer gets unless told: a staff member with no
    say over pages, snippets or settings."""
    row(
        pattern,
        method=method,
        why=why,
        default=L,
        editor=editor,
        moderator=moderator,
        officer=officer,
        manager=manager,
        communications=officer if communications is None else communications,
        superuser=superuser,
    )


def everyone(pattern, outcome, method="GET", why=""):
    row(pattern, method=method, why=why, default=outcome)


def signed_in(pattern, outcome, method="GET", why=""):
    row(pattern, method=method, why=why, default=outcome, anonymous=L)


# --- Accounts (allauth) -----

row(r"accounts/login/", default="302", anonymous="200", why="signed in: sent on")
row(r"accounts/signup/", default="302", anonymous="200", why="signed in: sent on")
row(r"accounts/logout/", default="200", anonymous="302", why="a confirmation page; POST signs out")
everyone(r"accounts/inactive/", "200")
for route in (
    r"accounts/password/reset/",
    r"accounts/password/reset/done/",
    r"accounts/password/reset/key/done/",
    r"accounts/\^password/reset/key/.*",
):
    everyone(route, "200", why="a bad key shows its message")
for route in (
    r"accounts/reauthenticate/",
    r"accounts/email/",
    r"accounts/password/change/",
    r"accounts/2fa/",
):
    signed_in(route, "200")
for route in (
    r"accounts/confirm-email/",
    r"accounts/password/set/",  # they have a password: sent to change it
    r"accounts/login/code/confirm/",  # no code was asked for
    r"accounts/2fa/authenticate/",  # no sign-in in progress
    r"accounts/2fa/reauthenticate/",  # no authenticator to reauthenticate with
    r"accounts/2fa/totp/activate/",  # asks for the password first (reauthenticate)
    r"accounts/2fa/recovery-codes/generate/",
):
    signed_in(route, "302")
for route in (
    r"accounts/2fa/totp/deactivate/",  # nobody in the world has an authenticator
    r"accounts/2fa/recovery-codes/",
    r"accounts/2fa/recovery-codes/download/",
):
    signed_in(route, "404")

# --- Members' area -----

row(r"members/join/", default="200", anonymous=L, unverified=V)
signed_in(r"members/dashboard/", "200")
signed_in(r"members/profile/", "200")
signed_in(r"members/fee/pay/", "302", method="POST", why="nothing due: sent back with a message")
signed_in(r"members/fee/portal/", "302", method="POST", why="no Stripe customer: sent back")
signed_in(r"members/fee/return/", "404", why="no checkout of theirs to return from")
everyone(r"members/directory/", "200", why="each viewer sees what the listed members allow")
signed_in(r"members/export/", "200", why="their own data only")
signed_in(r"members/delete/", "200", why="their own account only")
row(
    r"members/leave/",
    default="302",
    anonymous=L,
    pending="200",
    active="200",
    lapsed="200",
    why="members only: anyone else is sent back to their dashboard",
)
signed_in(
    r"members/organisation/",
    "302",
    why="an organisation's main contact only: anyone else is sent back to their dashboard",
)
signed_in(
    r"members/organisation/contacts/<int:pk>/remove/",
    "404",
    why="only the contacts of the main contact's own organisation",
)
signed_in(
    r"members/organisation/invitations/<int:pk>/cancel/",
    "404",
    method="POST",
    why="only the invitations of the main contact's own organisation",
)
everyone(
    r"members/organisation/invitation/<str:token>/",
    "400",
    why="the signed link names the invitation: a made-up one is refused",
)
signed_in(r"members/hosting/", "200", why="the events they host (none for most)")
for route in (
    r"members/hosting/<int:event_id>/",
    r"members/hosting/<int:event_id>/attendees\.csv",
    r"members/hosting/<int:event_id>/numbers\.json",
):
    row(route, default="404", anonymous=L, host="200", why="only the event's own host contacts")
row(
    r"members/hosting/<int:event_id>/message/",
    default="404",
    anonymous=L,
    host="302",
    why="GET goes back to the hosting page; other people get 404",
)

# --- Stories members send -----

row(
    r"members/stories/new/",
    default="302",
    anonymous=L,
    active="200",
    why="members (and hosts of an event reported on) only: anyone else is sent to their dashboard",
)
for route in (r"members/stories/<int:pk>/", r"members/stories/<int:pk>/<slug:step>/"):
    signed_in(route, "404", why="someone else's story")
everyone(
    r"members/stories/follow-ups/stop/<str:token>/",
    "400",
    why="the opt-out link of a follow-up email, signed in or not: a link this site did not sign",
)

# --- Event requests -----

everyone(r"events/request/", "200", why="explains hosting; the form for councillors")
for route in (
    r"events/request/<int:pk>/",
    r"events/request/<int:pk>/answer/",
    r"events/request/<int:pk>/withdraw/",
    r"events/request/<int:pk>/outcome/",
):
    signed_in(route, "404", why="someone else's request; staff review it in the admin")

# --- Webhooks: only the provider, signed, may post -----

everyone(
    r"anymail/.*",
    "4xx",
    method="POST",
    why="an unsigned POST is refused (400); a provider the site does not use must not crash",
)
everyone(r"payments/stripe/webhook/", "400", method="POST", why="no Stripe signature")

# --- Public site -----

everyone(r"documents/\^.*", "200", why="a document in a public collection")
everyone(
    r"documents/authenticate_with_password/<int:restriction_id>/",
    "200",
    why="the password form of a private collection",
)
everyone(r"search/", "200")
everyone(r"healthz", "200")
everyone(r"robots\.txt", "200")
everyone(r"favicon\.ico", "302", why="to the site's icon, a static file")
everyone(r"sitemap\.xml", "200")
everyone(r"\^\(\?P<page_path>.*\.ics\)\$", "200", why="a published event's calendar file")
everyone(r"_util/authenticate_with_password/.*", "200", why="the password form of a private page")
everyone(r"_util/login/", "200")
everyone(r"\^\(\(\?:\[\\w\\-\]\+/\)\*\)\$", "200", why="a published event page")

# --- Wagtail admin: the shell -----

ALL = ("200",) * 5
admin(r"admin/", *ALL)
admin(r"admin/test404/", *ALL, why="Wagtail's own page for trying the 404 screen")
admin(r"admin/api/main/.*", *("404",) * 5, why="the admin API needs its own query; a bare GET 404s")
admin(
    r"admin/failwhale/",
    *("500",) * 5,
    why="Wagtail's deliberate error, for trying the 500 screen (staff only)",
)
admin(r"admin/account/", *ALL)
admin(r"admin/logout/", *(L,) * 5, method="POST")
admin(r"admin/dismissibles/", *ALL)
admin(
    r"admin/editing-sessions/ping/.*",
    "200",
    "200",
    "404",
    "404",
    "200",
    method="POST",
    why="people who may edit the page start a session; others may not see it",
)
admin(
    r"admin/editing-sessions/release/<int:session_id>/",
    *ALL,
    method="POST",
    why="Wagtail answers 200 whether or not the session exists (and releases only one's own)",
)
admin(r"admin/block-preview/", *("404",) * 5, why="no block named")
everyone(r"admin/sprite/", "200")
everyone(r"admin/jsi18n/", "200")
everyone(r"admin/login/", L, why="the admin signs in through allauth's page")
everyone(r"admin/password_reset/.*", "302", why="sent to allauth's password reset")
admin(r"admin/\^\.\*/\$", *("404",) * 5)

# --- Pages -----

EDITING = ("200", "200", D, D, "200")  # editors and moderators work on pages
PUBLISHING = (D, "200", D, D, "200")  # moderators only
for route in (
    r"admin/pages/",
    r"admin/pages/<int:parent_page_id>/",
    r"admin/pages/<int:parent_page_id>/results/",
    r"admin/pages/add/.*",
    r"admin/pages/usage/.*",
    r"admin/pages/<int:page_id>/usage/",
    r"admin/pages/<int:page_id>/edit/",
    r"admin/pages/<int:page_id>/edit/preview/",
    r"admin/pages/search/",
    r"admin/pages/search/results/",
    r"admin/pages/<int:page_id>/copy/",
    r"admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/",
    r"admin/pages/\^\(\?P<pk>.*compare.*",
    r"admin/pages/<int:page_id>/workflow_history/",
    r"admin/pages/<int:page_id>/workflow_history/detail/<int:workflow_state_id>/",
    r"admin/pages/<int:page_id>/history/",
    r"admin/pages/<int:page_id>/history/results/",
):
    admin(route, *EDITING)
for route in (
    r"admin/pages/<int:page_id>/view_draft/",
    r"admin/pages/<int:page_id>/revisions/<int:revision_id>/view/",
):
    admin(route, *EDITING, why="previewing the draft of an event page must not crash")
admin(
    r"admin/pages/workflow/preview/<int:page_id>/<int:task_id>/",
    *PUBLISHING,
    why="the moderator previews what was submitted; must not crash",
)
for route in (
    r"admin/pages/<int:page_id>/delete/",
    r"admin/pages/<int:page_id>/unpublish/",
    r"admin/pages/<int:page_to_move_id>/move/",
    r"admin/pages/workflow/action/.*",
    r"admin/pages/workflow/collect_action_data/.*",
    r"admin/pages/<int:page_id>/privacy/",
    r"admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/",
):
    admin(route, *PUBLISHING)
admin(r"admin/pages/<int:page_id>/lock/", D, "302", D, D, "302", method="POST")
admin(
    r"admin/pages/<int:page_id>/unlock/",
    D,
    D,
    D,
    D,
    "302",
    method="POST",
    why="only the person who locked it (or a superuser) unlocks",
)
admin(r"admin/pages/<int:page_to_move_id>/set_position/", D, "200", D, D, "200", method="POST")
admin(
    r"admin/pages/create/.*",
    "302",
    "302",
    "200",
    "200",
    "302",
    why="chooses a parent: straight there when there is one choice; none for officers",
)
admin(
    r"admin/pages/<int:parent_page_id>/add_subpage/",
    "302",
    "302",
    D,
    D,
    "302",
    why="one page type allowed: straight to its form",
)
admin(r"admin/pages/<int:page_id>/convert_alias/", *("404",) * 5, why="the page is no alias")
admin(r"admin/pages/<int:page_id>/revisions/", *("302",) * 5, why="to the page's history")
admin(
    r"admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/",
    *ALL,
    why="Wagtail shows the confirmation to any admin user; the POST checks permission",
)
admin(
    r"admin/pages/workflow/confirm_cancellation/<int:page_id>/",
    *ALL,
    why="Wagtail's modal text only; nothing is cancelled by a GET",
)
admin(r"admin/bulk/.*", *("404",) * 5, why="no pages chosen")

# Choosers: any admin user may choose (what they are offered is filtered)
for route in (
    r"admin/choose-page/.*",
    r"admin/choose-(external|email|phone|anchor)-link/",
    r"admin/tag-autocomplete/.*",
    r"admin/embeds/chooser/.*",
    r"admin/workflows/task_chooser/.*",
    r"admin/searchpicks/queries/chooser/.*",
    r"admin/snippets/choose/[a-z_]+/[a-z_]+/(results/|chosen/<str:pk>/|chosen-multiple/)?",
    r"admin/documents/chooser/(results/|chosen-multiple/)?",
    r"admin/images/chooser/(results/|chosen-multiple/)?",
):
    admin(route, *ALL)

# --- Reports -----

admin(r"admin/reports/locked/(results/)?", *PUBLISHING)
for name in ("workflow", "workflow_tasks", "aging-pages", "page-types-usage"):
    admin(rf"admin/reports/{name}/(results/)?", *EDITING)
admin(r"admin/reports/site-history/(results/)?", *ALL, why="each sees the history they may see")

# --- Superuser-only Wagtail screens -------------------------------------------------------------

SUPER = (D, D, D, D, "200")
for route in (
    r"admin/collections/",
    r"admin/collections/add/",
    r"admin/collections/<int:pk>/",
    r"admin/collections/<int:collection_id>/privacy/",
    r"admin/workflows/(list/|list/results/|add/|disable/<int:pk>/|edit/<int:pk>/)",
    r"admin/workflows/usage/<int:pk>/(results/)?",
    r"admin/workflows/tasks/(add/.*|index/|index/results/|edit/<int:pk>/|disable/<int:pk>/)",
    r"admin/searchpicks/(results/|add/|<int:query_id>/|<int:query_id>/delete/)?",
    r"admin/searchpicks/reports/search-terms/(results/)?",
    r"admin/sites/.*",
    r"admin/users/.*",
    r"admin/groups/.*",
    r"admin/images/<int:image_id>/",
    r"admin/images/<int:image_id>/delete/",
    r"admin/images/<int:image_id>/preview/<str:filter_spec>/",
    r"admin/images/usage/<int:image_id>/",
    r"admin/images/chooser/chosen/<str:pk>/",
    r"admin/images/chooser/<int:image_id>/select_format/",
):
    admin(route, *SUPER)
admin(
    r"admin/collections/<int:pk>/delete/",
    "404",
    "404",
    "404",
    "404",
    "200",
    why="a collection the user may not manage is not found",
)
admin(r"admin/workflows/tasks/select_type/", D, D, D, D, "302", why="one task type: straight on")
for route in (
    r"admin/workflows/enable/<int:pk>/",
    r"admin/workflows/tasks/enable/<int:pk>/",
    r"admin/workflows/remove/.*",
):
    admin(route, D, D, D, D, "302", method="POST")

# --- Documents and images (the editorial collections) -----

for route in (
    r"admin/documents/(results/|add/|multiple/add/)?",
    r"admin/documents/(edit|delete|usage)/<int:document_id>/",
    r"admin/documents/chooser/(chosen/<str:pk>/|create/)",
):
    admin(route, *EDITING)
for route in (r"admin/images/(results/|add/|multiple/add/)?", r"admin/images/chooser/create/"):
    admin(route, *EDITING, communications="200", why="Communications add images to bulletins")
for route in (r"admin/documents/multiple/.+", r"admin/images/multiple/.+"):
    if route.endswith("add/"):
        continue
    admin(
        route.replace(".+", "(?!add/).+"),
        *("405",) * 5,
        why="the upload screen's own XHR endpoints: POST with a file only",
    )
admin(
    r"admin/images/<int:image_id>/generate_url/(output/)?",
    "404",
    "404",
    D,
    D,
    "404",
    communications="404",
    why="no custom URLs configured (WAGTAILIMAGES_FEATURE_DETECTION etc.)",
)

# --- Forms, redirects, settings -----

admin(r"admin/forms/(results/)?", *EDITING, why="the site has no form pages: an empty list")
admin(
    r"admin/forms/submissions/<int:page_id>/(results/)?",
    *("404",) * 5,
    why="an event page is no form page",
)
admin(
    r"admin/forms/submissions/<int:page_id>/delete/",
    *(D,) * 5,
    why="an event page has no submissions to delete",
)
admin(
    r"admin/redirects/(results/|add/|<int:redirect_id>/|<int:redirect_id>/delete/|import/)?",
    *PUBLISHING,
)
admin(r"admin/redirects/import/process/", D, "405", D, D, "405", why="POST only")
admin(
    r"admin/settings/<slug:app_name>/<slug:model_name>/",
    D,
    "302",
    D,
    D,
    "302",
    why="to the default site's settings",
)
admin(r"admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/", *PUBLISHING)
admin(
    r"admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/",
    D,
    "404",
    D,
    D,
    "404",
    why="these settings have no preview",
)

# --- Snippets -----

admin(
    r"admin/snippets/",
    "200",
    "200",
    D,
    "200",
    "200",
    why="the snippets a user may manage: story service areas (editors), venues (managers)",
)
for model in ("author", "blogcategory"):
    base = rf"admin/snippets/blog/{model}/"
    admin(base + r"(results/|add/|edit/<int:pk>/|usage/<int:pk>/|copy/<int:pk>/)?", *EDITING)
    admin(base + r"(history|history-results)/<int:pk>/", *EDITING)
    admin(base + r"delete/<int:pk>/", *PUBLISHING)
    admin(rf"admin/snippets/choose/blog/{model}/create/", *EDITING)
VENUES = (D, D, D, "200", "200")  # event managers run venues
admin(
    r"admin/snippets/events/venue/(results/|add/|edit/<int:pk>/|usage/<int:pk>/|copy/<int:pk>/)?",
    *VENUES,
)
admin(r"admin/snippets/events/venue/(history|history-results)/<int:pk>/", *VENUES)
admin(r"admin/snippets/events/venue/delete/<int:pk>/", *SUPER)
admin(r"admin/snippets/choose/events/venue/create/", *VENUES)
SERVICE_AREAS = r"admin/snippets/stories/servicearea/"
admin(
    SERVICE_AREAS + r"(results/|add/|edit/<int:pk>/|usage/<int:pk>/|copy/<int:pk>/)?",
    *EDITING,
    why="editors keep the list of service areas stories are filed under",
)
admin(SERVICE_AREAS + r"(history|history-results)/<int:pk>/", *EDITING)
admin(SERVICE_AREAS + r"delete/<int:pk>/", *PUBLISHING)
admin(r"admin/snippets/choose/stories/servicearea/create/", *EDITING)

# --- Email -----

READ_ONLY_SUPER = (D, D, D, D, D)  # nobody adds, edits or deletes through the admin
admin(r"admin/outbound_emails/(results/|inspect/<int:pk>/)?", *SUPER)
admin(
    r"admin/outbound_emails/(new/|(edit|delete|history|history-results|usage)/<int:pk>/)",
    *READ_ONLY_SUPER,
)
admin(r"admin/undeliverable_addresses/(results/|inspect/<int:pk>/|delete/<int:pk>/)?", *SUPER)
admin(r"admin/undeliverable_addresses/(history|history-results)/<int:pk>/", *SUPER)
admin(r"admin/undeliverable_addresses/(new/|(edit|usage)/<int:pk>/)", *READ_ONLY_SUPER)

# --- Events -----

MANAGERS = (D, D, D, "200", "200")
admin(r"admin/events/check-in/<int:event_id>/(count/)?", *MANAGERS)
admin(
    r"admin/registrations/(results/|(edit|history|history-results|usage|inspect)/<int:pk>/)?",
    *MANAGERS,
)
admin(r"admin/registrations/(confirm|waitlist|cancel)/<int:pk>/", *MANAGERS)
admin(r"admin/registrations/event/<int:event_id>/(add|message|cancel)/", *MANAGERS)
admin(
    r"admin/registrations/(new/|(delete|copy)/<int:pk>/)",
    *READ_ONLY_SUPER,
    why="places are added per event, never deleted",
)
admin(
    r"admin/event_requests/(results/|(edit|history|history-results|usage|inspect|create-event)/"
    r"<int:pk>/)?",
    *MANAGERS,
)
admin(
    r"admin/event_requests/(new/|delete/<int:pk>/)",
    *READ_ONLY_SUPER,
    why="requests come from councils and are never deleted",
)
admin(r"admin/reports/event-attendance/(results/)?", *MANAGERS, why="a report on events held")

# --- Stories -----

admin(r"admin/reports/stories/(results/)?", *EDITING, why="the stories for funders' reports")
admin(
    r"admin/stories/<int:page_id>/consent/",
    *PUBLISHING,
    why="moderators record that consent to a quote was taken back",
)

# --- Membership -----

OFFICERS = (D, D, "200", D, "200")
NOT_COMMS = {"communications": D}  # the officers' and managers' screens are not theirs
admin(
    r"admin/memberships/(results/|(edit|history|history-results|usage|inspect)/<int:pk>/)?",
    *OFFICERS,
    **NOT_COMMS,
)
admin(
    r"admin/memberships/(approve|reject|suspend|reinstate|end|remove|fee/waive|fee/record"
    r"|contacts/invite)/<int:pk>/",
    *OFFICERS,
    **NOT_COMMS,
)
admin(r"admin/memberships/delete/<int:pk>/", *SUPER)
admin(
    r"admin/reports/members-by-authority/(results/)?",
    *OFFICERS,
    **NOT_COMMS,
    why="a report on who the members are",
)
admin(
    r"admin/memberships/(new/|copy/<int:pk>/)",
    *READ_ONLY_SUPER,
    why="memberships come from the join form",
)
admin(
    r"admin/council_commitments/(results/|new/|(edit|delete|history|history-results|usage)"
    r"/<int:pk>/)?",
    *OFFICERS,
    **NOT_COMMS,
    why="membership officers keep each council's Keep it Local commitments",
)
for viewset in ("organisations", "local_authorities"):
    admin(
        rf"admin/{viewset}/(results/|inspect/<int:pk>/)?",
        *OFFICERS,
        **NOT_COMMS,
        why="officers read them to decide applications",
    )
    admin(
        rf"admin/{viewset}/(new/|(edit|delete|history|history-results|usage|copy)/<int:pk>/)",
        *SUPER,
    )

# --- Payments -----

FINANCE = (D, D, "200", "200", "200")  # officers (fees) and managers (tickets)
for viewset in ("payments", "stripe-events"):
    admin(rf"admin/{viewset}/(results/|inspect/<int:pk>/)?", *FINANCE, **NOT_COMMS)
    admin(
        rf"admin/{viewset}/(new/|(edit|delete|history|history-results|usage)/<int:pk>/)",
        *READ_ONLY_SUPER,
        why="records of what Stripe said: never edited by hand",
    )

# --- Bulletins -----

COMMS = (D, D, D, D, "200")  # Communications write and send them
admin(
    r"admin/bulletins/(results/|new/|(edit|delete|history|history-results|usage|inspect)/<int:pk>/)?",
    *COMMS,
    communications="200",
)
admin(
    r"admin/bulletins/(preview/<int:pk>/(html/)?|send/<int:pk>/)",
    *COMMS,
    communications="200",
    why="the screens beyond the viewset's own ask for the send permission",
)
admin(
    r"admin/bulletins/(test|stop)/<int:pk>/",
    D,
    D,
    D,
    D,
    "302",
    communications="302",
    method="POST",
    why="a test sent, or a draft that cannot be stopped: back to the bulletin with a message",
)
everyone(r"councils/", "200")
everyone(
    r"councils/<slug:slug>/", "200", why="public: the listed members as each reader may see them"
)
everyone(r"bulletins/", "200")
row(
    r"bulletins/<slug:slug>/",
    default="404",
    anonymous=L,
    active="200",
    why="a members-only bulletin: members read it, others are asked to sign in or told no",
)
everyone(r"unsubscribe/<str:token>/", "400", why="a link this site did not sign")

# --- Introductions -----

signed_in(r"members/introductions/", "200", why="their own requests and introductions only")
row(
    r"members/introductions/new/",
    default="403",
    anonymous=L,
    active="200",
    why="active councillors, officers and organisations ask; anyone else is told why not",
)
signed_in(
    r"members/introductions/<int:pk>/(accept|decline|withdraw)/",
    "404",
    method="POST",
    why="only the two sides of an introduction answer it",
)
signed_in(
    r"members/introductions/requests/<int:pk>/withdraw/",
    "404",
    method="POST",
    why="only the requester withdraws their request",
)
admin(
    r"admin/introduction_requests/(results/|inspect/<int:pk>/)?",
    *OFFICERS,
    **NOT_COMMS,
    why="membership officers propose introductions",
)
admin(
    r"admin/introduction_requests/(new/|(edit|delete|history|history-results|usage)/<int:pk>/)",
    *READ_ONLY_SUPER,
    why="members ask on the site; staff act on the request's own page",
)

# --- Elections (members.elections) -----

admin(
    r"admin/elections/(results/|new/|import/|(inspect|edit|delete|history|history-results|usage)"
    r"/<int:pk>/)?",
    D,
    D,
    "200",
    "200",
    "200",
    communications=D,
    why="membership officers and event managers record elections and their periods",
)
