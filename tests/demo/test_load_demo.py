"""`manage.py load_demo`: both programmes, in five languages, the demo logins, and safe to run twice."""

import datetime as dt
import json
import re
import stat

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Locale, Page

from demo.translations import AUDIENCE_NAMES, HOME, TRANSLATIONS, english_page
from events.models import AreaPage, Contact, GroupPage, Schedule, Session, Venue, WorkshopPage
from home.models import AudienceName, SiteSettings, TopicName
from messaging.models import OutboundMessage
from resources.models import LocalService, ResourcePage
from support.models import SupportPage, SupportRequest, SupportRole, SupportSlot
from support.selectors import support_requests_for, support_slots_free
from tests.demo.conftest import demo_load
from tests.factories import offline_embeds  # noqa: F401 (fixture)
from web.languages import path_without_language

LOGIN_LINE = re.compile(
    r"^(staff|borders-coordinator|walkerburn-leader|croydon-worker|croydon-lead)\s+(\S+)\s+(.+)$", re.MULTILINE
)
LOGINS = {"staff", "borders-coordinator", "walkerburn-leader", "croydon-worker", "croydon-lead"}
# The languages besides English, and the direction each is written in.
DIRECTIONS = {"ar": "rtl", "ur": "rtl", "bn": "ltr", "pl": "ltr"}
MUMS_SPACE_PATH = "/groups/croydon/mums-space/"


def _load(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    return demo_load(tmp_path)


def _english(model):
    """The English pages of `model` (each has a twin with the same slug in every other language)."""
    return model.objects.filter(locale=Locale.get_default())


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            *(Page, Schedule, Session, Venue, LocalService, TopicName, AudienceName, get_user_model()),
            *(SupportRole, SupportSlot, SupportRequest, Contact, OutboundMessage),
        )
    }


@pytest.fixture
def demo(demo_loaded, db):
    """What `load_demo` printed; the demo is loaded once for this module (tests/demo/conftest.py)."""
    return demo_loaded.output


@pytest.mark.django_db
def test_the_second_run_changes_nothing_and_prints_the_same_logins(demo, demo_loaded, settings):
    first_logins = LOGIN_LINE.findall(demo)
    counts = _counts()
    passwords = {user.username: user.password for user in get_user_model().objects.all()}

    second = _load(settings, demo_loaded.base_dir)

    assert "already loaded" in second
    assert LOGIN_LINE.findall(second) == first_logins
    assert _counts() == counts
    assert {user.username: user.password for user in get_user_model().objects.all()} == passwords


@pytest.mark.django_db
def test_logins_are_printed_with_the_admin_address_and_kept_private(demo, demo_loaded):
    assert "http://testserver/admin/" in demo
    logins = {username: password for username, password, _ in LOGIN_LINE.findall(demo)}
    assert set(logins) == LOGINS
    assert len(set(logins.values())) == len(LOGINS) and all(len(password) >= 16 for password in logins.values())

    stored = demo_loaded.base_dir / ".demo-logins.json"
    assert json.loads(stored.read_text()) == logins
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600


@pytest.mark.django_db
def test_the_demo_logins_have_their_roles(client, demo):
    logins = {username: password for username, password, _ in LOGIN_LINE.findall(demo)}
    walkerburn = _english(GroupPage).get(slug="walkerburn")
    peebles = _english(GroupPage).get(slug="peebles")
    mums_space = _english(GroupPage).get(slug="mums-space")

    def can_edit(username, page):
        client.logout()
        assert client.login(username=username, password=logins[username])
        return client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200

    assert can_edit("walkerburn-leader", walkerburn)
    assert not can_edit("walkerburn-leader", peebles)
    assert can_edit("borders-coordinator", peebles)
    assert not can_edit("borders-coordinator", mums_space)
    assert can_edit("staff", mums_space)
    assert not get_user_model().objects.get(username="staff").is_superuser
    # Croydon's safeguarding lead looks after the Croydon pages; the one-to-one worker edits none.
    one_to_one = _english(SupportPage).get()
    assert can_edit("croydon-lead", mums_space) and can_edit("croydon-lead", one_to_one)
    assert not can_edit("croydon-lead", peebles)
    assert not can_edit("croydon-worker", mums_space)

    # The requests are the worker's and the lead's to read, and nobody else's, staff included.
    requests = set(SupportRequest.objects.values_list("pk", flat=True))
    users = {user.username: user for user in get_user_model().objects.filter(username__in=logins)}
    assert {user: set(support_requests_for(users[user]).values_list("pk", flat=True)) for user in logins} == {
        "staff": set(),
        "borders-coordinator": set(),
        "walkerburn-leader": set(),
        "croydon-worker": requests,
        "croydon-lead": requests,
    }
    # The worker signs in to the admin and finds both families there; staff are refused.
    for username, status in (("croydon-worker", 200), ("croydon-lead", 200), ("staff", 302)):
        client.logout()
        assert client.login(username=username, password=logins[username])
        response = client.get(reverse("support_admin:requests"))
        assert response.status_code == status, username
    client.login(username="croydon-worker", password=logins["croydon-worker"])
    html = client.get(reverse("support_admin:requests")).content.decode()
    assert all(reverse("support_admin:request", args=[pk]) in html for pk in requests)


