"""Load and faults around booking: real gunicorn processes, a private PostgreSQL, Redis and SMTP.

Each test starts the servers it needs and stops them itself. The invariants checked
after every scenario are the ones a family or a group leader would notice:
- never more people booked than places;
- every family told "you are booked" really is booked;
- no half-written request: every contact has its booking or waiting place, and
  every booking with an email address has its confirmation email in the outbox.
"""

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from .conftest import base_env, seed_session
from .families import book, burst, tally
from .servers import manage

PLACES = 12
BURST_SIZE = int(os.environ.get("FAULT_BURST_SIZE", "300"))


def confirmed_adults(postgres, session_id):
    return postgres.query(
        "SELECT count(*), coalesce(sum(adults), 0) FROM events_booking WHERE session_id = %s AND status = 'confirmed'",
        [session_id],
    )[0]


def booked_emails(postgres, session_id) -> set[str]:
    rows = postgres.query(
        "SELECT c.email FROM events_booking b JOIN events_contact c ON c.id = b.contact_id "
        "WHERE b.session_id = %s AND b.status = 'confirmed'",
        [session_id],
    )
    return {email for (email,) in rows}


def waiting_emails(postgres, session_id) -> set[str]:
    rows = postgres.query(
        "SELECT c.email FROM events_waitingentry w JOIN events_contact c ON c.id = w.contact_id "
        "WHERE w.session_id = %s AND w.status = 'waiting'",
        [session_id],
    )
    return {email for (email,) in rows}


def assert_nothing_half_written(postgres):
    orphans = postgres.query(
        "SELECT count(*) FROM events_contact c"
        " WHERE NOT EXISTS (SELECT 1 FROM events_booking b WHERE b.contact_id = c.id)"
        " AND NOT EXISTS (SELECT 1 FROM events_waitingentry w WHERE w.contact_id = c.id)"
    )[0][0]
    assert orphans == 0, f"{orphans} contacts were saved without their booking or waiting place"
    unconfirmed = postgres.query(
        "SELECT count(*) FROM events_contact c WHERE c.email <> '' AND NOT EXISTS "
        "(SELECT 1 FROM messaging_outboundmessage e WHERE e.channel = 'email' AND e.recipient_id = c.id)"
    )[0][0]
    assert unconfirmed == 0, f"{unconfirmed} families were booked without their email being queued"


def assert_families_told_the_truth(postgres, session_id, attempts):
    told_booked = {attempt.email for attempt in attempts if attempt.outcome == "booked"}
    told_waiting = {attempt.email for attempt in attempts if attempt.outcome == "waiting"}
    assert told_booked <= booked_emails(postgres, session_id)
    assert told_waiting <= waiting_emails(postgres, session_id)


def test_a_burst_across_two_app_processes_books_exactly_the_places_there_are(postgres, app_servers):
    env = base_env(DATABASE_URL=postgres.url)
    session = seed_session(env, places=PLACES)
    servers = app_servers(env, count=2)

    attempts = burst([server.url for server in servers], session["session_id"], range(BURST_SIZE))

    outcomes = tally(attempts)
    assert set(outcomes) <= {"booked", "waiting", "refused"}, (
        outcomes,
        [a for a in attempts if a.outcome not in {"booked", "waiting", "refused"}][:3],
    )
    assert outcomes["booked"] == PLACES
    assert outcomes["waiting"] == BURST_SIZE - PLACES
    assert confirmed_adults(postgres, session["session_id"]) == (PLACES, PLACES)
    assert_families_told_the_truth(postgres, session["session_id"], attempts)
    assert_nothing_half_written(postgres)


def test_postgresql_restarting_mid_burst_fails_cleanly_and_the_site_recovers(postgres, app_servers):
    env = base_env(DATABASE_URL=postgres.url)
    session = seed_session(env, places=PLACES)
    servers = app_servers(env, count=2)
    workers_before = {server.name: server.worker_pids() for server in servers}
    urls = [server.url for server in servers]

    def restart_postgres_soon():
        time.sleep(0.7)
        postgres.restart(down_seconds=2.0)

    restarter = threading.Thread(target=restart_postgres_soon)
    restarter.start()
    attempts = burst(urls, session["session_id"], range(1000, 1000 + 200), threads=24)
    restarter.join()

    outcomes = tally(attempts)
    allowed = {"booked", "waiting", "refused", "unavailable"}
    assert set(outcomes) <= allowed, [
        (a.outcome, a.steps, a.detail[:200]) for a in attempts if a.outcome not in allowed
    ][:3]
    assert outcomes["unavailable"] > 0, "PostgreSQL was restarted but no request noticed: the test proved nothing"
    for attempt in attempts:
        if attempt.outcome == "unavailable":
            assert "not working for a moment" in attempt.detail
            assert "Traceback" not in attempt.detail

    # Families who were told "try again" send the same form again: nobody is booked twice.
    with ThreadPoolExecutor(max_workers=16) as pool:
        retried = list(
            pool.map(
                lambda attempt: book(
                    urls[attempt.number % 2], session["session_id"], attempt.number, request_key=attempt.request_key
                ),
                [attempt for attempt in attempts if attempt.outcome == "unavailable"],
            )
        )
    assert "unavailable" not in tally(retried)
    everyone = [a for a in attempts if a.outcome != "unavailable"] + retried
    assert confirmed_adults(postgres, session["session_id"])[0] == PLACES
    assert_families_told_the_truth(postgres, session["session_id"], everyone)
    assert_nothing_half_written(postgres)
    # Recovered without restarting the app: the same worker processes answer.
    for server in servers:
        assert (
            requests.get(
                f"{server.url}/sessions/{session['session_id']}/", headers={"X-Forwarded-Proto": "https"}, timeout=10
            ).status_code
            == 200
        )
        assert server.worker_pids() == workers_before[server.name]


