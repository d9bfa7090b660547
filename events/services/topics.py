"""Families suggest topics for their group or area and vote on them; leaders decide what is open.

Every change to suggestions and votes goes through here: the family's private page,
the leaders' admin views and the browser tests all call these functions.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.models import Locale

from events.models import Contact, GroupPage, WorkshopIndexPage, WorkshopPage
from events.models.messages import TopicMessageKind
from events.models.topics import (
    LIVE_VOTES_PER_FAMILY,
    TOPIC_REPLY_MAX_LENGTH,
    TOPIC_TITLE_MAX_LENGTH,
    SuggestionStatus,
    TopicSuggestion,
    TopicVote,
)
from events.selectors.topics import (
    FamilyPlaces,
    household_live_votes,
    open_topics,
    topic_families_to_tell,
    workshop_first_bookable_session,
)
from events.services_notify import family_notify
from home.text import line_break_in, text_clean


class TopicRefused(ValidationError):
    """A suggestion or vote that cannot go ahead; `message` is written for the family or leader."""


def _title_clean(title: str) -> str:
    if line_break_in(title.strip()):
        raise TopicRefused(_("Please write your idea on one line."), code="line_break")
    title = " ".join(text_clean(title).split())
    if not title:
        raise TopicRefused(_("Please write your idea in a few words."), code="empty")
    if len(title) > TOPIC_TITLE_MAX_LENGTH:
        raise TopicRefused(
            _("Please keep your idea to %(limit)s characters or fewer.") % {"limit": TOPIC_TITLE_MAX_LENGTH},
            code="too_long",
        )
    return title


def _place_fields(place) -> dict:
    return {"group": place, "area": None} if isinstance(place, GroupPage) else {"group": None, "area": place}


def topic_suggest(*, contact: Contact, places: FamilyPlaces, place, title: str) -> TopicSuggestion:
    """A family's idea for one of their own groups or areas, private until a leader approves it."""
    if place not in places.pages:
        raise TopicRefused(_("Please choose one of your groups or areas."), code="place")
    topic = TopicSuggestion(title=_title_clean(title), suggested_by=contact, **_place_fields(place))
    topic.full_clean()
    topic.save()
    return topic


def topic_suggest_on_behalf(*, user, place, title: str, contact: Contact | None = None) -> TopicSuggestion:
    """A leader writes down an idea a family said at the group; it is open for votes at once."""
    topic = TopicSuggestion(
        title=_title_clean(title),
        suggested_by=contact,
        entered_on_behalf=True,
        entered_by=user,
        status=SuggestionStatus.APPROVED,
        decided_at=timezone.now(),
        **_place_fields(place),
    )
    topic.full_clean()
    topic.save()
    return topic


def topic_vote_cast(*, contact: Contact, places: FamilyPlaces, topic: TopicSuggestion) -> TopicVote:
    """One vote of this family for an open topic of their group or area.

    A family is counted as in the funder report (`household_ref`), so that booking twice
    gives no second vote; it may hold LIVE_VOTES_PER_FAMILY votes on open topics at once.
    """
    if not places.allows(topic) or not open_topics().filter(pk=topic.pk).exists():
        raise TopicRefused(_("This topic is not open for votes."), code="closed")
    with transaction.atomic():
        # Lock the family's contact so that two votes sent at once cannot both pass the limit.
        Contact.objects.select_for_update().filter(pk=contact.pk).first()
        if TopicVote.objects.filter(topic=topic, household_ref=contact.household_ref).exists():
            raise TopicRefused(_("Your family has already voted for this topic."), code="voted")
        if household_live_votes(household_ref=contact.household_ref) >= LIVE_VOTES_PER_FAMILY:
            raise TopicRefused(
                _("You have used your %(limit)s votes. Take one back to vote for this topic.")
                % {"limit": LIVE_VOTES_PER_FAMILY},
                code="limit",
            )
        try:
            with transaction.atomic():
                return TopicVote.objects.create(topic=topic, contact=contact, household_ref=contact.household_ref)
        except IntegrityError as error:
            raise TopicRefused(_("Your family has already voted for this topic."), code="voted") from error


def topic_vote_withdraw(*, contact: Contact, topic: TopicSuggestion) -> bool:
    """Take back this contact's vote for `topic`; only the link that cast a vote can take it back."""
    deleted, _rows = TopicVote.objects.filter(topic=topic, contact=contact, topic__in=open_topics()).delete()
    return bool(deleted)