@pytest.mark.django_db
def test_a_fresh_database_gets_the_same_passwords_back(demo, demo_loaded, settings):
    # A fresh database has no one-to-one times or requests, which keep their worker.
    SupportRequest.objects.all().delete()
    SupportSlot.objects.all().delete()
    get_user_model().objects.all().delete()
    assert LOGIN_LINE.findall(_load(settings, demo_loaded.base_dir)) == LOGIN_LINE.findall(demo)


@pytest.mark.django_db
def test_croydon_has_a_women_only_group_with_a_creche_and_a_run_of_workshops(demo):
    croydon = _english(AreaPage).get(slug="croydon")
    group = GroupPage.objects.child_of(croydon).get()
    assert group.women_only and group.has_creche
    assert "Community Centre" in group.venue.name
    assert {audience.name for audience in group.audiences.all()} >= {"Mums", "Muslim mums"}
    assert Session.objects.filter(page=group, creche_places__gt=0).exists()

    workshops = _english(WorkshopPage).live()
    assert all(workshop.speaker for workshop in workshops)
    assert workshops.filter(chosen_by_participants=True).count() >= 2
    assert workshops.filter(chosen_by_participants=False).count() >= 2
    assert Schedule.objects.filter(page__in=workshops.filter(slug="problem-solving")).count() == 3


@pytest.mark.django_db
def test_croydon_offers_weekly_one_to_one_times_with_two_families_waiting(client, demo):
    croydon = _english(AreaPage).get(slug="croydon")
    worker = get_user_model().objects.get(username="croydon-worker")
    roles = {(role.user.username, role.role) for role in SupportRole.objects.filter(area=croydon)}
    assert roles == {("croydon-worker", SupportRole.Kind.WORKER), ("croydon-lead", SupportRole.Kind.LEAD)}

    # Eight weeks of Tuesdays at the centre after the group, and Thursday evenings by phone and by video.
    slots = SupportSlot.objects.filter(area=croydon, worker=worker)
    weekly = {
        (timezone.localtime(slot.starts_at).strftime("%A %H:%M"), slot.mode, slot.venue_id): slot for slot in slots
    }
    centre = GroupPage.objects.child_of(croydon).get().venue_id
    assert set(weekly) == {
        ("Tuesday 12:30", SupportSlot.Mode.VENUE, centre),
        ("Tuesday 13:30", SupportSlot.Mode.VENUE, centre),
        ("Thursday 19:00", SupportSlot.Mode.PHONE, None),
        ("Thursday 20:00", SupportSlot.Mode.VIDEO, None),
    }
    assert slots.count() == 4 * 8
    assert all(slot.starts_at > timezone.now() for slot in slots)
    assert max(slots.values_list("starts_at", flat=True)) - timezone.now() < dt.timedelta(weeks=8)
    assert len(support_slots_free(area=croydon)) == 4 * 8 - 2

    # A new request, and a family who asked for another time; nobody was sent anything.
    requests = SupportRequest.objects.filter(area=croydon, worker=worker)
    assert sorted(requests.values_list("contact__first_name", "language", "status")) == [
        ("Rahima", "bn", SupportRequest.Status.WANTS_OTHER_TIME),
        ("Shabana", "ur", SupportRequest.Status.ASKED),
    ]
    assert not OutboundMessage.objects.exists()

    # The page in every language says what the sessions are, and names nobody who asked.
    page = _english(SupportPage).get()
    assert page.get_parent().pk == croydon.pk
    for code, direction in {"en-GB": "ltr", **DIRECTIONS}.items():
        cache.clear()
        url = page.url if code == "en-GB" else page.get_translation(Locale.objects.get(language_code=code)).url
        html = client.get(url).content.decode()
        assert f'<html lang="{code}" dir="{direction}">' in html, code
        introduction = page.introduction if code == "en-GB" else TRANSLATIONS["one-to-one"][code]["introduction"]
        assert re.findall(r"<p>(.*?)</p>", introduction)[0] in html, code
        for private in ("Shabana", "Rahima", "plan my week", "Tuesday after the group"):
            assert private not in html, (code, private)


@pytest.mark.django_db
def test_the_borders_have_six_villages_a_dads_group_and_a_saturday_group(demo):
    borders = _english(AreaPage).get(slug="scottish-borders")
    groups = GroupPage.objects.child_of(borders)
    villages = {"Peebles", "Innerleithen", "Walkerburn", "West Linton", "Broughton", "Eddleston"}
    addresses = " ".join(group.venue.address for group in groups)
    assert all(village in addresses for village in villages)
    assert groups.filter(audiences__slug="dads").exists()
    saturday = groups.get(audiences__slug="working-parents-weekends")
    assert {timezone.localtime(s.start).strftime("%A") for s in Session.objects.filter(page=saturday)} == {"Saturday"}
    assert Venue.objects.filter(name__icontains="cafe", area=borders).exists()
    assert Venue.objects.filter(name__icontains="hall", area=borders).exists()


