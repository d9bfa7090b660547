"""Asking for a one-to-one time, as a family does: a short form, no account, no JavaScript."""

import pytest
from django.urls import reverse

from messaging.models import OutboundMessage
from support.models import SupportRequest, SupportSlot
from support.services import support_request_create

from .conftest import slot_add
from .family_support import ask_data, html, support_page_add

pytestmark = pytest.mark.django_db

ASK_FORM_QUERIES = 8


@pytest.fixture
def page(site):
    return support_page_add(site.croydon)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def ask(client, slot, **overrides):
    return client.post(reverse("support:ask", args=[slot.pk]), ask_data(client, slot, **overrides))


def taken_by_another_family(slot):
    return support_request_create(
        slot=slot,
        first_name="Zainab",
        email="zainab@example.org",
        phone="",
        texts_agreed=False,
        language="en-gb",
        about="",
        request_key=None,
    )


class TestTheForm:
    def test_it_asks_only_for_a_name_a_way_to_reach_them_a_language_and_optional_words(self, client, site, page):
        response = client.get(reverse("support:ask", args=[site.slot.pk]))

        assert response.status_code == 200
        form = response.context["form"]
        assert [field.name for field in form.visible_fields() if field.name != "website"] == [
            "first_name",
            "email",
            "phone",
            "texts",
            "language",
            "about",
            "consent",
        ]
        body = html(response)
        assert "the worker phones you on the number you gave" in body.lower()
        assert "Only the worker who meets you" in body
        assert 'hidden><label for="id_website"' in body

    def test_the_language_offered_first_is_the_one_the_page_is_read_in(self, client, site, page):
        response = client.get("/ur" + reverse("support:ask", args=[site.slot.pk]))

        assert response.status_code == 200
        assert response.context["form"]["language"].value() == "ur"
        assert 'dir="rtl"' in html(response)

    def test_a_time_of_a_programme_without_a_public_page_is_not_found(self, client, site, page):
        assert client.get(reverse("support:ask", args=[site.borders_slot.pk])).status_code == 404
        page.unpublish()
        assert client.get(reverse("support:ask", args=[site.slot.pk])).status_code == 404

    def test_an_unknown_time_is_not_found(self, client, site, page):
        assert client.get(reverse("support:ask", args=[10**9])).status_code == 404

    def test_the_form_costs_a_fixed_number_of_queries(self, client, site, page, django_assert_num_queries):
        url = reverse("support:ask", args=[site.slot.pk])
        client.get(url)
        with django_assert_num_queries(ASK_FORM_QUERIES):
            client.get(url)


class TestAsking:
    def test_the_family_reaches_their_private_page_which_says_what_happens_next(self, client, site, page, commit):
        with commit():
            response = ask(client, site.slot, about="Sleep, and getting out of the house.", language="ur")

        request = SupportRequest.objects.get()
        assert request.slot == site.slot and request.worker == site.sara
        assert request.about == "Sleep, and getting out of the house."
        assert request.language == "ur" and request.contact.language == "ur"
        # On to their private page, in the language they chose to be written to in.
        manage = "/ur" + reverse("support:manage", args=[request.contact.manage_token])
        assert response.status_code == 302 and response["Location"] == manage + "?asked=1"
        assert OutboundMessage.objects.filter(recipient_id=request.contact.pk, kind="support_asked").exists()
        assert client.get(response["Location"]).status_code == 200

    def test_the_confirmation_page_gives_the_private_link_and_says_an_email_was_sent(self, client, site, page):
        slot = slot_add(site.croydon, site.sara, days=5, mode=SupportSlot.Mode.VIDEO)
        response = ask(client, slot, phone="")
        token = SupportRequest.objects.get().contact.manage_token

        body = html(client.get(response["Location"]))
        assert f"http://testserver{reverse('support:manage', args=[token])}" in body
        assert "We have sent you an email to confirm." in body

    def test_a_mobile_with_texts_agreed_is_kept_for_texts(self, client, site, page, daytime):
        ask(client, site.slot, email="", phone="07700 900456", texts="on")

        contact = SupportRequest.objects.get().contact
        assert contact.phone == "+447700900456" and contact.wants_texts

    def test_texts_without_a_mobile_number_are_refused_beside_the_phone_box(self, client, site, page):
        response = ask(client, site.slot, email="hodan@example.org", phone="", texts="on")

        assert response.status_code == 200
        assert response.context["form"].errors["phone"] == ["Please give your mobile number, so that we can text you."]
        assert not SupportRequest.objects.exists()

    def test_a_time_by_phone_needs_a_phone_number(self, client, site, page):
        response = ask(client, site.slot, email="hodan@example.org", phone="")

        assert "This session is by phone" in response.context["form"].errors["phone"][0]
        assert not SupportRequest.objects.exists()

    def test_a_time_in_person_needs_only_an_email(self, client, site, page):
        slot = slot_add(site.croydon, site.sara, days=5, mode=SupportSlot.Mode.VENUE, venue=site.venue)

        response = ask(client, slot, email="hodan@example.org", phone="")

        assert response.status_code == 302
        assert SupportRequest.objects.get().slot == slot

    def test_neither_email_nor_phone_is_refused_and_the_name_typed_is_kept(self, client, site, page):
        slot = slot_add(site.croydon, site.sara, days=5, mode=SupportSlot.Mode.VIDEO)

        response = ask(client, slot, first_name="Hodan", email="", phone="", about="Money worries")

        assert response.status_code == 200
        assert "Please give an email address or a phone number" in response.context["form"].errors["email"][0]
        body = html(response)
        assert 'value="Hodan"' in body and "Money worries</textarea>" in body
        assert not SupportRequest.objects.exists()

    def test_the_privacy_notice_must_be_agreed(self, client, site, page):
        response = ask(client, site.slot, phone="07700 900456", consent=None)

        assert response.context["form"].errors["consent"] == ["Please tick this box to agree to the privacy notice."]
        assert not SupportRequest.objects.exists()

    def test_sending_the_same_form_twice_asks_once(self, client, site, page):
        data = ask_data(client, site.slot, phone="07700 900456")
        url = reverse("support:ask", args=[site.slot.pk])

        first = client.post(url, data)
        second = client.post(url, data)

        assert SupportRequest.objects.count() == 1
        assert first["Location"] == second["Location"]


