"""Families who read Arabic or Bengali book, change and cancel a place on a phone, in their language.

An Arabic-speaking mum's phone asks for Arabic and the site takes her to /ar/; a
Bengali-speaking mum's phone is in English and she taps বাংলা on the language list.
Each finds the group, books (typing numbers on her own keyboard), opens the private
link from her email, changes the booking and cancels it. On every page the document
says which language it is in and which way it reads; the booking remembers the
language, and the emails are written in it.

Also: no English message from the catalogue is left on the way (this fails until the
translators' catalogues land), axe finds no serious problems on the right-to-left
pages, the layout mirrors in Arabic (screenshots go to test-results/screens/ for
people to look at), and a page fetches the fonts of its own script alone, from this
site.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import Locale, Page
from wagtail_localize.synctree import synchronize_tree

from events.models import Booking, GroupPage
from events.models.bookings import BookingStatus
from tests import factories as f
from tests.browser.conftest import PHONE, axe_serious_violations
from tests.events.booking_support import session_make

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENS = Path(settings.BASE_DIR, "test-results", "screens")
LOCALE = Path(settings.BASE_DIR, "locale")
SCRIPTS = {"ar": re.compile("[\u0600-\u06ff]"), "bn": re.compile("[\u0980-\u09ff]")}


@dataclass(frozen=True)
class Family:
    """A mum, her phone's language, and what she types on her own keyboard."""

    language: str
    direction: str
    phone_locale: str  # what the phone's browser asks for (Accept-Language)
    first_name: str
    email: str
    phone: str
    children: str  # typed in the digits of her keyboard
    adults_after_change: str


ARABIC = Family(
    language="ar",
    direction="rtl",
    phone_locale="ar",
    first_name="أمينة",
    email="amina@example.org",
    phone="",
    children="١",
    adults_after_change="٢",
)
BENGALI = Family(
    language="bn",
    direction="ltr",
    phone_locale="en-GB",
    first_name="রুমানা",
    email="rumana@example.org",
    phone="০৭৭০০ ৯০০১২৩",
    children="১",
    adults_after_change="২",
)
FAMILIES = [pytest.param(ARABIC, id="ar"), pytest.param(BENGALI, id="bn")]


@dataclass
class Site:
    group: object
    session: object


@pytest.fixture
def site(db):
    """Mum's Space in Croydon with one session to book, and every page's twin in each language."""
    tree = f.site_tree()
    croydon = f.area_add(tree, "Croydon")
    venue = f.venue_add("Thornton Heath Community Centre", area=croydon, postcode="CR7 8RT")
    group = f.group_add(croydon, "Mum's Space", venue=venue, has_creche=True)
    session = session_make(group, places=12, creche=4)
    english = Locale.get_default()
    for locale in Locale.objects.exclude(pk=english.pk):
        synchronize_tree(english, locale)
    for language, word in PAGE_WORD.items():
        _translate_twins(language, word)
    mail.outbox.clear()
    return Site(group=group, session=session)


# What staff would have written on the Arabic and Bengali pages: the page titles and
# introductions of the test site are English words that are also interface messages
# ("Local services", "Groups in Croydon."), so the twins get text in the script instead
# and only the interface can leave English on the way. The group keeps its name.
PAGE_WORD = {"ar": "صفحة", "bn": "পাতা"}


def _translate_twins(language, word):
    for twin in Page.objects.filter(locale__language_code=language, alias_of__isnull=False).specific():
        ConvertAliasPageAction(twin).execute(skip_permission_checks=True)
        twin = Page.objects.get(pk=twin.pk).specific
        if not isinstance(twin, GroupPage):
            twin.title = f"{word} {twin.pk}"
        if hasattr(twin, "introduction"):
            twin.introduction = word
        twin.save_revision().publish()