@pytest.mark.django_db
def test_resources_local_services_and_settings_are_filled_in(demo):
    kinds = set(_english(ResourcePage).values_list("kind", flat=True))
    assert {"hints", "report", "film"} <= kinds
    report = _english(ResourcePage).get(kind="report")
    assert any(block.block_type == "document" for block in report.body)
    film = _english(ResourcePage).get(kind="film")
    video = next(block.value for block in film.body if block.block_type == "video")
    assert video["video"].url.startswith("https://www.youtube.com/")
    assert str(video["transcript"])
    names = " ".join(LocalService.objects.values_list("name", flat=True)).lower()
    assert "library bus" in names and "toddler groups" in names and "health visitors" in names

    site_settings = SiteSettings.objects.get()
    assert site_settings.charity_number and site_settings.contact_email and site_settings.funder_acknowledgements
    assert site_settings.privacy_page.live and site_settings.safeguarding_page.live


@pytest.mark.django_db
def test_every_demo_page_renders(client, demo, offline_embeds):  # noqa: F811
    for page in Page.objects.live().filter(depth__gt=1):
        cache.clear()
        response = client.get(page.url)
        assert response.status_code == 200, page.url


@pytest.mark.django_db
def test_every_page_has_a_twin_at_the_same_address_in_every_language_and_croydon_is_translated(demo):
    english = {page.translation_key: page.url for page in _english(Page).filter(depth__gt=1)}
    for code in DIRECTIONS:
        twins = Page.objects.filter(locale__language_code=code)
        assert not twins.filter(live=False).exists(), code
        addresses = {page.translation_key: page.url for page in twins}
        assert set(addresses) == set(english), code
        assert all(url.startswith(f"/{code}/") for url in addresses.values()), code
        assert {key: path_without_language(url) for key, url in addresses.items()} == english, code

    # The Croydon pages are translations of their own, no longer aliases of the English.
    for slug, by_language in TRANSLATIONS.items():
        source = english_page(slug)
        for code, fields in by_language.items():
            page = source.get_translation(Locale.objects.get(language_code=code)).specific
            assert page.live and page.alias_of_id is None, (slug, code)
            assert page.title == fields["title"] and not page.has_unpublished_changes, (slug, code)


@pytest.mark.django_db
def test_the_home_and_mums_space_pages_read_in_each_language_and_book_the_english_sessions(client, demo):
    for code, direction in DIRECTIONS.items():
        home = TRANSLATIONS[HOME][code]
        response = client.get(f"/{code}/")
        html = response.content.decode()
        assert response.status_code == 200, code
        assert f'<html lang="{code}" dir="{direction}">' in html
        assert escape(home["title"]) in html and escape(home["introduction"]) in html

        group = TRANSLATIONS["mums-space"][code]
        response = client.get(f"/{code}{MUMS_SPACE_PATH}")
        html = response.content.decode()
        assert response.status_code == 200, code
        assert f'<html lang="{code}" dir="{direction}">' in html
        assert escape(group["title"]) in html and escape(group["summary"]) in html
        assert escape(group["languages"]) in html
        assert escape(AUDIENCE_NAMES["Muslim mums"][code]) in html, code
        assert "translation-missing" not in html, code
        # The main menu leads to pages in the same language.
        for slug in ("about", "help-and-ideas", "local-services"):
            assert escape(TRANSLATIONS[slug][code]["title"]) in html, (slug, code)

    # The Arabic page books the English page's sessions, at Arabic addresses.
    english = client.get(MUMS_SPACE_PATH).content.decode()
    arabic = client.get(f"/ar{MUMS_SPACE_PATH}").content.decode()
    english_ids = re.findall(r'href="/sessions/(\d+)/"', english)
    arabic_ids = re.findall(r'href="/ar/sessions/(\d+)/"', arabic)
    assert english_ids and arabic_ids == english_ids
    mums_space = _english(GroupPage).get(slug="mums-space")
    assert {int(pk) for pk in english_ids} <= set(Session.objects.filter(page=mums_space).values_list("pk", flat=True))
    assert client.get(f"/ar/sessions/{arabic_ids[0]}/").status_code == 200


@pytest.mark.django_db
def test_the_privacy_notice_tells_families_about_the_check_ins_in_every_language(client, demo):
    privacy = SiteSettings.objects.get().privacy_page
    cache.clear()
    html = client.get(privacy.url).content.decode()
    for words in (
        "three short questions: how often you feel lonely, how welcome you felt at the group",
        "Answering is up to you, and you can leave out any question.",
        "Your answers are not linked to you: not to your name, your email address or phone number, or your bookings.",
        "Each link works once and stops working after four weeks.",
        "We keep only the answers, with the group, the month and whether it was the first or the later check-in.",
    ):
        assert escape(words) in html

    for code in DIRECTIONS:
        translation = privacy.get_translation(Locale.objects.get(language_code=code))
        html = client.get(translation.url).content.decode()
        (_, heading), (_, text) = TRANSLATIONS["privacy"][code]["body"][-2:]
        assert escape(heading["text"]) in html, code
        for paragraph in re.findall(r"<p>(.*?)</p>", text):
            assert paragraph in html, code
