"""Reads for anonymous check-ins: the invitation a link stands for, and the report of the answers.

The report never shows a cell with fewer than `MIN_ANSWERS` answers: with so few, the
staff who know who came could guess who answered what.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from events.models.check_ins import CheckInAnswer, CheckInInvitation, CheckInKind, Lonely, ServiceUsed, Welcome
from events.services.check_ins import token_hash
from home.permissions import pages_editable_by


def check_in_invitation_for_token(token: str) -> CheckInInvitation | None:
    """The invitation a link stands for, with `expired` set; None for a link already used or never given."""
    invitation = CheckInInvitation.objects.filter(token_hash=token_hash(token)).select_related("group").first()
    if invitation is not None:
        invitation.expired = invitation.expires_on < timezone.localdate()
    return invitation


MIN_ANSWERS = 5
QUESTIONS = {
    "lonely": (_("How often do you feel lonely?"), Lonely),
    "welcome": (_("How welcome did you feel at the group?"), Welcome),
    "service_used": (_("Have you used a local service you heard about at the group?"), ServiceUsed),
}
# The answers that count as feeling lonely in the change from the first check-in to the later one.
LONELY_OFTEN = {Lonely.OFTEN, Lonely.SOMETIMES}


@dataclass
class Share:
    label: str
    count: int
    percent: int


@dataclass
class CheckInResult:
    """The answers of one programme (area) or group in the period."""

    name: str
    is_area: bool
    answers: int = 0
    enough: bool = False
    # Per question: its wording, and each answer with how many gave it (and "No answer").
    questions: list[tuple[str, list[Share]]] = field(default_factory=list)
    # The share answering "often or always" or "some of the time", at the first check-in and the later
    # one; None where that check-in has fewer than MIN_ANSWERS answers.
    lonely_first: int | None = None
    lonely_later: int | None = None


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def _result(name: str, is_area: bool, counts: Counter) -> CheckInResult:
    """`counts` of (kind, lonely, welcome, service_used) tuples."""
    total = sum(counts.values())
    result = CheckInResult(name=name, is_area=is_area, answers=total, enough=total >= MIN_ANSWERS)
    if not result.enough:
        return result
    for index, (wording, choices) in enumerate(QUESTIONS.values(), start=1):
        given = Counter()
        for key, count in counts.items():
            given[key[index]] += count
        shares = [Share(str(label), given[value], _percent(given[value], total)) for value, label in choices.choices]
        shares.append(Share(str(_("No answer")), given[""], _percent(given[""], total)))
        result.questions.append((str(wording), shares))
    for kind, attribute in ((CheckInKind.FIRST, "lonely_first"), (CheckInKind.LATER, "lonely_later")):
        of_kind = {key: count for key, count in counts.items() if key[0] == kind}
        answered = sum(count for key, count in of_kind.items() if key[1])
        if answered >= MIN_ANSWERS:
            often = sum(count for key, count in of_kind.items() if key[1] in LONELY_OFTEN)
            setattr(result, attribute, _percent(often, answered))
    return result


def check_in_results(*, user, first: dt.date, last: dt.date, groups=None) -> list[CheckInResult]:
    """Per programme (area), then per group in it: the answers given from `first` to `last`, for `user`'s groups
    (narrowed to the page ids in `groups` if given, as for a grant).

    Two queries whatever the number of answers.
    """
    answers = CheckInAnswer.objects.filter(
        group__in=pages_editable_by(user), month__gte=first.replace(day=1), month__lte=last
    )
    if groups is not None:
        answers = answers.filter(group__in=groups)
    rows = (
        answers.values("group_id", "group__title", "group__path", "kind", "lonely", "welcome", "service_used")
        .annotate(count=Count("pk"))
        .order_by()
    )
    answered_groups: dict[int, tuple[str, str]] = {}
    per_group: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        answered_groups[row["group_id"]] = (row["group__title"], row["group__path"])
        per_group[row["group_id"]][(row["kind"], row["lonely"], row["welcome"], row["service_used"])] += row["count"]
    area_paths = {path[: -Page.steplen] for _title, path in answered_groups.values()}
    areas = dict(Page.objects.filter(path__in=area_paths).values_list("path", "title"))
    results = []
    for area_path in sorted(area_paths, key=lambda path: areas.get(path, "")):
        in_area = sorted(
            (title, pk) for pk, (title, path) in answered_groups.items() if path[: -Page.steplen] == area_path
        )
        results.append(_result(areas.get(area_path, ""), True, sum((per_group[pk] for _t, pk in in_area), Counter())))
        results.extend(_result(title, False, per_group[pk]) for title, pk in in_area)
    return results


__all__ = ["MIN_ANSWERS", "CheckInResult", "check_in_invitation_for_token", "check_in_results"]
