"""Hostile input: every payload of tests/hostile_inputs.txt through every public and
member form, then a sample of saved payloads rendered in a real Chromium.

With the Django test client, each form gets each payload in all its text fields at
once (and in each strictly checked field, an address or a web address, on its own,
the other fields valid). Every answer must be a success or a 4xx with the message
beside a field, never a 5xx; a refused submission changes no row of any of the
site's tables; and no page echoes a payload that holds < or " unescaped. Each
submission runs in a savepoint that is rolled back, so every payload meets the same
starting state (a form that saves once and then shows "already done" would
otherwise test only the first payload).

In the browser, pages that show saved payloads (the directory, the member's
dashboard and profile, an event request's page with its updates and outcome, site
search, and the admin's inspect page of a membership) run with window.alert,
confirm and prompt replaced by recorders: none may be called, window.__xss (which
some payloads try to set) must stay unset, and the fixtures of conftest.py fail
on any console error, failed load or Content-Security-Policy violation.
"""

import copy
import re
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from events.models import EventHostContact
from events.requests import services as event_requests
from events.requests.models import EventRequest, EventRequestOutcome
from members.models import Membership
from tests.events.requests.form_data import valid_data
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    EventRequestFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    named_registration,
)
from tests.members.membership_roles import event_manager, reviewer, verified_user

from .conftest import SCREENSHOTS, axe_check

PAYLOAD_FILE = Path(__file__).resolve().parents[1] / "hostile_inputs.txt"
PASSWORD = "a-long-and-unusual-password-42"
Status = EventRequest.Status


def load_payloads(path=PAYLOAD_FILE):
    payloads = []
    for line in path.read_text(encoding="ascii").splitlines():
        if not line.strip() or line.startswith("# ") or line == "#":
            continue
        if line.startswith("@repeat "):
            _, count, text = line.split(" ", 2)
            payloads.append(text.encode("ascii").decode("unicode_escape") * int(count))
            continue
        payloads.append(line.encode("ascii").decode("unicode_escape"))
    return payloads


PAYLOADS = load_payloads()


def test_the_corpus_is_large_and_decoded():
    assert len(PAYLOADS) >= 60
    assert len(set(PAYLOADS)) == len(PAYLOADS), "a payload is listed twice"
    assert "Subject\r\nBcc: victim@example.invalid" in PAYLOADS
    assert "nul\x00byte" in PAYLOADS
    assert "\u202egnp.exe" in PAYLOADS
    assert any(len(payload) >= 100_000 for payload in PAYLOADS)


# What every answer must satisfy


# Rows of these apps (and allauth's addresses) must not change when a form is refused.
COUNTED_APPS = {
    "members",
    "events",
    "event_requests",
    "payments",
    "network_site",
    "account",
    "django_tasks_database",
    "wagtailcore",
}


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in COUNTED_APPS and not model._meta.proxy
    }