@pytest.fixture
def phone_in(browser, live_server):
    """phone_in(locale) opens a page on a phone whose browser asks for `locale`; each is closed after."""
    contexts = []

    def open_page(locale):
        context = browser.new_context(**PHONE, locale=locale)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name, *, full_page=True):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS / f"{name}.png", full_page=full_page)


# The journey -----------------------------------------------------------------------


@dataclass
class Journey:
    """What happened on the way: the booking, and the family's emails."""

    booking: Booking
    emails: list = field(default_factory=list)


def book_change_and_cancel(page, live_server, site, family, *, on_page=lambda step, page: None) -> Journey:
    """The family's whole way from the home page to a cancelled booking; `on_page(step, page)` on every page.

    Links and buttons are found by where they go and what they do, not by their words,
    which the translators change.
    """
    code = family.language
    group_path = f"/{code}{site.group.url}"

    page.goto(live_server.url + "/")
    if family.phone_locale != code:
        # Her phone is in English: she picks her language on the list.
        expect(page).to_have_url(live_server.url + "/")
        page.locator(f'.language-list a[hreflang="{code}"]').click()
    expect(page).to_have_url(f"{live_server.url}/{code}/")
    on_page("home", page)

    # Where we meet: her area, then the group.
    area_path = group_path.rsplit("/", 2)[0] + "/"
    page.locator(f'main a[href="{area_path}"]').first.click()
    expect(page).to_have_url(live_server.url + area_path)
    on_page("area", page)
    page.locator(f'main a[href="{group_path}"]').first.click()
    expect(page).to_have_url(live_server.url + group_path)
    on_page("group", page)

    session_path = f"/{code}/sessions/{site.session.pk}/"
    page.locator(f'main a[href="{session_path}"]').first.click()
    expect(page).to_have_url(live_server.url + session_path)
    on_page("booking form", page)

    page.locator("#id_first_name").fill(family.first_name)
    page.locator("#id_email").fill(family.email)
    if family.phone:
        page.locator("#id_phone").fill(family.phone)
    page.locator("#id_children").fill(family.children)
    page.locator("#id_consent").check()
    page.locator('button[name="action"][value="book"]').click()
    page.wait_for_url(re.compile(rf"/{code}/booking/[\w-]+/\?booked=1$"))
    expect(page.locator(".notice--success")).to_be_visible()
    on_page("booked", page)

    booking = Booking.objects.select_related("contact").get(contact__email=family.email)
    assert booking.children == 1, "the child typed in her own digits is counted"
    confirmation = _emails_to(family.email)[0]
    manage_link = re.search(r"https?://\S+/booking/[\w-]+/\S*", confirmation.body).group(0)
    page.goto(manage_link.replace(settings.BASE_URL, live_server.url))
    page.wait_for_url(re.compile(rf"/{code}/booking/{booking.contact.manage_token}/"))
    on_page("private page", page)

    page.locator(f'main a[href="/{code}/booking/{booking.contact.manage_token}/{booking.pk}/change/"]').click()
    on_page("change form", page)
    page.locator("#id_adults").fill(family.adults_after_change)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{code}/booking/[\w-]+/$"))
    expect(page.locator(".messages")).to_be_visible()
    on_page("changed", page)
    booking.refresh_from_db()
    assert booking.adults == 2, "the change is saved"

    page.locator(f'main a[href="/{code}/booking/{booking.contact.manage_token}/{booking.pk}/cancel/"]').click()
    on_page("cancel", page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{code}/booking/[\w-]+/$"))
    on_page("cancelled", page)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED

    return Journey(booking=booking, emails=_emails_to(family.email))


def _emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def html_of(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


# 1. In her language all the way ------------------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
def test_a_family_books_changes_and_cancels_with_every_page_in_her_language(site, phone_in, live_server, family):
    visited = []

    def in_her_language(step, page):
        html = page.locator("html")
        expect(html).to_have_attribute("lang", family.language)
        expect(html).to_have_attribute("dir", family.direction)
        screenshot(page, f"journey-{family.language}-{step.replace(' ', '-')}")
        visited.append(step)

    book_change_and_cancel(phone_in(family.phone_locale), live_server, site, family, on_page=in_her_language)

    assert visited == [
        "home",
        "area",
        "group",
        "booking form",
        "booked",
        "private page",
        "change form",
        "changed",
        "cancel",
        "cancelled",
    ]


@pytest.mark.parametrize("family", FAMILIES)
def test_the_booking_remembers_her_language_and_her_emails_are_written_in_it(site, phone_in, live_server, family):
    journey = book_change_and_cancel(phone_in(family.phone_locale), live_server, site, family)

    booking = journey.booking
    assert "language" in {each.name for each in Booking._meta.get_fields()}, "Booking records no language"
    assert Booking.objects.values_list("language", flat=True).get(pk=booking.pk) == family.language

    start = timezone.localtime(site.session.start)
    with translation.override(family.language):
        her_day = date_format(start, "l j E Y")
    with translation.override("en-gb"):
        english_day = date_format(start, "l j E Y")
    script = SCRIPTS[family.language]
    # Booked, changed, cancelled: one email each, in that order.
    assert len(journey.emails) == 3, [message.subject for message in journey.emails]
    for message, kind in zip(journey.emails, ["booked", "changed", "cancelled"], strict=True):
        html_tag = re.search(r"<html[^>]*>", html_of(message)).group(0)
        assert f'lang="{family.language}"' in html_tag, f"{kind}: {html_tag}"
        assert ('dir="rtl"' in html_tag) == (family.direction == "rtl"), f"{kind}: {html_tag}"
        assert script.search(message.body), f"{kind}: nothing in the body is in her script:\n{message.body}"
        assert her_day in message.body, f"{kind}: the day is not written in {family.language}:\n{message.body}"
        assert english_day not in message.body, f"{kind}: the day is written in English"


# 2. No English on the way ------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdi]|%[sdi]|\{\w*\}")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")


def _english_pattern(message: str) -> re.Pattern | None:
    """A pattern finding the English `message` in a page's text, a placeholder matching any words.

    None for a message of fewer than two English words (a lone "Adults" or "Free"
    may be a name or a word the translation keeps).
    """
    text = " ".join(_TAG.sub("", message).split())
    pieces = [piece.replace("%%", "%") for piece in _PLACEHOLDER.split(text)]
    if sum(len(_WORD.findall(piece)) for piece in pieces) < 2:
        return None
    literal = [r"\s+".join(re.escape(word) for word in piece.split(" ")) for piece in pieces]
    # Whole words only: "your booking" is not in "your bookings".
    start = r"\b" if re.match(r"\w", text) else ""
    end = r"\b" if re.search(r"\w$", text) else ""
    return re.compile(start + r"[^\n]*?".join(literal) + end)


def english_messages(language: str) -> dict[str, re.Pattern]:
    """Every English message of two words or more in the language's catalogue, with its pattern.

    A message translated as itself (a name, a word both languages use) is left out.
    """
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    patterns = {}
    for entry in catalogue:
        if entry.obsolete:
            continue
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for english in filter(None, [entry.msgid, entry.msgid_plural]):
            if english in translations:
                continue
            pattern = _english_pattern(english)
            if pattern is not None:
                patterns[english] = pattern
    return patterns


def english_found(text: str, messages: dict[str, re.Pattern]) -> list[str]:
    return sorted(english for english, pattern in messages.items() if pattern.search(text))


def test_the_english_finder_sees_whole_messages_with_their_placeholders_filled():
    messages = {
        english: _english_pattern(english)
        for english in [
            "Book my place",
            "Back to %(title)s",
            'Change<span class="visually-hidden"> booking for %(day)s</span>',
            "%(counter)s places left.",
            "Hello %(name)s,",
            "Adults",
            "your booking",
        ]
    }

    assert messages["Hello %(name)s,"] is None
    assert messages["Adults"] is None
    messages = {english: pattern for english, pattern in messages.items() if pattern}
    page = "Back to Mum's Space\n12 places left.\nChange booking for Friday 4 December\nSee your bookings\nاحجز مكاني"
    assert english_found(page, messages) == [
        "%(counter)s places left.",
        "Back to %(title)s",
        'Change<span class="visually-hidden"> booking for %(day)s</span>',
    ]


@pytest.mark.parametrize("family", FAMILIES)
def test_no_english_message_is_left_on_the_way(site, phone_in, live_server, family):
    messages = english_messages(family.language)
    assert messages, f"the {family.language} catalogue holds no messages"
    texts = {}

    def read(step, page):
        texts[step] = page.inner_text("body")

    journey = book_change_and_cancel(phone_in(family.phone_locale), live_server, site, family, on_page=read)
    for number, message in enumerate(journey.emails, start=1):
        texts[f"email {number}"] = f"{message.subject}\n{message.body}"

    english = {step: found for step, text in texts.items() if (found := english_found(text, messages))}
    assert not english, f"English left in the {family.language} pages and emails:\n" + "\n".join(
        f"  {step}: " + " | ".join(found) for step, found in english.items()
    )


# 3. axe on the right-to-left pages, and the Bengali booking form ---------------------


def test_the_arabic_pages_and_the_bengali_booking_form_have_no_serious_accessibility_problems(
    site, phone_in, live_server
):
    problems = {}

    def check(step, page):
        if found := axe_serious_violations(page):
            problems[f"{step} ({page.url})"] = found

    book_change_and_cancel(phone_in(ARABIC.phone_locale), live_server, site, ARABIC, on_page=check)
    bengali = phone_in("bn")
    bengali.goto(f"{live_server.url}/bn/sessions/{site.session.pk}/")
    expect(bengali.locator("html")).to_have_attribute("lang", "bn")
    check("bn booking form", bengali)
    # The form as it comes back with mistakes to put right.
    bengali.locator('button[name="action"][value="book"]').click()
    expect(bengali.locator(".error-summary")).to_be_visible()
    check("bn booking form with mistakes", bengali)

    assert not problems, "axe found serious or critical problems:\n" + "\n".join(
        f"{step}:\n  " + "\n  ".join(found) for step, found in problems.items()
    )


# 4. The layout mirrors in Arabic -----------------------------------------------------

NEAR = 3  # px: edges that line up
EDGE = 24  # px: how far from the screen's edge the header's text may start


def _box(page, selector):
    box = page.locator(selector).first.bounding_box()
    assert box, f"{selector} is not on the screen"
    return box


def _text_box(element):
    """The box of the words inside an element (a label is as wide as the form; its words are not)."""
    return element.evaluate(
        """element => {
            const range = document.createRange();
            range.selectNodeContents(element);
            const box = range.getBoundingClientRect();
            return {x: box.x, width: box.width, right: box.right};
        }"""
    )


@pytest.mark.parametrize("language", ["en-gb", "ar"])
def test_the_layout_mirrors_in_arabic(site, phone_in, live_server, language):
    rtl = language == "ar"
    width = PHONE["viewport"]["width"]
    page = phone_in(language)
    prefix = "/ar" if rtl else ""
    page.goto(f"{live_server.url}{prefix}/sessions/{site.session.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if rtl else "ltr")
    page.evaluate("document.fonts.ready.then(() => true)")
    screenshot(page, f"layout-{language}-booking-form")

    # The skip link, shown when focused, at the side the page starts from.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.wait_for_function("getComputedStyle(document.querySelector('.skip-link')).transform === 'none'")
    screenshot(page, f"layout-{language}-skip-link", full_page=False)
    skip = _box(page, ".skip-link")
    middle = skip["x"] + skip["width"] / 2
    if rtl:
        assert middle > width / 2, f"the skip link is on the left in Arabic: {skip}"
        assert skip["x"] + skip["width"] > width - EDGE, f"the skip link is away from the right edge: {skip}"
    else:
        assert middle < width / 2, f"the skip link is on the right in English: {skip}"
        assert skip["x"] < EDGE, f"the skip link is away from the left edge: {skip}"

    # The site's name starts the header on the reading side.
    name = _box(page, ".site-name")
    if rtl:
        assert width - (name["x"] + name["width"]) < EDGE, f"the site name is not at the right: {name}"
    else:
        assert name["x"] < EDGE, f"the site name is not at the left: {name}"

    # Each label starts where its box does: both on the right in Arabic, on the left in English.
    fields = page.locator("main form .field").all()
    assert len(fields) >= 6
    for each in fields:
        checkbox = each.locator("input[type=checkbox]")
        if checkbox.count():
            box, label = checkbox.bounding_box(), each.locator("label").bounding_box()
            field_box = each.bounding_box()
            if rtl:
                assert abs((box["x"] + box["width"]) - (field_box["x"] + field_box["width"])) <= NEAR, each.inner_text()
                assert label["x"] + label["width"] <= box["x"] + NEAR, f"the label is not left of the box: {label}"
            else:
                assert abs(box["x"] - field_box["x"]) <= NEAR, each.inner_text()
                assert label["x"] >= box["x"] + box["width"] - NEAR, f"the label is not right of the box: {label}"
            continue
        label = each.locator("label")
        control = page.locator(f"#{label.get_attribute('for')}")
        words, box = _text_box(label), control.bounding_box()
        if rtl:
            gap = abs(words["right"] - (box["x"] + box["width"]))
            assert gap <= NEAR, f"{label.inner_text()!r}: its right edge is {gap:.0f}px from its box's"
        else:
            gap = abs(words["x"] - box["x"])
            assert gap <= NEAR, f"{label.inner_text()!r}: its left edge is {gap:.0f}px from its box's"


# 5. Fonts: the page's own script only, from this site --------------------------------


NASKH = ["noto-naskh-arabic-arabic-400-normal.woff2", "noto-naskh-arabic-arabic-700-normal.woff2"]
BENGALI_FONTS = ["noto-sans-bengali-bengali-400-normal.woff2", "noto-sans-bengali-bengali-700-normal.woff2"]


@pytest.mark.parametrize(
    ("language", "font_stylesheets", "font_files"),
    [
        ("en-gb", [], []),
        ("ar", ["/static/css/fonts-arabic.css"], NASKH),
        ("bn", ["/static/css/fonts-bengali.css"], BENGALI_FONTS),
    ],
)
def test_a_page_fetches_only_the_fonts_of_its_script_and_only_from_this_site(
    site, phone_in, live_server, language, font_stylesheets, font_files
):
    page = phone_in(language)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    for address in ["/", site.group.url, f"/sessions/{site.session.pk}/"]:
        page.goto(f"{live_server.url}{prefix}{address}")
        page.evaluate("document.fonts.ready.then(() => true)")
        linked = page.locator('link[rel="stylesheet"]').evaluate_all("links => links.map(l => l.getAttribute('href'))")
        assert linked == ["/static/css/gather.css", *font_stylesheets], address

    ours = urlsplit(live_server.url).netloc
    elsewhere = [url for url in requested if urlsplit(url).netloc != ours]
    assert not elsewhere, f"requests to other hosts: {elsewhere}"
    paths = [urlsplit(url).path for url in requested]
    assert {path for path in paths if path.endswith(".css")} == {"/static/css/gather.css", *font_stylesheets}
    # A font file only where the phone lacks the font (this one may have it), and only the script's own.
    fonts = {path for path in paths if path.endswith(".woff2")}
    assert fonts <= {f"/static/fonts/{name}" for name in font_files}, f"{language} pages fetched {sorted(fonts)}"
