"""What every part of the demo content shares: the report of what was made, idempotent
pages and schedules that say when they made something, and rich text written as paragraphs.

Everything is found by its slug or name before it is made, so loading twice leaves
the second run with nothing to do. Nothing that already exists is changed.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from events.builders import schedules_ensure
from events.selectors.grants import financial_year
from events.services.sessions import page_sessions_sync
from home.builders import page_ensure


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    sessions_added: int = 0

    def note(self, thing):
        self.created.append(str(thing))

    def record(self, result):
        """The thing from an `..._ensure` builder's `(thing, created)`, noted when it was made."""
        thing, created = result
        if created:
            self.note(thing)
        return thing


def groups_started_on() -> dt.date:
    """The day the demo groups began meeting: their schedules start then, and their past sessions (history.py).

    Nine months back, and further when the financial year began earlier than that, so that
    the funder report's "last full quarter" and "this financial year" both hold families
    who came before and families who are new, whatever the month the demo is loaded in.
    """
    today = timezone.localdate()
    return min(today - dt.timedelta(weeks=39), financial_year(today)[0] - dt.timedelta(weeks=8))


def demo_page(parent, model, *, report, **fields):
    """The child of `parent` with `fields["slug"]`, made and published if it is missing."""
    return report.record(page_ensure(parent, model(**fields)))


def demo_sessions(page, *schedules, report, label="Schedule"):
    """`page`'s schedules (made from `schedules` unless it has some) and its sessions up to the horizon."""
    _, created = schedules_ensure(page, *schedules)
    if created:
        report.note(f"{label} for {page.title}")
    report.sessions_added += page_sessions_sync(page=page)["added"]


def rich(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def bullets(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
