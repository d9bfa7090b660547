"""Names and notes that reach emails and calendar files: accepted as typed in any script, never with
a line break in a one-line field, never with control or invisible formatting characters.

Each rule holds through the public forms and through the services, whoever calls them.
"""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from events.models import Booking, Contact, Session, WaitingEntry
from events.models.schedules import SessionStatus
from events.services.bookings import booking_cancel, booking_create, booking_update
from events.services.places import BookingRefused
from events.services.sessions import session_cancel, session_move
from events.services.waiting_list import waiting_join
from home.permissions import group_leader_role_ensure
from tests.events.booking_support import book, family, group_make, session_make, user_in
from tests.events.test_booking_views import form_data as booking_form_data

pytestmark = pytest.mark.django_db

NAMES = {"Arabic": "فاطمة", "Urdu": "عائشہ", "Bengali": "সালমা", "Polish": "Małgorzata", "Persian": "مهر\u200cانگیز"}
# Invisible characters typed around a name, and the name that is kept.
INVISIBLE = {
    "right-to-left override": ("\u202eAmina", "Amina"),
    "zero-width space": ("Ami\u200bna", "Amina"),
    "isolates and a byte-order mark": ("\ufeff\u2066Amina\u2069", "Amina"),
}
ONE_LINE_REFUSED = "Please write your first name on one line."


@pytest.fixture
def group():
    return group_make("Croydon Mums' Space", area_title="Croydon")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


def form_data(client, session, **overrides):
    """The booking form as test_booking_views fills it, for a family with one child."""
    return booking_form_data(client, session, **{"children": "1", **overrides})


def form_errors(response) -> dict:
    return {name: [str(message) for message in messages] for name, messages in response.context["form"].errors.items()}


class TestThePublicForms:
    @pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
    def test_a_name_in_any_script_is_booked_and_greeted_as_typed(self, client, group, commit, name):
        session = session_make(group)

        with commit():
            response = client.post(
                reverse("events:session_detail", args=[session.pk]), form_data(client, session, first_name=name)
            )

        assert response.status_code == 302
        assert Contact.objects.get().first_name == name
        (email,) = mail.outbox
        assert f"Hello {name}," in email.body

    @pytest.mark.parametrize("line_break", ["\r\n", "\n", "\r", "\u2028"], ids=repr)
    def test_a_name_over_two_lines_is_refused_in_plain_words(self, client, group, line_break):
        session = session_make(group)
        data = form_data(client, session, first_name=f"Amina{line_break}Bcc: everyone@example.org")

        response = client.post(reverse("events:session_detail", args=[session.pk]), data)

        assert response.status_code == 200
        assert form_errors(response) == {"first_name": [ONE_LINE_REFUSED]}
        assert not Contact.objects.exists()

    @pytest.mark.parametrize(("typed", "kept"), INVISIBLE.values(), ids=INVISIBLE.keys())
    def test_invisible_characters_in_a_name_are_dropped(self, client, group, typed, kept):
        session = session_make(group)

        client.post(reverse("events:session_detail", args=[session.pk]), form_data(client, session, first_name=typed))

        assert Contact.objects.get().first_name == kept

    def test_a_name_of_nothing_but_invisible_characters_is_asked_for_again(self, client, group):
        session = session_make(group)
        data = form_data(client, session, first_name="\u202e\u200b\ufeff")

        response = client.post(reverse("events:session_detail", args=[session.pk]), data)

        assert form_errors(response) == {"first_name": ["Please give your first name, so that we know who to expect."]}
        assert not Contact.objects.exists()

    def test_access_needs_keep_their_lines_and_lose_other_controls(self, client, group):
        session = session_make(group)
        data = form_data(client, session, access_needs="Step-free access\r\nAn interpreter\u202e (Urdu)\x07\u200b")

        client.post(reverse("events:session_detail", args=[session.pk]), data)

        assert Booking.objects.get().access_needs == "Step-free access\nAn interpreter (Urdu)"

    def test_the_childrens_ages_over_two_lines_are_refused(self, client, group):
        session = session_make(group, creche=4)
        data = form_data(client, session, creche_children="1", children_ages="8 months\r\nX-INJECTED:1")

        response = client.post(reverse("events:session_detail", args=[session.pk]), data)

        assert form_errors(response) == {"children_ages": ["Please write the ages on one line."]}
        assert not Booking.objects.exists()

    def test_joining_the_waiting_list_cleans_the_name_the_same_way(self, client, group):
        session = session_make(group, places=1)
        book(session, first_name="Hodan", email="hodan@example.org")
        data = form_data(client, session, first_name="\u202eعائشہ\u200b", action="wait")

        client.post(reverse("events:session_detail", args=[session.pk]), data)

        assert WaitingEntry.objects.get().contact.first_name == "عائشہ"

    def test_changing_a_booking_cleans_the_needs_and_refuses_ages_over_two_lines(self, client, group):
        session = session_make(group, creche=4)
        booking = book(session, children=1).bookings[0]
        url = reverse("events:booking_change", args=[booking.contact.manage_token, booking.pk])
        numbers = {"adults": "1", "children": "1", "creche_children": "1"}

        refused = client.post(url, {**numbers, "children_ages": "3 years\n4 years", "access_needs": ""})
        client.post(url, {**numbers, "children_ages": "3 years\u202e", "access_needs": "A quiet room\u200b\r\nRamp"})

        assert form_errors(refused) == {"children_ages": ["Please write the ages on one line."]}
        booking.refresh_from_db()
        assert (booking.children_ages, booking.access_needs) == ("3 years", "A quiet room\nRamp")


