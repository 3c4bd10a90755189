"""Load generator of the registration benchmark: many members register at once.

    python bench/registration_load.py BASE_URL SETUP_JSON [--clients 50] [--out RESULT_JSON]

SETUP_JSON is written by ``bench.registration.setup``: the event's path and, for
each member, a session cookie. The script talks to the benchmark's gunicorn over
loopback HTTP, the way a browser behind the production proxy does (every request
carries ``X-Forwarded-Proto: https``; the CSRF-protected POST carries the
``Origin`` and ``Referer`` of the https page and the CSRF cookie and token).

1. Prepare (not timed as load): each member opens the event page with their
   session cookie; the page must show them the registration form, from which
   the CSRF token is taken, with the ``csrftoken`` cookie the page sets.
2. Load: ``--clients`` threads wait at a barrier, then take members from a
   queue and POST each member's registration once
   (``POST <event>/register/``, ``allow_redirects=False``). Every answer must
   be the redirect to ``<event>#register``. Throughput is registrations over
   the wall time from the barrier to the last answer; latency is each POST's.
3. Check: each member opens the event page again; the message the register
   view stored in their session says whether they got a place or joined the
   waitlist.

Prints the figures and writes them to ``--out`` as JSON. Exits non-zero if a
request failed or answered anything else. Needs ``requests`` (in the project's
virtualenv).
"""

import argparse
import json
import queue
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import requests

TIMEOUT = 60
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CONFIRMED_MESSAGE = "Your place is confirmed."
WAITLISTED_MESSAGE = "so you are on the waitlist."


def percentile(values, fraction):
    """Nearest-rank percentile of a list of numbers."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


class Bench:
    def __init__(self, base_url, setup):
        self.base_url = base_url.rstrip("/")
        self.event_path = setup["event_path"]
        self.members = setup["members"]
        port = urlsplit(self.base_url).port
        self.origin = f"https://127.0.0.1:{port}"
        self.headers = {"X-Forwarded-Proto": "https", "User-Agent": "kiln-bench-registration"}

    def _get_event_page(self, member, cookies):
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        return requests.get(
            self.base_url + self.event_path,
            headers={**self.headers, "Cookie": cookie},
            allow_redirects=False,
            timeout=TIMEOUT,
        )

    def prepare(self, member):
        """The member's CSRF cookie and form token, from the event page."""
        response = self._get_event_page(member, {"sessionid": member["sessionid"]})
        if response.status_code != 200:
            raise RuntimeError(f"event page answered {response.status_code} to {member['email']}")
        action = f'action="{self.event_path}register/"'
        if action not in response.text:
            raise RuntimeError(f"no registration form on the event page for {member['email']}")
        match = CSRF_INPUT.search(response.text)
        csrf_cookie = response.cookies.get("csrftoken")
        if not match or not csrf_cookie:
            raise RuntimeError(f"no CSRF token or cookie for {member['email']}")
        member["csrftoken"] = csrf_cookie
        member["form_token"] = match.group(1)

    def register(self, member):
        """One registration; returns (seconds, status code, Location header)."""
        cookie = f"sessionid={member['sessionid']}; csrftoken={member['csrftoken']}"
        headers = {
            **self.headers,
            "Cookie": cookie,
            "Origin": self.origin,
            "Referer": self.origin + self.event_path,
        }
        data = {
            "csrfmiddlewaretoken": member["form_token"],
            "registration-access_needs": "",
            "registration-dietary_needs": "",
        }
        started = time.perf_counter()
        response = requests.post(
            f"{self.base_url}{self.event_path}register/",
            headers=headers,
            data=data,
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        elapsed = time.perf_counter() - started
        return elapsed, response.status_code, response.headers.get("Location", "")

    def message(self, member):
        """What the register view told the member, read from the next page view."""
        response = self._get_event_page(
            member, {"sessionid": member["sessionid"], "csrftoken": member["csrftoken"]}
        )
        if CONFIRMED_MESSAGE in response.text:
            return "confirmed"
        if WAITLISTED_MESSAGE in response.text:
            return "waitlisted"
        return "none"

    def load(self, clients):
        work = queue.Queue()
        for member in self.members:
            work.put(member)
        results, lock = [], threading.Lock()
        barrier = threading.Barrier(clients + 1)

        def client():
            barrier.wait()
            while True:
                try:
                    member = work.get_nowait()
                except queue.Empty:
                    return
                try:
                    outcome = self.register(member)
                except requests.RequestException as error:
                    outcome = (None, f"error: {type(error).__name__}", "")
                with lock:
                    results.append(outcome)

        threads = [threading.Thread(target=client) for _ in range(clients)]
        for thread in threads:
            thread.start()
        barrier.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started, results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("setup_json")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--out")
    args = parser.parse_args()
    with open(args.setup_json) as setup_file:
        setup = json.load(setup_file)
    bench = Bench(args.base_url, setup)
    members = bench.members

    started = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(bench.prepare, members))
    print(
        f"  prepared {len(members)} members (event page, signed in, CSRF token) "
        f"in {time.perf_counter() - started:.1f} s"
    )

    wall, results = bench.load(args.clients)
    expected_location = bench.event_path + "#register"
    latencies = [seconds for seconds, _, _ in results if seconds is not None]
    failures = [
        (status, location)
        for _, status, location in results
        if status != 302 or location != expected_location
    ]
    figures = {
        "members": len(members),
        "capacity": setup["capacity"],
        "clients": args.clients,
        "registrations": len(results),
        "seconds": round(wall, 3),
        "per_second": round(len(results) / wall, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p90_ms": round(percentile(latencies, 0.90) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
        "failures": len(failures),
    }
    print(
        f"  {figures['registrations']} registrations by {args.clients} concurrent clients "
        f"in {figures['seconds']} s: {figures['per_second']} registrations/s; latency "
        f"p50 {figures['p50_ms']} ms, p90 {figures['p90_ms']} ms, "
        f"p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms"
    )
    if failures:
        print(f"  FAIL: {len(failures)} answers were not the redirect to {expected_location}:")
        for status, location in failures[:10]:
            print(f"    {status} {location}")

    with ThreadPoolExecutor(4) as pool:
        told = list(pool.map(bench.message, members))
    figures["told_confirmed"] = told.count("confirmed")
    figures["told_waitlisted"] = told.count("waitlisted")
    figures["told_nothing"] = told.count("none")
    print(
        f"  messages shown to the members afterwards: {figures['told_confirmed']} "
        f"'place confirmed', {figures['told_waitlisted']} 'on the waitlist', "
        f"{figures['told_nothing']} neither"
    )
    expected_confirmed = min(setup["capacity"], len(members))
    told_ok = (
        figures["told_confirmed"] == expected_confirmed
        and figures["told_waitlisted"] == len(members) - expected_confirmed
    )
    if not told_ok:
        print(f"  FAIL: expected {expected_confirmed} 'place confirmed', the rest 'waitlist'")

    if args.out:
        with open(args.out, "w") as out:
            json.dump(figures, out)
    if failures or not told_ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
