"""Locust users of the registration benchmark: members registering for one event.

    locust -f bench/locustfile_registration.py --headless --users 50 --spawn-rate 5 \
        --host https://127.0.0.1:PORT --csv OUT

Driven by ``bench/registration_load.py``, which starts the production stack,
writes the setup file (``bench.registration.setup``: the event's path and, for
each member, a session cookie) and names it in ``KILN_BENCH_SETUP``.

Each locust user is one member's browser at a time, as a member would use the
site behind nginx: it opens the event page signed in (the page must show the
registration form, from which it takes the CSRF token, with the ``csrftoken``
cookie the page sets), reads it for a moment (``KILN_BENCH_THINK``, seconds,
"min,max"), posts the form once and must be redirected to ``<event>#register``;
then it opens the event page again, where the register view's message says
whether the member got a place or joined the waitlist. Then it takes the next
member. When every member has registered, the run stops itself.

Locust measures every request by name: "event page", "register" (the POST,
whose percentiles are the benchmark's figures) and "event page, after".
``KILN_BENCH_OUTCOMES`` names a JSON file for what each member was told
(confirmed, waitlisted, none), which ``bench/registration_load.py`` counts
beside ``bench.registration.verify``'s check of the database.
"""

import json
import os
import random
import re

import gevent
from locust import HttpUser, events, task
from locust.exception import StopUser

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CONFIRMED_MESSAGE = "Your place is confirmed."
WAITLISTED_MESSAGE = "so you are on the waitlist."
HOST_HEADER = os.environ.get("KILN_BENCH_HOST_HEADER", "")
THINK = tuple(float(s) for s in os.environ.get("KILN_BENCH_THINK", "5,15").split(","))

with open(os.environ["KILN_BENCH_SETUP"]) as setup_file:
    SETUP = json.load(setup_file)
EVENT_PATH = SETUP["event_path"]
WAITING = list(reversed(SETUP["members"]))
OUTCOMES: dict[str, str] = {}
STOPPING: list = []


@events.quitting.add_listener
def _write_outcomes(environment, **kwargs):
    path = os.environ.get("KILN_BENCH_OUTCOMES")
    if path:
        with open(path, "w") as out:
            json.dump(OUTCOMES, out)
    failures = environment.stats.total.num_failures
    unanswered = len(SETUP["members"]) - len(OUTCOMES)
    if failures or unanswered:
        environment.process_exit_code = 1


class Member(HttpUser):
    """A member's browser: signed in, opens the event, registers, reads the answer."""

    # Each iteration is one member; the pause is inside it, between reading and posting.
    wait_time = staticmethod(lambda: 0)

    def on_start(self):
        self.client.verify = False  # the stack's self-signed certificate
        origin = f"https://{HOST_HEADER or self.host.split('://', 1)[1]}"
        self.base_headers = {"User-Agent": "kiln-bench-locust", "Origin": origin}
        self.referer = origin + EVENT_PATH
        if HOST_HEADER:
            self.base_headers["Host"] = HOST_HEADER

    def _headers(self, cookies, **extra):
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        return {**self.base_headers, "Cookie": cookie, **extra}

    @task
    def register(self):
        if not WAITING:
            if len(OUTCOMES) == len(SETUP["members"]) and not STOPPING:
                # Stop the run, once the last answers are in locust's figures.
                STOPPING.append(gevent.spawn_later(2, self.environment.runner.quit))
            raise StopUser()
        member = WAITING.pop()
        self.client.cookies.clear()
        cookies = {"sessionid": member["sessionid"]}

        with self.client.get(
            EVENT_PATH,
            name="event page",
            headers=self._headers(cookies),
            allow_redirects=False,
            catch_response=True,
        ) as page:
            token = CSRF_INPUT.search(page.text or "")
            action = f'action="{EVENT_PATH}register/"'
            if page.status_code != 200 or action not in page.text or not token:
                page.failure(f"no registration form for {member['email']} ({page.status_code})")
                OUTCOMES[member["email"]] = "no form"
                return
        cookies.update(page.cookies.get_dict())  # the csrftoken cookie the page sets

        gevent.sleep(random.uniform(*THINK))  # reading the page before pressing the button

        data = {
            "csrfmiddlewaretoken": token.group(1),
            "registration-access_needs": "",
            "registration-dietary_needs": "",
        }
        with self.client.post(
            f"{EVENT_PATH}register/",
            name="register",
            data=data,
            headers=self._headers(cookies, Referer=self.referer),
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            cookies.update(answer.cookies.get_dict())  # the message, as a browser keeps it
            location = answer.headers.get("Location", "")
            if answer.status_code != 302 or not location.endswith(f"{EVENT_PATH}#register"):
                answer.failure(f"register answered {answer.status_code} {location!r}")
                OUTCOMES[member["email"]] = "failed"
                return

        with self.client.get(
            EVENT_PATH,
            name="event page, after",
            headers=self._headers(cookies),
            catch_response=True,
        ) as after:
            if CONFIRMED_MESSAGE in after.text:
                OUTCOMES[member["email"]] = "confirmed"
            elif WAITLISTED_MESSAGE in after.text:
                OUTCOMES[member["email"]] = "waitlisted"
            else:
                OUTCOMES[member["email"]] = "none"