def test_with_redis_stopped_pages_and_bookings_still_work(postgres, redis_server, app_servers):
    env = base_env(DATABASE_URL=postgres.url, REDIS_URL=redis_server.url)
    session = seed_session(env, places=PLACES)
    (server,) = app_servers(env)
    headers = {"X-Forwarded-Proto": "https"}
    assert book(server.url, session["session_id"], 2000).outcome == "booked"

    redis_server.stop()

    for path in (
        "/",
        session["page_url"],
        f"/sessions/{session['session_id']}/",
        "/search/?q=group",
        "/calendar/all.ics",
    ):
        response = requests.get(server.url + path, headers=headers, timeout=10)
        assert response.status_code == 200, (path, response.status_code)
    attempts = [book(server.url, session["session_id"], number) for number in range(2001, 2006)]
    assert tally(attempts) == {"booked": 5}
    assert confirmed_adults(postgres, session["session_id"])[0] == 6

    redis_server.start()
    assert book(server.url, session["session_id"], 2010).outcome == "booked"


def test_bookings_stand_while_email_is_down_and_the_emails_go_once_it_is_back(postgres, smtp_sink, app_servers):
    env = base_env(DATABASE_URL=postgres.url, EMAIL_HOST="127.0.0.1", EMAIL_PORT=smtp_sink.port, EMAIL_USE_TLS="false")
    session = seed_session(env, places=PLACES)
    (server,) = app_servers(env)
    smtp_sink.stop()

    attempts = [book(server.url, session["session_id"], number) for number in range(3000, 3005)]

    assert tally(attempts) == {"booked": 5}
    emails = {attempt.email for attempt in attempts}
    assert booked_emails(postgres, session["session_id"]) == emails
    pending = postgres.query(
        "SELECT count(*) FROM messaging_outboundmessage e JOIN events_contact c ON c.id = e.recipient_id "
        "WHERE e.channel = 'email' AND e.status = 'pending' AND e.attempts >= 1 AND c.email = ANY(%s)",
        [list(emails)],
    )[0][0]
    assert pending == 5

    smtp_sink.start()
    # The retry job runs later, when each email's next try is due.
    manage(env, "shell", "-c", RETRY_LATER)
    # The private database may still hold an earlier test's unsent emails, which the same
    # job sends now; these families' emails are the ones this test follows.
    assert sorted(ours(smtp_sink.recipients(), emails)) == sorted(emails)
    statuses = postgres.query(
        "SELECT e.status FROM messaging_outboundmessage e JOIN events_contact c ON c.id = e.recipient_id "
        "WHERE e.channel = 'email' AND c.email = ANY(%s)",
        [list(emails)],
    )
    assert statuses == [("sent",)] * 5
    # Running it again sends nothing twice.
    manage(env, "shell", "-c", RETRY_LATER)
    assert sorted(ours(smtp_sink.recipients(), emails)) == sorted(emails)


def ours(recipients, emails):
    """The recipients among `emails`, each as often as it was sent to."""
    return [recipient for recipient in recipients if recipient in emails]


RETRY_LATER = (
    "import datetime as dt; from django.utils import timezone; from messaging.sending import pending_messages_send; "
    "print(pending_messages_send(now=timezone.now() + dt.timedelta(hours=7)))"
)


def test_an_app_process_killed_mid_request_loses_no_confirmed_booking(postgres, app_servers):
    env = base_env(DATABASE_URL=postgres.url)
    session = seed_session(env, places=PLACES)
    victim, survivor = app_servers(env, count=2)
    killed = []

    def kill_soon():
        time.sleep(0.5)
        killed.append(victim.kill_worker())

    killer = threading.Thread(target=kill_soon)
    killer.start()
    attempts = burst([victim.url, survivor.url], session["session_id"], range(4000, 4000 + 120), threads=24)
    killer.join()

    outcomes = tally(attempts)
    assert killed
    assert set(outcomes) <= {"booked", "waiting", "refused", "connection-error"}, outcomes
    assert outcomes["connection-error"] > 0, "no request was in flight when the worker died: the test proved nothing"
    assert_families_told_the_truth(postgres, session["session_id"], attempts)
    assert confirmed_adults(postgres, session["session_id"])[0] <= PLACES
    assert_nothing_half_written(postgres)
    # gunicorn replaced the killed worker; the server answers again.
    deadline = time.monotonic() + 20
    while killed[0] in victim.worker_pids() or not victim.worker_pids():
        assert time.monotonic() < deadline, "the killed worker was not replaced"
        time.sleep(0.1)
    assert (
        requests.get(
            f"{victim.url}/sessions/{session['session_id']}/", headers={"X-Forwarded-Proto": "https"}, timeout=10
        ).status_code
        == 200
    )