class TestTheServices:
    @pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
    def test_a_name_in_any_script_is_kept_as_typed(self, group, name):
        assert book(session_make(group), first_name=name).contact.first_name == name

    @pytest.mark.parametrize("join", [booking_create, waiting_join], ids=["booking_create", "waiting_join"])
    def test_a_name_over_two_lines_is_refused(self, group, join):
        session = session_make(group, places=0)

        with pytest.raises(BookingRefused) as refusal:
            join(session=session, **family(first_name="Amina\r\nBcc: everyone@example.org"))

        assert (refusal.value.code, refusal.value.message) == ("first_name", ONE_LINE_REFUSED)
        assert not Contact.objects.exists()

    @pytest.mark.parametrize(("typed", "kept"), INVISIBLE.values(), ids=INVISIBLE.keys())
    def test_invisible_characters_are_dropped_from_names_and_needs(self, group, typed, kept):
        outcome = book(session_make(group), first_name=typed, children_ages=typed, access_needs=f"{typed}\n{typed}")

        assert outcome.contact.first_name == kept
        assert (outcome.bookings[0].children_ages, outcome.bookings[0].access_needs) == (kept, f"{kept}\n{kept}")

    def test_a_name_of_nothing_but_invisible_characters_is_refused(self, group):
        with pytest.raises(BookingRefused) as refusal:
            book(session_make(group), first_name="\u202e\u200b")

        assert refusal.value.code == "first_name"

    def test_waiting_and_then_promoted_keeps_the_cleaned_details(self, group):
        session = session_make(group, places=1)
        taken = book(session, first_name="Hodan", email="hodan@example.org").bookings[0]
        waiting_join(session=session, **family(first_name="সালমা\u200b", access_needs="Ramp\u202e\r\nCot"))

        booking_cancel(booking=taken)

        promoted = Booking.objects.exclude(pk=taken.pk).get()
        assert (promoted.contact.first_name, promoted.access_needs) == ("সালমা", "Ramp\nCot")

    def test_a_booking_change_refuses_ages_over_two_lines_and_cleans_the_needs(self, group):
        booking = book(session_make(group, creche=4), children=1).bookings[0]
        numbers = {"adults": 1, "children": 1, "creche_children": 1}

        with pytest.raises(BookingRefused) as refusal:
            booking_update(booking=booking, children_ages="3 years\u2029X-INJECTED:1", **numbers)
        booking_update(booking=booking, children_ages="3 years", access_needs="\ufeffRamp\x1b[31m", **numbers)

        assert refusal.value.code == "children_ages"
        booking.refresh_from_db()
        assert (booking.children_ages, booking.access_needs) == ("3 years", "Ramp[31m")

    def test_a_cancellation_reason_over_two_lines_is_refused_and_invisible_characters_dropped(self, group):
        session, other = session_make(group), session_make(group, days=8)

        with pytest.raises(ValidationError, match="one line"):
            session_cancel(session=session, reason="The hall is closed\r\nX-INJECTED:1")
        session_cancel(session=other, reason="\u202eThe hall is closed\u200b")

        session.refresh_from_db()
        other.refresh_from_db()
        assert session.status == SessionStatus.SCHEDULED
        assert other.status_reason == "The hall is closed"

    def test_a_move_reason_over_two_lines_is_refused_and_invisible_characters_dropped(self, group):
        session, other = session_make(group), session_make(group, days=8)
        hour = dt.timedelta(hours=1)
        later = {"start": session.start + hour, "end": session.end + hour}

        with pytest.raises(ValidationError, match="one line"):
            session_move(session=session, reason="Hall booked\nX-INJECTED:1", **later)
        session_move(
            session=other,
            start=other.start + hour,
            end=other.end + hour,
            reason="Hall\u2066 booked\u2069",
        )

        session.refresh_from_db()
        other.refresh_from_db()
        assert session.status == SessionStatus.SCHEDULED
        assert other.status_reason == "Hall booked"


class TestTheStaffForms:
    def test_a_cancellation_reason_is_cleaned_or_refused_in_the_admin(self, client, group):
        session = session_make(group)
        client.force_login(user_in("leader", group_leader_role_ensure(group)))
        url = reverse("events_session:cancel", args=[session.pk])

        refused = client.post(url, {"reason": "Closed\r\nX-INJECTED:1"})
        assert Session.objects.get(pk=session.pk).status == SessionStatus.SCHEDULED
        accepted = client.post(url, {"reason": "\u202eClosed for repairs\u200b"})

        assert refused.status_code == 200
        assert "Please write the reason on one line." in refused.content.decode()
        assert accepted.status_code == 302
        assert Session.objects.get(pk=session.pk).status_reason == "Closed for repairs"