def topic_approve(*, topic: TopicSuggestion) -> TopicSuggestion:
    topic.status = SuggestionStatus.APPROVED
    topic.decided_at = timezone.now()
    topic.save(update_fields=["status", "decided_at"])
    return topic


def topic_decline(*, topic: TopicSuggestion, reply: str) -> TopicSuggestion:
    """Decline with a brief reply the family reads on their private page."""
    reply = " ".join(text_clean(reply).split())
    if len(reply) > TOPIC_REPLY_MAX_LENGTH:
        raise TopicRefused(
            _("Please keep the reply to %(limit)s characters or fewer.") % {"limit": TOPIC_REPLY_MAX_LENGTH},
            code="too_long",
        )
    with transaction.atomic():
        topic.status = SuggestionStatus.DECLINED
        topic.reply = reply
        topic.decided_at = timezone.now()
        topic.save(update_fields=["status", "reply", "decided_at"])
        # Votes cast while it was open no longer hold a family's allowance.
        topic.votes.all().delete()
    return topic


def topic_merge(*, topic: TopicSuggestion, into: TopicSuggestion) -> TopicSuggestion:
    """Join a duplicate into another topic of the same place: its votes move, one per family."""
    if into.pk == topic.pk or (into.group_id, into.area_id) != (topic.group_id, topic.area_id):
        raise TopicRefused(_("Choose another topic of the same group or area."), code="merge_place")
    if into.status != SuggestionStatus.APPROVED:
        raise TopicRefused(_("Choose a topic that is open for votes."), code="merge_closed")
    with transaction.atomic():
        already = TopicVote.objects.filter(topic=into, household_ref__isnull=False).values("household_ref")
        topic.votes.filter(household_ref__in=already).delete()
        topic.votes.update(topic=into)
        topic.status = SuggestionStatus.MERGED
        topic.merged_into = into
        topic.decided_at = timezone.now()
        topic.save(update_fields=["status", "merged_into", "decided_at"])
    return topic


def topic_show_of_hands_record(*, topic: TopicSuggestion, hands: int, session=None, user=None) -> TopicVote:
    """Hands raised at a session for an open topic, counted as votes and shown as a show of hands."""
    if hands < 1:
        raise TopicRefused(_("Write how many hands went up: 1 or more."), code="hands")
    if not open_topics().filter(pk=topic.pk).exists():
        raise TopicRefused(_("This topic is not open for votes."), code="closed")
    return TopicVote.objects.create(topic=topic, hands=hands, show_of_hands=True, session=session, recorded_by=user)


def topic_workshop_create(*, topic: TopicSuggestion, user, tags=()) -> WorkshopPage:
    """A draft workshop page carrying the topic's title and the chosen topic tags, for staff to finish.

    Its families are told once it is published with sessions (topic_workshop_families_tell).
    """
    if topic.status != SuggestionStatus.APPROVED or topic.workshop_id:
        raise TopicRefused(_("Only a topic open for votes can become a workshop."), code="not_open")
    index = WorkshopIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        raise TopicRefused(_("There is no workshops page to add the workshop to."), code="no_index")
    with transaction.atomic():
        workshop = WorkshopPage(
            title=topic.title,
            live=False,
            summary=_("Chosen by the families of %(place)s.") % {"place": topic.place.title},
            description=format_html("<p>{}</p>", _("The families who come suggested this topic and voted for it.")),
            chosen_by_participants=True,
            owner=user,
            topics=list(tags),
            groups=[topic.group] if topic.group_id else [],
        )
        index.add_child(instance=workshop)
        workshop.save_revision(user=user)
        topic.workshop = workshop
        topic.save(update_fields=["workshop"])
    return workshop


def topic_workshop_families_tell(*, workshop: WorkshopPage) -> int:
    """Tell every family who suggested or voted for a topic that became `workshop` that it can be booked.

    Only once it is live with a session still to come, and once per topic: publishing again tells
    nobody twice. Each family hears by the channels it chose, in its language (events/topic_messages.py).
    Returns how many families were told.
    """
    if not workshop.live or workshop_first_bookable_session(workshop=workshop) is None:
        return 0
    told = 0
    with transaction.atomic():
        for topic in TopicSuggestion.objects.select_for_update().filter(workshop=workshop, families_told_at=None):
            for contact in topic_families_to_tell(topic=topic):
                queued = family_notify(
                    kind=TopicMessageKind.WORKSHOP_READY,
                    contact=contact,
                    about=topic,
                    dedupe_key=f"topic_workshop:{topic.pk}:{contact.pk}",
                )
                told += bool(queued)
            topic.families_told_at = timezone.now()
            topic.save(update_fields=["families_told_at"])
    return told
