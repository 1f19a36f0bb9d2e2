"""Locust users for scripts/loadtest (docs/performance.md, "Under load").

- ThroughputUser: one path (LOADTEST_PATH) as fast as it answers, no think time: requests/s at a fixed concurrency.
- Visitor: anonymous browsing: home, directory with filters and text search, marketplace, company pages, events.
- Member: a logged-in company owner taking part in the seeded event: suggestions, meeting requests to other
  members, accepting the requests addressed to it, its agenda. Every form is posted with its CSRF token, as a
  browser does.

LOADTEST_FIXTURE names the JSON written by bench.loadtest.seed; LOADTEST_REQUEST_LOG, when set, receives one CSV
line per request (start time, duration, name, status, ok), from which bench.loadtest.report counts the errors of
each second around the database restart.
"""

import csv
import itertools
import json
import os
import random
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from locust import FastHttpUser, between, constant, events, task

FIXTURE = json.loads(Path(os.environ["LOADTEST_FIXTURE"]).read_text()) if os.environ.get("LOADTEST_FIXTURE") else None
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ACCEPT_ACTION = re.compile(r'action="(/en/events/[^/"]+/requests/(\d+)/accept/)"')
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
# allauth's log-in rate limit (30 a minute per address) is shared by all simulated users, who all come from
# 127.0.0.1: a refused log-in waits and tries again, as a person would, and is not counted as a server error.
LOGIN_RETRY_SECONDS = 5

_members = None
_members_lock = threading.Lock()
# The participations of the members logged in by this run: most requests go to them, so that someone is there to
# accept them (a request to a seeded member nobody plays would wait for ever).
active_participations: list[int] = []
SHARE_TO_ACTIVE = 0.8


def _next_member() -> dict:
    """Each Member user logs in as its own account (round robin over the seeded ones)."""
    global _members
    with _members_lock:
        if _members is None:
            accounts = list(FIXTURE["members"])
            random.Random(int(os.environ.get("LOADTEST_SEED", "2026"))).shuffle(accounts)
            _members = itertools.cycle(accounts)
        account = next(_members)
        active_participations.append(account["participation"])
        return account


class RequestLog:
    """Every request as a CSV line; flushed at the end of the run."""

    def __init__(self, path: str):
        self.file = open(path, "w", newline="")  # noqa: SIM115 - closed on quitting
        self.writer = csv.writer(self.file)
        self.writer.writerow(["start", "duration_ms", "type", "name", "status", "ok"])

    def record(self, request_type, name, response_time, response, exception, start_time=None, **kwargs):
        status = getattr(response, "status_code", 0) or 0
        started = start_time if start_time is not None else time.time() - response_time / 1000
        self.writer.writerow([f"{started:.3f}", f"{response_time:.1f}", request_type, name, status,
                              0 if exception else 1])

    def close(self, **kwargs):
        self.file.close()


if os.environ.get("LOADTEST_REQUEST_LOG"):
    _log = RequestLog(os.environ["LOADTEST_REQUEST_LOG"])
    events.request.add_listener(_log.record)
    events.quitting.add_listener(_log.close)


def csrf_token(html: str) -> str | None:
    match = CSRF_INPUT.search(html)
    return match.group(1) if match else None


class ThroughputUser(FastHttpUser):
    """Closed loop on one path: a new request as soon as the previous one is answered."""

    wait_time = constant(0)
    path = os.environ.get("LOADTEST_PATH", "/health/")

    @task
    def fetch(self):
        self.client.get(self.path, name=self.path)


