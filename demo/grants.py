"""The grants the programmes live on, so that a funder report can be made per grant at once.

Croydon's group is paid for by a foundation's multi-year grant. The Borders groups were
started with a Big Lottery Fund grant and carried on with LEADER, Comic Relief and NHS
Borders, which also gave a small grant for the follow-on group at Walkerburn. The dates
follow the demo's own past (`groups_started_on`), so that every grant covers sessions held.
"""

import datetime as dt

from events.models import Grant
from events.selectors.grants import financial_year

from .base import DemoReport, groups_started_on


def _last_day(first: dt.date, *, years: int) -> dt.date:
    """The last day of a grant that runs `years` years from `first`."""
    try:
        later = first.replace(year=first.year + years)
    except ValueError:  # 29 February
        later = first.replace(year=first.year + years, day=28)
    return later - dt.timedelta(days=1)


def grants_load(report: DemoReport, *, croydon, borders, walkerburn) -> None:
    """The five grants, each made unless a grant from its funder is there already."""
    began = groups_started_on()
    croydon_first = financial_year(began)[0]
    lottery_first = began - dt.timedelta(weeks=26)
    leader_first = _last_day(lottery_first, years=1) + dt.timedelta(days=1)
    grants = [
        (
            "COSARAF Foundation",
            croydon_first,
            _last_day(croydon_first, years=3),
            [croydon],
            [],
            "The weekly Mum's Space group and its creche, guest speakers, and sessions on solving problems "
            "one step at a time.",
        ),
        (
            "Big Lottery Fund (Investing in Ideas)",
            lottery_first,
            _last_day(lottery_first, years=1),
            [borders],
            [],
            "Getting the first village groups going.",
        ),
        (
            "LEADER (Scottish Borders)",
            leader_first,
            _last_day(leader_first, years=2),
            [borders],
            [],
            "Two part-time sessional workers who start new groups, help them become established and link them "
            "with other services for families.",
        ),
        (
            "Comic Relief (small grants)",
            began + dt.timedelta(weeks=13),
            _last_day(began + dt.timedelta(weeks=13), years=1),
            [borders],
            [],
            "Running costs of the village groups.",
        ),
        (
            "NHS Borders",
            began,
            _last_day(began, years=1),
            [],
            [walkerburn],
            "A small grant to support the follow-on group at Walkerburn.",
        ),
    ]
    for funder, starts_on, ends_on, areas, groups, pays_for in grants:
        if Grant.objects.filter(funder=funder).exists():
            continue
        grant = Grant(funder=funder, starts_on=starts_on, ends_on=ends_on, pays_for=pays_for)
        grant.full_clean()
        grant.save()
        grant.areas.set(areas)
        grant.groups.set(groups)
        report.note(grant)
