"""Reads about topic suggestions and votes: what a family may suggest and vote on, and the ranked lists.

Vote counts add up hands, so a show of hands counts each hand; nothing read here for a
family or the public says who suggested or voted.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from events.models import (
    LIVE_BOOKING_STATUSES,
    AreaPage,
    Booking,
    BookingMode,
    Contact,
    GroupPage,
    Session,
    SessionStatus,
)
from events.models.topics import SuggestionStatus, TopicSuggestion, TopicVote
from events.selectors.sessions import sessions_public
from home.page_visibility import public_pages_q
from home.permissions import pages_editable_by
from web.page_cache import STRUCTURE_VERSION_KEY, remembered

TREE_STEP = 4  # Wagtail's path characters per level of the page tree


def _ranked(topics: QuerySet) -> QuerySet:
    return topics.annotate(
        vote_count=Coalesce(Sum("votes__hands"), 0, output_field=IntegerField()),
        hands_count=Coalesce(Sum("votes__hands", filter=Q(votes__show_of_hands=True)), 0, output_field=IntegerField()),
    ).order_by("-vote_count", "title", "pk")


# The version of every page's "What we're planning next" list.
TOPICS_VERSION_KEY = "page-cache:topics-version"


def open_topics() -> QuerySet:
    """Approved topics not yet turned into a workshop: the ones families vote on."""
    return TopicSuggestion.objects.filter(status=SuggestionStatus.APPROVED, workshop__isnull=True)


@dataclass
class FamilyPlaces:
    groups: list = field(default_factory=list)
    areas: list = field(default_factory=list)

    @property
    def pages(self) -> list:
        return [*self.groups, *self.areas]

    def allows(self, topic: TopicSuggestion) -> bool:
        return topic.group_id in {g.pk for g in self.groups} or topic.area_id in {a.pk for a in self.areas}


def family_places(*, contact: Contact) -> FamilyPlaces:
    """The public groups a family has booked, and the areas they are in (two queries).

    Only what this contact's own link booked counts: a family suggests and votes where it goes.
    """
    booked_groups = Booking.objects.filter(contact=contact, status__in=LIVE_BOOKING_STATUSES).values("session__page_id")
    groups = list(GroupPage.objects.filter(public_pages_q(), pk__in=booked_groups).order_by("title"))
    if not groups:
        return FamilyPlaces()
    area_paths = {group.path[:-TREE_STEP] for group in groups}
    areas = list(AreaPage.objects.filter(public_pages_q(), path__in=area_paths).order_by("title"))
    return FamilyPlaces(groups=groups, areas=areas)


@dataclass
class PlaceTopics:
    place: object
    topics: list


def family_open_topics(*, contact: Contact, places: FamilyPlaces) -> list[PlaceTopics]:
    """Each of the family's groups and areas with its open topics, most votes first, and
    `voted` on the ones this contact voted for (one query)."""
    if not places.pages:
        return []
    mine = TopicVote.objects.filter(topic=OuterRef("pk"), contact=contact)
    topics = _ranked(
        open_topics().filter(Q(group__in=[g.pk for g in places.groups]) | Q(area__in=[a.pk for a in places.areas]))
    ).annotate(voted=Exists(mine))
    by_place: dict[int, list] = {}
    for topic in topics:
        by_place.setdefault(topic.group_id or topic.area_id, []).append(topic)
    return [PlaceTopics(place=page, topics=by_place.get(page.pk, [])) for page in places.pages]


def family_suggestions(*, contact: Contact) -> list[TopicSuggestion]:
    """What this contact suggested and what became of it, newest first (one query)."""
    return list(TopicSuggestion.objects.filter(suggested_by=contact).select_related("group", "area", "merged_into"))


def household_live_votes(*, household_ref) -> int:
    """How many open topics a family (counted as in the funder report) has voted for."""
    return TopicVote.objects.filter(household_ref=household_ref, topic__in=open_topics()).count()


def topics_planned(*, page) -> list[TopicSuggestion]:
    """The open topics of a group or area page in any of its languages, most votes first.

    One query, kept until a topic or vote changes (TOPICS_VERSION_KEY, replaced on every
    save or delete of either: events/signal_handlers.py) or the page tree does (a workshop
    made from a topic deleted), so a decision or a vote shows at once while a booking,
    which changes the page's other content, does not cost the list again.
    """
    kind = "group" if isinstance(page, GroupPage) else "area"
    return remembered(
        f"topics_planned:{kind}:{page.translation_key}",
        lambda: list(_ranked(open_topics().filter(**{f"{kind}__translation_key": page.translation_key}))),
        versions=(TOPICS_VERSION_KEY, STRUCTURE_VERSION_KEY),
    )


def topic_families_to_tell(*, topic: TopicSuggestion) -> QuerySet:
    """The contacts who suggested or voted for `topic` or a topic merged into it (one query)."""
    topics = TopicSuggestion.objects.filter(Q(pk=topic.pk) | Q(merged_into=topic))
    return Contact.objects.filter(Q(suggested_topics__in=topics) | Q(topic_votes__topic__in=topics)).distinct()


def contacts_suggestions(*, contacts) -> list[TopicSuggestion]:
    """What these contacts suggested, oldest first, for their data export (one query)."""
    return list(
        TopicSuggestion.objects.filter(suggested_by__in=contacts)
        .select_related("group", "area")
        .order_by("created_at", "pk")
    )


def contacts_votes(*, contacts) -> list[TopicVote]:
    """The votes these contacts cast, oldest first, for their data export (one query)."""
    return list(
        TopicVote.objects.filter(contact__in=contacts)
        .select_related("topic__group", "topic__area")
        .order_by("cast_at", "pk")
    )


def topics_for_staff(*, user) -> QuerySet:
    """The suggestions of the groups and areas `user` may edit (a leader's groups, a coordinator's
    area and its groups, every one for staff), new ones first, with their vote counts."""
    pages = pages_editable_by(user)
    return (
        _ranked(TopicSuggestion.objects.filter(Q(group__in=pages) | Q(area__in=pages)))
        .select_related("group", "area", "merged_into", "workshop")
        .order_by(Case(When(status=SuggestionStatus.PENDING, then=0), default=1), "-created_at", "-pk")
    )


def topics_new_for_staff(*, user, limit: int) -> list[TopicSuggestion]:
    """The newest suggestions waiting for a decision in `user`'s groups and areas (one query)."""
    pages = pages_editable_by(user)
    return list(
        TopicSuggestion.objects.filter(Q(group__in=pages) | Q(area__in=pages), status=SuggestionStatus.PENDING)
        .select_related("group", "area")
        .order_by("-created_at", "-pk")[:limit]
    )


def topic_merge_targets(*, topic: TopicSuggestion) -> QuerySet:
    """Other open topics of the same group or area, which a duplicate can be joined into."""
    return open_topics().filter(group=topic.group_id, area=topic.area_id).exclude(pk=topic.pk).order_by("title")


def workshop_first_bookable_session(*, workshop) -> Session | None:
    """The first session still to come of a live workshop, not cancelled, that takes bookings (one query)."""
    return (
        sessions_public()
        .filter(page=workshop, start__gt=timezone.now(), booking_mode=BookingMode.BOOK)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("start")
        .first()
    )