class Visitor(FastHttpUser):
    """Someone looking around without an account."""

    weight = 3
    wait_time = between(0.5, 2)

    @task(2)
    def home(self):
        self.client.get("/en/", name="home")

    @task(3)
    def directory(self):
        filters = random.choice([
            {},
            {"country": random.choice(["VN", "AZ"])},
            {"sector": random.choice(FIXTURE["sectors"])},
            {"country": random.choice(["VN", "AZ"]), "sector": random.choice(FIXTURE["sectors"]), "size": "small"},
            {"sort": "-newest", "page": random.randint(2, 20)},
        ])
        self.client.get(f"/en/companies/?{urlencode(filters, doseq=True)}", name="directory (filters)")

    @task(2)
    def search(self):
        self.client.get(f"/en/companies/?{urlencode({'q': random.choice(FIXTURE['search_terms'])})}",
                        name="directory (?q= search)")

    @task(2)
    def marketplace(self):
        filters = random.choice([
            {},
            {"kind": random.choice(["offer", "request"])},
            {"chapter": random.choice(FIXTURE["chapters"]), "kind": "offer"},
            {"q": random.choice(FIXTURE["search_terms"])},
        ])
        self.client.get(f"/en/companies/marketplace/?{urlencode(filters)}", name="marketplace (filters)")

    @task(3)
    def company(self):
        self.client.get(f"/en/companies/{random.choice(FIXTURE['company_slugs'])}/", name="company page")

    @task(1)
    def events(self):
        self.client.get("/en/events/", name="event list")
        self.client.get(f"/en/events/{FIXTURE['event']}/", name="event page")


class Member(FastHttpUser):
    """A company owner at the seeded event (approval policy: each request waits for the other side to accept)."""

    weight = 1
    wait_time = between(0.5, 2)

    def on_start(self):
        self.account = _next_member()
        self.event = FIXTURE["event"]
        self.others = [m["participation"] for m in FIXTURE["members"]
                       if m["participation"] != self.account["participation"]]
        while not self.log_in():
            time.sleep(LOGIN_RETRY_SECONDS)

    def log_in(self) -> bool:
        page = self.client.get("/en/accounts/login/", name="log-in form")
        token = csrf_token(page.text or "")
        if not token:
            return False
        body = urlencode({"csrfmiddlewaretoken": token, "login": self.account["email"],
                          "password": FIXTURE["password"]})
        with self.client.post("/en/accounts/login/", data=body, headers=FORM, name="log in", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code == 302:
                response.success()
                return True
            if response.status_code == 429:
                # Refused by the rate limit: the server answered as designed (the report counts these 429s).
                response.success()
                return False
            response.failure(f"log in answered {response.status_code}")
            return False

    @task(3)
    def suggestions(self):
        self.client.get(f"/en/events/{self.event}/suggestions/", name="event suggestions")

    @task(1)
    def partners(self):
        self.client.get("/en/partners/", name="partner suggestions")

    @task(3)
    def request_meeting(self):
        active = [pk for pk in active_participations if pk != self.account["participation"]]
        other = random.choice(active if active and random.random() < SHARE_TO_ACTIVE else self.others)
        url = f"/en/events/{self.event}/participants/{other}/request/"
        form = self.client.get(url, name="meeting request form")
        token = csrf_token(form.text or "")
        if not token:
            return
        body = urlencode({"csrfmiddlewaretoken": token, "message": "Load test: shall we talk about supplies?"})
        # 302: sent. 200: the form again with the reason (an open request between the two already, a limit
        # reached): the site's answer to a valid refusal, not an error.
        with self.client.post(url, data=body, headers=FORM, name="request a meeting", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code in (200, 302):
                response.success()
            else:
                response.failure(f"request answered {response.status_code}")

    @task(3)
    def accept_requests(self):
        page = self.client.get(f"/en/events/{self.event}/requests/", name="requests page")
        html = page.text or ""
        pending = ACCEPT_ACTION.findall(html)
        token = csrf_token(html)
        if not pending or not token:
            return
        action, _ = random.choice(pending)
        # 302 to the agenda (booked, or accepted and waiting for a slot) or back to the requests with the reason.
        with self.client.post(action, data=urlencode({"csrfmiddlewaretoken": token}), headers=FORM,
                              name="accept a request", allow_redirects=False, catch_response=True) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"accept answered {response.status_code}")

    @task(1)
    def agenda(self):
        self.client.get(f"/en/events/{self.event}/agenda/", name="agenda")
