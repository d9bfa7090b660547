"""Public pages and calendar feeds never show who booked."""

from django.urls import reverse

from events.services.bookings import booking_create

SECRETS = ["Zainab", "zainab.private@example.org", "07700 900555", "Needs a prayer room", "Amina", "Fiona"]


def book_zainab(site):
    return booking_create(
        session=site.mums_session,
        first_name="Zainab",
        email="zainab.private@example.org",
        phone="07700 900555",
        access_needs="Needs a prayer room",
        consent=True,
    )


def public_addresses(site):
    return [
        site.home.url,
        site.croydon.url,
        site.mums.url,
        reverse("search") + "?q=mums",
        reverse("events:session_detail", args=[site.mums_session.pk]),
        reverse("events:site_ical"),
        reverse("events:area_ical", args=[site.croydon.pk]),
        reverse("events:page_ical", args=[site.mums.pk]),
        reverse("events:session_ical", args=[site.mums_session.pk]),
    ]


def test_no_public_page_or_feed_shows_a_familys_details(client, site):
    book_zainab(site)

    for address in public_addresses(site):
        response = client.get(address)
        assert response.status_code == 200, address
        body = response.content.decode()
        shown = [secret for secret in SECRETS if secret in body]
        assert shown == [], f"{address} shows {shown}"


def test_the_check_would_see_a_name_if_one_were_shown(client, site):
    # The group's own title is on its page and in its feed, so a leak would be seen too.
    for address in public_addresses(site)[2:]:
        assert "Thursday mums" in client.get(address).content.decode(), address


def test_a_familys_private_page_shows_only_their_own_bookings(client, site):
    outcome = book_zainab(site)

    page = client.get(reverse("events:booking_manage", args=[outcome.contact.manage_token])).content.decode()

    assert "Zainab" in page
    assert "Amina" not in page
    assert "Step-free entrance" not in page


def test_a_personal_feed_lists_only_that_familys_sessions(client, site):
    outcome = book_zainab(site)

    feed = client.get(reverse("events:personal_ical", args=[outcome.contact.feed_token])).content.decode()

    assert "Thursday mums" in feed
    assert "Peebles" not in feed
    assert "Amina" not in feed
