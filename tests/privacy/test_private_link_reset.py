"""A family stops their own private link working and gets a new one."""

from django.urls import reverse

from events.selectors.privacy import contact_for_feed_token


def test_the_bookings_page_offers_a_new_link(client, site):
    page = client.get(reverse("events:booking_manage", args=[site.amina.manage_token])).content.decode()

    assert reverse("events:private_link_reset", args=[site.amina.manage_token]) in page


def test_asking_first_changes_nothing(client, site):
    response = client.get(reverse("events:private_link_reset", args=[site.amina.manage_token]))

    assert response.status_code == 200
    assert "Get a new private link?" in response.content.decode()
    assert client.get(reverse("events:booking_manage", args=[site.amina.manage_token])).status_code == 200


def test_the_old_link_and_calendar_stop_and_the_new_link_shows_the_bookings(client, site):
    old_manage, old_feed = site.amina.manage_token, site.amina.feed_token

    response = client.post(reverse("events:private_link_reset", args=[old_manage]), follow=True)

    site.amina.refresh_from_db()
    assert response.redirect_chain[-1][0] == reverse("events:booking_manage", args=[site.amina.manage_token])
    assert "Your old link no longer works" in response.content.decode()
    assert "Thursday mums" in response.content.decode()
    assert client.get(reverse("events:booking_manage", args=[old_manage])).status_code == 404
    assert client.get(reverse("events:personal_ical", args=[old_feed])).status_code == 404
    assert contact_for_feed_token(site.amina.feed_token) == site.amina


def test_an_unknown_or_expired_link_cannot_reset_anything(client, site):
    response = client.post(reverse("events:private_link_reset", args=["not-a-real-token"]))

    assert response.status_code == 404


def test_one_familys_reset_leaves_others_alone(client, site):
    fiona_token = site.fiona.manage_token

    client.post(reverse("events:private_link_reset", args=[site.amina.manage_token]))

    assert client.get(reverse("events:booking_manage", args=[fiona_token])).status_code == 200