class TestATakenTime:
    def test_asking_for_a_time_just_taken_says_so_plainly_and_points_to_the_free_times(self, client, site, page):
        data = ask_data(client, site.slot, first_name="Hodan", phone="07700 900456")
        taken_by_another_family(site.slot)

        response = client.post(reverse("support:ask", args=[site.slot.pk]), data)

        assert response.status_code == 200
        body = html(response)
        assert "Sorry, this time is no longer free" in body
        assert reverse("support:ask", args=[site.later_slot.pk]) in body
        assert page.url in body
        # What they typed is still there, and nothing was stored for them.
        assert 'value="Hodan"' in body
        assert "Ask for this time</button>" not in body
        assert SupportRequest.objects.count() == 1

    def test_the_form_of_a_taken_time_is_not_offered(self, client, site, page):
        taken_by_another_family(site.slot)

        body = html(client.get(reverse("support:ask", args=[site.slot.pk])))

        assert "Sorry, this time is no longer free" in body
        assert "<form" not in body.split("</header>", 1)[1]
        # Nobody learns who has it.
        assert "Zainab" not in body


class TestSpam:
    def test_a_filled_in_honeypot_stores_nothing(self, client, site, page):
        response = ask(client, site.slot, phone="07700 900456", website="http://spam.example")

        assert response.status_code == 200
        assert "We could not accept this form" in html(response)
        assert not SupportRequest.objects.exists()

    def test_one_address_is_limited(self, client, site, page, settings):
        settings.GATHER_FORM_RATE_LIMIT = 2
        slot = slot_add(site.croydon, site.sara, days=5, mode=SupportSlot.Mode.VIDEO)
        for _ in range(2):
            client.post(reverse("support:ask", args=[slot.pk]), {"first_name": "x"})

        response = ask(client, slot, first_name="Hodan")

        assert response.status_code == 200
        assert "You have sent this form a lot of times" in html(response)
        assert 'value="Hodan"' in html(response)
        assert not SupportRequest.objects.exists()

    def test_one_time_is_limited_whatever_the_address(self, client, site, page, settings):
        settings.GATHER_FORM_RATE_LIMIT = 2
        url = reverse("support:ask", args=[site.slot.pk])
        for number in range(2):
            client.post(url, {"first_name": "x"}, REMOTE_ADDR=f"192.0.2.{number + 1}")

        response = client.post(url, ask_data(client, site.slot, phone="07700 900456"), REMOTE_ADDR="192.0.2.99")

        assert "You have sent this form a lot of times" in html(response)
        assert not SupportRequest.objects.exists()


class TestHostileInput:
    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("first_name", "Ho\x07dan", "unusual characters"),
            ("first_name", "<b>Hodan</b>", "without < and >"),
            ("first_name", "H" * 61, "61"),
            ("about", "<script>alert(1)</script>", "without < and >"),
            ("about", "a" * 301, "300 characters or fewer"),
            ("about", "nul\x00here", "unusual characters"),
            ("email", "not an address", "valid email"),
            ("phone", "12", "could not read this phone number"),
        ],
    )
    def test_it_is_refused_with_a_plain_message_and_what_was_typed_is_kept(
        self, client, site, page, field, value, message
    ):
        other = {"phone": "07700 900456"} if field != "phone" else {}
        response = ask(client, site.slot, **{**other, field: value, "first_name": "Hodan", **{field: value}})

        assert response.status_code == 200
        errors = response.context["form"].errors[field]
        assert message.lower() in errors[0].lower(), errors
        assert response.context["form"][field].value() == value
        assert "<script>alert(1)</script>" not in html(response)
        assert not SupportRequest.objects.exists()
