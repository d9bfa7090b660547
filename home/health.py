"""What /health/ reports besides the site's own plumbing (web/health.py).

An app whose working an uptime monitor should watch (the outbox: are emails and texts
going out?) adds a check here from its AppConfig.ready(). The shared base holds the list
because the app that serves /health/ may not import those apps.

A check returns plain figures (counts of messages, ages in seconds) and whether they are
acceptable; never personal data or an error's text, since /health/ is public.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class HealthReport:
    ok: bool
    figures: dict[str, int | str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class HealthCheck:
    name: str
    check: Callable[[], HealthReport]
    # Skipped (and reported as failing) while the database does not answer, rather than
    # each waiting out its own connection timeout.
    needs_database: bool = True


_checks: dict[str, HealthCheck] = {}


def health_check_register(name: str, check: Callable[[], HealthReport], *, needs_database: bool = True) -> None:
    _checks[name] = HealthCheck(name=name, check=check, needs_database=needs_database)


def health_checks() -> list[HealthCheck]:
    return list(_checks.values())


def seconds_since(moment: dt.datetime | None, now: dt.datetime) -> int | None:
    """A check's figure for an age: whole seconds, or None when there is nothing to measure."""
    return None if moment is None else max(int((now - moment).total_seconds()), 0)