@contextmanager
def rolled_back(client):
    """Run a block in a savepoint that is then undone, with the client's cookies and
    the cache as they were (sessions are cached: a session row made or changed in the
    savepoint must not outlive it in the cache, nor a cookie that names it)."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        cache.clear()
        client.cookies = cookies


def warm_up(client, urls):
    """Before the first payload: a session of the client's own (saved outside the
    savepoints) and the rows a first visit makes (the site's settings, read with
    get-or-create), so that they do not count as rows saved by a refused form."""
    session = client.session
    session["hostile_inputs"] = True
    session.save()
    for url in urls:
        client.get(url)


class _ActiveMarkup(HTMLParser):
    """What in a page would run script: event handler attributes, script: addresses
    and inline scripts, as the browser would parse them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") and re.search(r"alert|__xss|confirm|prompt", value):
                self.found.append(f"<{tag} {name}={value[:40]!r}>")
            if name in ("href", "src", "action", "formaction", "data") and re.match(
                r"(javascript|vbscript|data):", value.replace("\x00", "")
            ):
                self.found.append(f"<{tag} {name}={value[:40]!r}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and re.search(r"alert\(|__xss", data):
            self.found.append(f"<script>{data.strip()[:40]!r}")


def active_markup(html):
    parser = _ActiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.found


def _echo_defects(html, payload):
    """The ways a page may show a payload unescaped."""
    found = []
    if "<" in payload or '"' in payload:
        for variant in {payload, payload.strip(), payload.replace("\x00", "")}:
            if len(variant) >= 2 and ("<" in variant or '"' in variant) and variant in html:
                found.append(f"echoed unescaped: {variant[:80]!r}")
        # Truncated echoes (a search box keeps the first 200 characters).
        head = payload.strip()[:200]
        if ("<" in head or '"' in head) and len(head) >= 8 and head in html:
            found.append(f"echoed unescaped (first 200 characters): {head[:80]!r}")
    found += [f"page holds active markup {markup}" for markup in active_markup(html)]
    return sorted(set(found))


def test_the_checks_catch_an_unescaped_echo():
    payload = '"><img src=x onerror=alert(1)>'
    assert _echo_defects(f'<input value="{payload}">', payload)
    assert _echo_defects('<a href="javascript:alert(1)">x</a>', "javascript:alert(1)")
    assert _echo_defects("<p>" + "<b>" * 300 + "</p>", "<b>" * 1000)  # a truncated echo
    escaped = '<input value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">'
    assert _echo_defects(escaped, payload) == []
    assert _echo_defects("<p>javascript:alert(1)</p>", "javascript:alert(1)") == []


class Findings:
    """Collects every broken rule, so one run reports all of them, not the first."""

    def __init__(self, form, *, refuses_with_200=False):
        self.form = form
        self.problems = []
        # allauth's own views answer a refused form with 200 (tests/members/test_accounts.py
        # expects it): the message beside the field is still required.
        self.refuses_with_200 = refuses_with_200

    def add(self, field, payload, what):
        self.problems.append(f"{self.form} / {field} / {payload[:60]!r}: {what}")

    def check(self, response, fields, payload, before, *, html_pages=(), oversized=False):
        """Check one answer: no 5xx, a success or a 4xx with a message beside a field,
        nothing saved when refused, nothing echoed unescaped."""
        label = ",".join(fields)
        status = response.status_code
        html = response.content.decode(errors="replace")
        if status >= 500:
            self.add(label, payload, f"answered {status}")
            return False
        refused = 400 <= status < 500
        if status == 200 and 'class="field__error"' in html:
            if not self.refuses_with_200:
                self.add(label, payload, "refused with 200 instead of a 4xx")
            refused = True
        if refused:
            # A body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused by Django before any form
            # sees it: its 400 page is the answer, nothing else is asked of it.
            if (
                status not in (403, 404, 405)
                and not (oversized and status == 400)
                and 'class="field__error"' not in html
            ):
                self.add(label, payload, f"{status} without a message beside a field")
            after = row_counts()
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            if changed:
                self.add(label, payload, f"refused with {status} but rows changed: {changed}")
        for problem in _echo_defects(html, payload):
            self.add(label, payload, f"{status} {problem}")
        for url, page_html in html_pages:
            for problem in _echo_defects(page_html, payload):
                self.add(label, payload, f"{url} {problem}")
        return not refused

    def assert_none(self):
        assert not self.problems, f"{len(self.problems)} problem(s):\n" + "\n".join(
            self.problems[:60]
        )


def submit_each(
    client,
    url,
    findings,
    *,
    valid,
    text_fields,
    strict_fields=(),
    shown_on=(),
    capture=None,
    method="post",
    prefix="",
):
    """Send every payload: once in all text fields together, once in each strict field
    alone; the rest of the form is ``valid``. After a success, the pages ``shown_on``
    are read back (still inside the savepoint) for echoes."""
    batches = [tuple(text_fields)] if text_fields else []
    batches += [(field,) for field in strict_fields]
    successes = 0
    warm_up(client, [url, *shown_on])
    for payload in PAYLOADS:
        for fields in batches:
            data = {**valid, **{prefix + field: payload for field in fields}}
            with rolled_back(client):
                before = row_counts()
                send = getattr(client, method)
                if capture is not None:
                    with capture(execute=True):
                        response = send(url, data)
                else:
                    response = send(url, data)
                pages = []
                if response.status_code < 400:
                    for page_url in shown_on:
                        page_response = client.get(page_url)
                        if page_response.status_code >= 500:
                            findings.add(
                                ",".join(fields),
                                payload,
                                f"{page_url} answered {page_response.status_code}",
                            )
                        pages.append((page_url, page_response.content.decode(errors="replace")))
                oversized = (
                    method == "post"
                    and len(urlencode(data, doseq=True)) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
                )
                if findings.check(
                    response, fields, payload, before, html_pages=pages, oversized=oversized
                ):
                    successes += 1
    return successes


def assert_every_payload_handled(client, form, url, **submit):
    """Send every payload to ``url`` (``submit_each``): no rule is broken, and at
    least one payload is accepted, so the ``valid`` data really is valid."""
    findings = Findings(form)
    successes = submit_each(client, url, findings, **submit)
    findings.assert_none()
    assert successes, f"{form}: no payload was ever accepted: the valid data is not valid"


# The Django test client, form by form


def member_of(authority, category=Membership.Category.COUNCILLOR, **kwargs):
    user = verified_user(password=PASSWORD, **kwargs)
    membership = MembershipFactory(
        user=user,
        local_authority=authority,
        category=category,
        status=Membership.Status.ACTIVE,
        directory_visibility=Membership.Visibility.PUBLIC,
    )
    return membership


@pytest.fixture
def councillor(leeds):
    return member_of(leeds, first_name="Asha", last_name="Patel").user


JOIN_CATEGORIES = {
    "councillor": (
        ["first_name", "last_name", "councillor_ward"],
        lambda authority: {"councillor_authority": authority.pk},
        [],
    ),
    "officer": (
        ["first_name", "last_name", "officer_job_title"],
        lambda authority: {"officer_authority": authority.pk},
        [],
    ),
    "organisation": (
        [
            "first_name",
            "last_name",
            "organisation_name",
            "organisation_role",
        ],
        lambda authority: {
            "organisation_income_band": "100k-1m",
            "organisation_authorities": [authority.pk],
            "organisation_website": "chapeltown.example.org",
            "organisation_charity_number": "1123 456",
            "organisation_company_number": "",
        },
        ["organisation_website", "organisation_charity_number", "organisation_company_number"],
    ),
    "policy": (["first_name", "last_name", "policy_organisation", "policy_job_title"], None, []),
    "other": (["first_name", "last_name", "other_organisation", "other_about"], None, []),
}


@pytest.mark.django_db
@pytest.mark.parametrize("category", list(JOIN_CATEGORIES))
def test_join(client, leeds, category):
    text_fields, extra, strict = JOIN_CATEGORIES[category]
    client.force_login(verified_user(first_name="", last_name=""))
    valid = {"first_name": "Ada", "last_name": "Lovelace", "category": category}
    valid.update({field: "Valid text" for field in text_fields if field not in valid})
    if extra:
        valid.update(extra(leeds))
    assert_every_payload_handled(
        client,
        f"join ({category})",
        "/members/join/",
        valid=valid,
        text_fields=text_fields,
        strict_fields=strict,
        shown_on=["/members/join/", "/members/dashboard/"],
    )


@pytest.mark.django_db
def test_profile_of_a_councillor(client, leeds):
    membership = member_of(leeds, first_name="Asha", last_name="Patel")
    client.force_login(membership.user)
    assert_every_payload_handled(
        client,
        "profile (councillor)",
        "/members/profile/",
        valid={
            "first_name": "Asha",
            "last_name": "Patel",
            "job_title": "Leader",
            "ward": "Armley",
            "bio": "Twenty years.",
            "directory_visibility": Membership.Visibility.PUBLIC,
        },
        text_fields=["first_name", "last_name", "job_title", "ward", "bio"],
        shown_on=["/members/profile/", "/members/dashboard/", "/members/directory/"],
    )


@pytest.mark.django_db
def test_profile_of_an_organisation_contact(client):
    membership = MembershipFactory(
        status=Membership.Status.ACTIVE,
        for_organisation=True,
        organisation__name="Armley Community Trust",
        directory_visibility=Membership.Visibility.PUBLIC,
    )
    client.force_login(membership.user)
    form = client.get("/members/profile/").context["form"]
    valid = dict.fromkeys(form.fields, "")
    valid.update(
        {
            "first_name": "Olu",
            "last_name": "Contact",
            "directory_visibility": Membership.Visibility.PUBLIC,
            "website": "https://armley.example.org",
        }
    )
    if "income_band" in form.fields:
        valid["income_band"] = form.fields["income_band"].choices[-1][0]
    valid.pop("marketing_consent", None)
    strict = ["website", "charity_number", "company_number"]
    text_fields = [
        name
        for name in form.fields
        if name not in (*strict, "directory_visibility", "income_band", "marketing_consent")
    ]
    assert_every_payload_handled(
        client,
        "profile (organisation contact)",
        "/members/profile/",
        valid=valid,
        text_fields=text_fields,
        strict_fields=[name for name in strict if name in form.fields],
        shown_on=["/members/profile/", "/members/directory/"],
    )


@pytest.fixture
def event(home_page):
    index = EventIndexPageFactory(parent=home_page)
    return EventPageFactory(parent=index, capacity=500, slug="summit", members_only=False)


@pytest.mark.django_db
def test_event_registration_by_a_guest(client, event):
    assert_every_payload_handled(
        client,
        "event registration (guest)",
        f"/events/{event.slug}/register/",
        valid={"registration-name": "Grace Guest", "registration-email": "grace@example.org"},
        text_fields=["name", "access_needs", "dietary_needs"],
        strict_fields=["email"],
        prefix="registration-",
    )


@pytest.mark.django_db
def test_event_registration_by_a_member(client, event, leeds):
    client.force_login(member_of(leeds, first_name="Mo", last_name="Member").user)
    assert_every_payload_handled(
        client,
        "event registration (member)",
        f"/events/{event.slug}/register/",
        valid={"registration-share_with_hosts": "on"},
        text_fields=["access_needs", "dietary_needs"],
        prefix="registration-",
        shown_on=[event.url, "/members/dashboard/"],
    )


REQUEST_TEXT_FIELDS = [
    "title",
    "theme",
    "aims",
    "venue_name",
    "venue_address",
    "venue_accessibility",
    "other_co_hosts",
]


@pytest.mark.django_db
def test_event_request_form(client, leeds, councillor, django_capture_on_commit_callbacks):
    client.force_login(councillor)
    assert_every_payload_handled(
        client,
        "event request",
        "/events/request/",
        valid=valid_data(leeds),
        text_fields=REQUEST_TEXT_FIELDS,
        strict_fields=[
            "contact_phone",
            "venue_postcode",
            "contacts",
            "expected_attendees",
            "date_1_from",
            "venue_capacity",
        ],
        shown_on=["/members/dashboard/"],
        capture=django_capture_on_commit_callbacks,
    )


@pytest.fixture
def asked_request(leeds, councillor):
    manager = event_manager(first_name="Mina", last_name="Manager")
    event_request = EventRequestFactory(local_authority=leeds, requester=councillor)
    event_requests.change_status(event_request, Status.IN_REVIEW, by=manager)
    event_requests.change_status(
        event_request, Status.NEEDS_INFORMATION, by=manager, message="Which rooms?"
    )
    return event_request


@pytest.mark.django_db
def test_event_request_answer(
    client, councillor, asked_request, django_capture_on_commit_callbacks
):
    client.force_login(councillor)
    detail = f"/events/request/{asked_request.pk}/"
    assert_every_payload_handled(
        client,
        "event request answer",
        f"/events/request/{asked_request.pk}/answer/",
        valid={},
        text_fields=["message"],
        shown_on=[detail, "/members/dashboard/"],
        capture=django_capture_on_commit_callbacks,
    )


@pytest.mark.django_db
def test_event_request_withdrawal(
    client, councillor, asked_request, django_capture_on_commit_callbacks
):
    client.force_login(councillor)
    assert_every_payload_handled(
        client,
        "event request withdrawal",
        f"/events/request/{asked_request.pk}/withdraw/",
        valid={},
        text_fields=["reason"],
        shown_on=[f"/events/request/{asked_request.pk}/"],
        capture=django_capture_on_commit_callbacks,
    )


@pytest.mark.django_db
def test_event_request_outcome(client, leeds, councillor, django_capture_on_commit_callbacks):
    event_request = EventRequestFactory(local_authority=leeds, requester=councillor)
    EventRequest.objects.filter(pk=event_request.pk).update(status=Status.HELD)
    client.force_login(councillor)
    assert_every_payload_handled(
        client,
        "event request outcome",
        f"/events/request/{event_request.pk}/outcome/",
        valid={
            "what_happened": "Sixty people came.",
            "what_changed": "A pilot.",
            "quote": "We left with a plan.",
            "quote_attribution": "Cllr Asha Patel",
            "may_publish_quote": "on",
        },
        text_fields=["what_happened", "what_changed", "quote", "quote_attribution"],
        shown_on=[f"/events/request/{event_request.pk}/"],
        capture=django_capture_on_commit_callbacks,
    )
    assert not EventRequestOutcome.objects.exists()


@pytest.mark.django_db
def test_host_message(client, event, django_capture_on_commit_callbacks):
    host = verified_user(first_name="Hana", last_name="Host", email="hana@leeds.example")
    EventHostContact.objects.create(page=event, user=host)
    named_registration(event, "Sharon", "Example", user__email="sharon@attendee.example")
    client.force_login(host)
    assert_every_payload_handled(
        client,
        "host message",
        f"/members/hosting/{event.pk}/message/",
        valid={"subject": "Hello", "body": "See you there."},
        text_fields=["subject", "body"],
        shown_on=[f"/members/hosting/{event.pk}/"],
        capture=django_capture_on_commit_callbacks,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_directory_search_and_filters(client, leeds, signed_in):
    member_of(leeds, first_name="Ada", last_name="Listed")
    if signed_in:
        client.force_login(member_of(leeds, first_name="Viewer", last_name="Member").user)
    findings = Findings("directory")
    for field in ["q", "category", "region", "local_authority", "page"]:
        submit_each(
            client, "/members/directory/", findings, valid={}, text_fields=[field], method="get"
        )
    findings.assert_none()


@pytest.mark.django_db
def test_site_search(client, home_page):
    findings = Findings("site search")
    for field in ["q", "page"]:
        submit_each(
            client, "/search/", findings, valid={"q": "care"}, text_fields=[field], method="get"
        )
    findings.assert_none()


@pytest.mark.django_db
def test_account_sign_up(client, django_capture_on_commit_callbacks):
    findings = Findings("sign-up", refuses_with_200=True)
    submit_each(
        client,
        "/accounts/signup/",
        findings,
        valid={"email": "new.person@example.org", "password1": PASSWORD, "password2": PASSWORD},
        text_fields=["password1", "password2"],
        strict_fields=["email"],
        capture=django_capture_on_commit_callbacks,
    )
    findings.assert_none()


@pytest.mark.django_db
def test_account_sign_in(client, councillor):
    findings = Findings("sign-in", refuses_with_200=True)
    for payload_fields in (["login", "password"], ["password"]):
        submit_each(
            client,
            "/accounts/login/",
            findings,
            valid={"login": councillor.email, "password": "wrong"},
            text_fields=payload_fields,
        )
    findings.assert_none()


# In Chromium: saved payloads are shown as text and run nothing


# Payloads that would run script if a page printed them unescaped.
BROWSER_PAYLOADS = [
    payload
    for payload in PAYLOADS
    if len(payload) <= 120
    and re.search(r"alert|__xss|javascript:", payload, re.I)
    and "\x00" not in payload
]

RECORD_SCRIPT_CALLS = """
(() => {
    const calls = [];
    Object.defineProperty(window, "__xssCalls", {value: calls});
    for (const name of ["alert", "confirm", "prompt", "print"]) {
        window[name] = (...args) => { calls.push(`${name}(${args.join(", ")})`); };
    }
})();
"""


def script_ran(page):
    """Whatever the payloads managed to run on the page."""
    return page.evaluate(
        "() => ({calls: window.__xssCalls || ['the recorder is missing'],"
        " flag: window.__xss === undefined ? null : String(window.__xss)})"
    )


def open_watched(new_page):
    page = new_page()
    page.context.add_init_script(RECORD_SCRIPT_CALLS)
    return page


def assert_inert(page, label, *, axe=True):
    page.wait_for_load_state("load")
    # Give onerror/onload/autofocus handlers their chance to fire.
    page.wait_for_timeout(300)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"hostile-inputs-{label}.png", full_page=True)
    assert script_ran(page) == {"calls": [], "flag": None}, f"script ran on {page.url}"
    assert page.failed_loads == [], f"{page.url}: {page.failed_loads}"
    if axe:  # the site's pages; Wagtail's admin is only photographed, as elsewhere
        axe_check(page)


def sign_in(page, base_url, email, password=PASSWORD):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    assert "/accounts/login/" not in page.url, f"{email} could not sign in"


def test_the_browser_sample_is_large():
    assert len(BROWSER_PAYLOADS) >= 25


@pytest.fixture
def saved_payloads(site_content):
    """Members listed publicly with payloads in every field the directory shows, and an
    event request with payloads in its fields, its updates and its outcome."""
    leeds = LocalAuthorityFactory(name="Leeds City Council", gss_code="E08000035")
    memberships = []
    for number, payload in enumerate(BROWSER_PAYLOADS):
        user = verified_user(
            email=f"hostile{number}@example.org",
            first_name=payload[:150],
            last_name=f"Hostile{number}",
            password=PASSWORD,
        )
        memberships.append(
            MembershipFactory(
                user=user,
                local_authority=leeds,
                status=Membership.Status.ACTIVE,
                directory_visibility=Membership.Visibility.PUBLIC,
                job_title=payload[:150],
                ward=payload[:150],
                bio=payload,
            )
        )
    councillor = memberships[0].user
    manager = event_manager(first_name="Mina", last_name="Manager")
    event_request = EventRequestFactory(
        local_authority=leeds,
        requester=councillor,
        title=BROWSER_PAYLOADS[1][:200],
        theme=BROWSER_PAYLOADS[2],
        aims="\n".join(BROWSER_PAYLOADS),
        venue_name=BROWSER_PAYLOADS[3][:200],
        other_co_hosts=BROWSER_PAYLOADS[4],
    )
    event_requests.change_status(event_request, Status.IN_REVIEW, by=manager)
    for payload in BROWSER_PAYLOADS[:8]:
        event_requests.change_status(
            event_request, Status.NEEDS_INFORMATION, by=manager, message=payload
        )
        event_requests.change_status(event_request, Status.IN_REVIEW, by=manager)
    EventRequest.objects.filter(pk=event_request.pk).update(status=Status.HELD)
    EventRequestOutcome.objects.create(
        request=event_request,
        submitted_by=councillor,
        what_happened="\n".join(BROWSER_PAYLOADS[:10]),
        what_changed="\n".join(BROWSER_PAYLOADS[10:20]),
        quote=BROWSER_PAYLOADS[5],
        quote_attribution=BROWSER_PAYLOADS[6][:200],
        may_publish_quote=True,
    )
    staff = reviewer(PASSWORD)
    return {
        "memberships": memberships,
        "councillor": councillor,
        "event_request": event_request,
        "staff": staff,
    }


@pytest.mark.browser
def test_saved_payloads_run_nothing_in_the_browser(new_page, site_content, saved_payloads):
    base_url = site_content.url

    # The public directory, page by page, read by a visitor.
    page = open_watched(new_page)
    page.goto(base_url + "/members/directory/")
    assert_inert(page, "directory")
    assert page.get_by_text("Hostile0", exact=False).count() >= 1
    page_number = 2
    while page.locator(f'a[href*="page={page_number}"]').count():
        page.goto(base_url + f"/members/directory/?page={page_number}")
        assert_inert(page, f"directory-{page_number}")
        page_number += 1

    # Site search reflects the query.
    for number, payload in enumerate(BROWSER_PAYLOADS[:10]):
        page.goto(base_url + "/search/?" + urlencode({"q": payload}))
        assert_inert(page, f"search-{number}")

    # The member's own pages and the event request's page.
    member_page = open_watched(new_page)
    sign_in(member_page, base_url, saved_payloads["councillor"].email)
    for path, label in [
        ("/members/dashboard/", "dashboard"),
        ("/members/profile/", "profile"),
        (f"/events/request/{saved_payloads['event_request'].pk}/", "event-request"),
        ("/members/directory/", "directory-as-member"),
    ]:
        member_page.goto(base_url + path)
        assert_inert(member_page, label)

    # The admin's inspect page of a membership and its listing.
    admin_page = open_watched(new_page)
    sign_in(admin_page, base_url, saved_payloads["staff"].email)
    for number, membership in enumerate(saved_payloads["memberships"][:5]):
        admin_page.goto(base_url + reverse("memberships:inspect", args=[membership.pk]))
        assert_inert(admin_page, f"admin-membership-{number}", axe=False)
    admin_page.goto(base_url + reverse("memberships:index"))
    assert_inert(admin_page, "admin-memberships", axe=False)

    # The recorder itself works: a script that does run is seen.
    admin_page.evaluate("() => alert('the recorder works')")
    assert script_ran(admin_page)["calls"] == ["alert(the recorder works)"]
