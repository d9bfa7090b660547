"""The family's private one-to-one page: see the time, cancel it, ask for another, answer an offer."""

import pytest
from django.urls import reverse

from support.models import SupportRequest, SupportSlot
from support.services import support_offer_time, support_request_create, support_slot_withdraw

from .conftest import slot_add
from .family_support import html, support_page_add

pytestmark = pytest.mark.django_db

MANAGE_QUERIES = 7


def asked(slot, *, first_name="Hodan", language="en-gb", about="", phone="07700 900456", email=""):
    return support_request_create(
        slot=slot,
        first_name=first_name,
        email=email,
        phone=phone,
        texts_agreed=False,
        language=language,
        about=about,
        request_key=None,
    )


@pytest.fixture
def page(site):
    return support_page_add(site.croydon)


@pytest.fixture
def hodan(site, page):
    return asked(site.slot, about="Feeling low since the baby came")


def manage_url(support_request):
    return reverse("support:manage", args=[support_request.contact.manage_token])


def act(client, support_request, action, **data):
    return client.post(manage_url(support_request), {"request": support_request.pk, "action": action, **data})


class TestThePage:
    def test_it_shows_the_time_how_they_meet_and_where_it_stands(self, client, site, hodan):
        response = client.get(manage_url(hodan))

        assert response.status_code == 200
        body = html(response)
        assert "the worker phones you on the number you gave" in body
        assert "This time is kept for you." in body
        assert "Feeling low since the baby came" in body
        assert "Cancel this session" in body and "Ask for another time" in body

    def test_a_time_in_person_names_the_venue(self, client, site, page):
        slot = slot_add(site.croydon, site.sara, days=5, mode=SupportSlot.Mode.VENUE, venue=site.venue)

        body = html(client.get(manage_url(asked(slot))))

        assert "In person at Family Centre" in body

    def test_it_is_private_never_cached_and_not_for_search_engines(self, client, site, hodan):
        response = client.get(manage_url(hodan))

        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]

    def test_an_unknown_link_is_not_found(self, client, site, hodan):
        assert client.get(reverse("support:manage", args=["not-a-real-link"])).status_code == 404
        assert client.get(reverse("support:manage", args=[site.amina.manage_token])).status_code == 404

    def test_it_is_in_the_familys_language_right_to_left_for_urdu(self, client, site, page):
        urdu = asked(site.slot, language="ur")

        response = client.get(manage_url(urdu))

        assert response["Content-Language"] == "ur"
        assert 'dir="rtl"' in html(response) and 'lang="ur"' in html(response)

    def test_a_time_the_worker_took_back_is_explained_with_a_way_to_ask_again(self, client, site, page, hodan):
        support_slot_withdraw(slot=site.slot, by=site.sara)

        body = html(client.get(manage_url(hodan)))

        assert "the worker could not keep this time" in body
        assert f'href="{page.url}"' in body
        assert "Cancel this session" not in body

    def test_it_costs_a_fixed_number_of_queries(self, client, site, hodan, django_assert_num_queries):
        client.get(manage_url(hodan))
        with django_assert_num_queries(MANAGE_QUERIES):
            client.get(manage_url(hodan))


class TestCancelling:
    def test_it_asks_first_then_cancels_and_the_time_is_free_again(self, client, site, page, hodan):
        confirm = act(client, hodan, "cancel")

        assert confirm.status_code == 200
        assert "Cancel your one-to-one session?" in html(confirm)
        hodan.refresh_from_db()
        assert hodan.status == SupportRequest.Status.ASKED

        done = act(client, hodan, "cancel", confirm="yes")

        assert done.status_code == 302
        hodan.refresh_from_db()
        assert hodan.status == SupportRequest.Status.CANCELLED
        assert "Your session is cancelled" in html(client.get(manage_url(hodan)))
        assert reverse("support:ask", args=[site.slot.pk]) in html(client.get(page.url))


class TestAnotherTime:
    def test_the_family_asks_for_another_time_with_a_few_words(self, client, site, hodan):
        response = act(client, hodan, "other_time", wish="Mornings after the school run")

        assert response.status_code == 302
        hodan.refresh_from_db()
        assert hodan.status == SupportRequest.Status.WANTS_OTHER_TIME
        assert hodan.other_time_wish == "Mornings after the school run"
        assert "You asked for another time" in html(client.get(manage_url(hodan)))

    def test_hostile_words_are_refused_plainly_and_kept_in_the_box(self, client, site, hodan):
        response = act(client, hodan, "other_time", wish="<script>alert(1)</script>")

        assert response.status_code == 200
        assert "without &lt; and &gt;" in html(response)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in html(response)
        hodan.refresh_from_db()
        assert hodan.status == SupportRequest.Status.ASKED

    def test_the_family_accepts_the_time_offered(self, client, site, hodan):
        support_offer_time(request=hodan, slot=site.later_slot, by=site.sara)
        assert "The worker has offered you another time" in html(client.get(manage_url(hodan)))

        response = act(client, hodan, "accept")

        assert response.status_code == 302
        hodan.refresh_from_db()
        assert hodan.status == SupportRequest.Status.ASKED and hodan.slot == site.later_slot

    def test_the_family_declines_it_and_keeps_their_first_time(self, client, site, hodan):
        support_offer_time(request=hodan, slot=site.later_slot, by=site.sara)

        act(client, hodan, "decline")

        hodan.refresh_from_db()
        assert hodan.status == SupportRequest.Status.WANTS_OTHER_TIME and hodan.slot == site.slot

    def test_an_answer_to_an_offer_taken_back_meanwhile_is_explained(self, client, site, hodan):
        support_offer_time(request=hodan, slot=site.later_slot, by=site.sara)
        support_slot_withdraw(slot=site.later_slot, by=site.sara)

        response = act(client, hodan, "accept")

        assert response.status_code == 200
        assert "This has changed since the page was shown" in html(response)
        hodan.refresh_from_db()
        assert hodan.slot == site.slot


class TestOnlyTheirOwn:
    def test_another_familys_request_cannot_be_changed_through_this_link(self, client, site, hodan):
        other = asked(site.later_slot, first_name="Zainab")

        response = client.post(manage_url(hodan), {"request": other.pk, "action": "cancel", "confirm": "yes"})

        assert response.status_code == 404
        other.refresh_from_db()
        assert other.status == SupportRequest.Status.ASKED
        assert "Zainab" not in html(client.get(manage_url(hodan)))

    def test_an_unknown_action_changes_nothing(self, client, site, hodan):
        assert act(client, hodan, "delete").status_code == 404
        hodan.refresh_from_db()
        assert hodan.status == SupportRequest.Status.ASKED

    def test_a_link_is_limited_however_many_addresses_use_it(self, client, site, hodan, settings):
        settings.GATHER_FORM_RATE_LIMIT = 2
        for number in range(2):
            client.post(manage_url(hodan), {"action": "x"}, REMOTE_ADDR=f"192.0.2.{number + 1}")

        response = act(client, hodan, "cancel", confirm="yes")

        assert response.status_code == 429
        hodan.refresh_from_db()
        assert hodan.status == SupportRequest.Status.ASKED
