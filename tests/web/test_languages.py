"""Choosing a language: prefixed addresses, the language list, the browser's wish, and shared sessions."""

import pytest
from django.conf import settings
from wagtail.models import Locale

from events.models import Session
from events.services.sessions import page_sessions_sync
from tests import factories as f

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def site(db):
    tree = f.site_tree()
    croydon = f.area_add(tree, "Croydon")
    group = f.group_add(croydon, "Mum's Space", weekday="tuesday")
    return {"tree": tree, "croydon": croydon, "group": group}


def _translate(page, language_code):
    """The page's translation into `language_code`, with its parents, published."""
    translation = page.copy_for_translation(Locale.objects.get(language_code=language_code), copy_parents=True)
    translation.title = f"{page.title} ({language_code})"
    translation.save_revision().publish()
    return translation


@pytest.mark.parametrize(
    ("language", "lang", "direction"),
    [("ar", "ar", "rtl"), ("ur", "ur", "rtl"), ("bn", "bn", "ltr"), ("pl", "pl", "ltr")],
)
def test_a_prefixed_address_opens_in_its_language_with_the_right_direction(client, site, language, lang, direction):
    response = client.get(f"/{language}{site['group'].url}")

    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{direction}">' in response.text


def test_english_addresses_keep_working_without_a_prefix(client, site):
    response = client.get(site["group"].url)

    assert response.status_code == 200
    assert '<html lang="en-GB" dir="ltr">' in response.text


def test_every_page_lists_each_language_named_in_itself(client, site):
    html = client.get(site["group"].url).text

    for name in ("English", "العربية", "اردو", "বাংলা", "Polski"):
        assert f">{name}</a>" in html
    assert 'href="/language/ar/?next=%2Fgroups%2Fcroydon%2Fmums-space%2F" lang="ar" hreflang="ar"' in html
    assert 'hreflang="en-GB" aria-current="true">English</a>' in html


def test_the_head_names_the_page_in_every_language(client, site):
    html = client.get(f"/ur{site['group'].url}").text

    assert '<link rel="alternate" hreflang="ur" href="http://testserver/ur/groups/croydon/mums-space/">' in html
    assert '<link rel="alternate" hreflang="en-GB" href="http://testserver/groups/croydon/mums-space/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/groups/croydon/mums-space/">' in html


def test_a_browser_asking_for_arabic_is_taken_to_the_arabic_address(client, site):
    response = client.get(site["group"].url + "?page=2", HTTP_ACCEPT=BROWSER_ACCEPT, HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")

    assert response.status_code == 302
    assert response["Location"] == "/ar/groups/croydon/mums-space/?page=2"
    assert {"accept-language", "cookie"} <= {v.strip().lower() for v in response["Vary"].split(",")}


def test_a_browser_asking_for_english_or_an_unknown_language_stays(client, site):
    for accept_language in ("en-US,en;q=0.9", "fr-FR", ""):
        response = client.get(site["group"].url, HTTP_ACCEPT=BROWSER_ACCEPT, HTTP_ACCEPT_LANGUAGE=accept_language)
        assert response.status_code == 200, accept_language


def test_calendar_apps_are_never_redirected(client, site):
    response = client.get("/calendar/all.ics", HTTP_ACCEPT="text/calendar", HTTP_ACCEPT_LANGUAGE="ar")

    assert response.status_code == 200


def test_a_choice_on_the_list_is_remembered_over_the_browser(client, site):
    response = client.get("/language/en-gb/", {"next": "/ar/groups/croydon/mums-space/"})

    assert response.status_code == 302
    assert response["Location"] == "/groups/croydon/mums-space/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en-gb"
    # Back on an English address with an Arabic browser: the choice wins.
    again = client.get(site["group"].url, HTTP_ACCEPT=BROWSER_ACCEPT, HTTP_ACCEPT_LANGUAGE="ar")
    assert again.status_code == 200


def test_choosing_bengali_goes_to_the_same_page_in_bengali_and_later_visits_follow(client, site):
    response = client.get("/language/bn/", {"next": "/groups/croydon/mums-space/"})

    assert response["Location"] == "/bn/groups/croydon/mums-space/"
    later = client.get("/groups/croydon/", HTTP_ACCEPT=BROWSER_ACCEPT)
    assert later["Location"] == "/bn/groups/croydon/"


def test_choosing_a_language_never_sends_a_visitor_to_another_site(client, site):
    for unsafe in ("https://elsewhere.example/", "//elsewhere.example/x", "javascript:alert(1)"):
        response = client.get("/language/pl/", {"next": unsafe})
        assert response["Location"] == "/pl/", unsafe
    assert client.get("/language/xx/").status_code == 404


def test_an_untranslated_page_says_so_in_the_visitors_language_and_english_pages_do_not(client, site):
    notice = 'class="translation-missing"'

    assert notice in client.get(f"/pl{site['group'].url}").text
    assert notice not in client.get(site["group"].url).text


def test_a_translated_page_shows_its_translation_without_the_notice(client, site):
    _translate(site["group"], "ar")

    html = client.get(f"/ar{site['group'].url}").text

    assert "Mum&#x27;s Space (ar)" in html
    assert 'class="translation-missing"' not in html


def test_a_translation_shows_the_english_pages_sessions_and_makes_none_of_its_own(client, site):
    group = site["group"]
    sessions_before = Session.objects.count()
    session = Session.objects.filter(page=group).order_by("start").first()

    translation = _translate(group, "ur")
    page_sessions_sync(page=translation)

    assert Session.objects.count() == sessions_before
    assert not Session.objects.filter(page=translation).exists()
    html = client.get(translation.url).text
    assert translation.url.startswith("/ur/")
    assert f"/ur/sessions/{session.pk}/" in html


def test_pages_are_cached_per_language(client, site, settings):
    settings.GATHER_PAGE_CACHE_SECONDS = 60
    english = client.get(site["group"].url)
    arabic = client.get(f"/ar{site['group'].url}")
    english_again = client.get(site["group"].url)

    assert 'dir="rtl"' in arabic.text
    assert 'dir="rtl"' not in english_again.text
    assert english_again.content == english.content


def test_sessions_show_the_groups_title_in_the_visitors_language(client, site):
    group = site["group"]
    _translate(group, "ar")
    session = Session.objects.filter(page=group).order_by("start").first()

    booking_page = client.get(f"/ar/sessions/{session.pk}/").text
    area_page = client.get(f"/ar{site['croydon'].url}").text
    english_page = client.get(f"/sessions/{session.pk}/").text

    assert "<h1>Mum&#x27;s Space (ar)</h1>" in booking_page
    # Back to the group: its page in Arabic, at the same address under /ar/.
    assert f'href="/ar{group.url}"' in booking_page
    assert "Mum&#x27;s Space (ar)" in area_page
    assert "<h1>Mum&#x27;s Space</h1>" in english_page
