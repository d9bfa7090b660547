"""The home page, plain pages and the site frame every page shares."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html as lxml_html
from PIL import Image
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from events.models import GroupPage, Session
from events.selectors.pages import HOME_PAGE_AREAS
from events.services.sessions import session_cancel
from home.models import SiteSettings, StandardPage
from tests import factories as f


@pytest.fixture
def site(db):
    tree = f.site_tree()
    croydon = f.area_add(tree, "Croydon")
    borders = f.area_add(tree, "Scottish Borders")
    mums_space = f.group_add(croydon, "Mum's Space", weekday="tuesday", has_creche=True)
    peebles = f.group_add(borders, "Peebles Mums and Tots", weekday="wednesday")
    f.group_add(borders, "Dads and Toddlers", weekday="sunday")
    safeguarding = f.add_page(tree.home, StandardPage(title="Keeping everyone safe", slug="safeguarding"))
    SiteSettings.objects.filter(site=tree.site).update(safeguarding_page=safeguarding)
    resources = [
        f.resource_add(tree.resource_index, title, topics=[f.topic("Sleep")])
        for title in ["Older tips", "Bedtime routines", "Starting school", "Newest film"]
    ]
    return {
        "tree": tree,
        "croydon": croydon,
        "borders": borders,
        "mums_space": mums_space,
        "peebles": peebles,
        "resources": resources,
    }


def _html(client, url):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_home_page_answers_where_and_when(client, site):
    html = _html(client, "/")
    next_session = Session.objects.order_by("start").first()
    assert "Coming up" in html
    assert f'<time datetime="{timezone.localtime(next_session.start).isoformat()}">' in html
    assert f'<a href="{next_session.page.url}">{next_session.page.title}</a>' in html.replace("&#x27;", "'")
    # Each session names its area, so a family sees at a glance which are near them.
    assert re.search(r"Peebles Mums and Tots</a> <span class=\"muted\">in Scottish Borders</span>", html)
    assert re.search(r'href="/groups/scottish-borders/">Scottish Borders</a> <span class="muted">\(2 groups\)', html)
    assert re.search(r'href="/groups/croydon/">Croydon</a> <span class="muted">\(1 group\)', html)


@pytest.mark.django_db
def test_home_page_shows_the_three_newest_resources(client, site):
    html = _html(client, "/")
    latest = html.split("New to read and watch")[1]
    for title in ["Newest film", "Starting school", "Bedtime routines"]:
        assert title in latest
    assert "Older tips" not in latest


@pytest.mark.django_db
def test_home_page_flags_a_cancelled_session(client, site):
    session = Session.objects.order_by("start").first()
    session_cancel(session=session, reason="Hall flooded")
    html = _html(client, "/")
    assert "Cancelled." in html and "Hall flooded" in html


@pytest.mark.django_db
def test_home_page_search_box_is_labelled_and_offers_areas(client, site):
    html = _html(client, "/")
    assert '<label for="home-search-q">' in html
    assert 'id="home-search-q"' in html
    assert '<option value="croydon">Croydon</option>' in html


@pytest.mark.django_db
def test_every_page_has_a_skip_link_landmarks_and_a_labelled_search(client, site):
    for url in ["/", site["peebles"].url, site["tree"].privacy.url, "/search/?q=tea"]:
        html = _html(client, url)
        assert html.index('class="skip-link" href="#main"') < html.index("<header")
        assert '<main id="main"' in html
        assert '<nav class="main-menu" aria-label="Main">' in html
        assert '<footer class="site-footer">' in html
        assert '<label class="visually-hidden" for="site-search-q">' in html
        assert '<html lang="en-GB" dir="ltr">' in html


@pytest.mark.django_db
def test_menu_lists_top_level_menu_pages_and_marks_the_current_section(client, site):
    html = _html(client, site["peebles"].url)
    menu = html.split('aria-label="Main"')[1].split("</nav>")[0]
    assert '<a href="/groups/" aria-current="true">Groups near you</a>' in menu
    assert '<a href="/workshops/">Workshops</a>' in menu
    assert "Privacy" not in menu  # not marked "show in menus"
    assert '<li><a href="/groups/scottish-borders/">Scottish Borders</a></li>' in html  # breadcrumb


@pytest.mark.django_db
def test_footer_comes_from_site_settings(client, site):
    footer = _html(client, "/").split('<footer class="site-footer">')[1]
    for text in [
        "Gather Family Support",
        "Registered charity SC012345",
        'href="tel:01414960000"',
        "hello@gather.example",
        '<a href="/privacy/">Privacy</a>',
        '<a href="/safeguarding/">Keeping everyone safe</a>',
        "Funded by the Village Trust.",
    ]:
        assert text in footer, text


@pytest.mark.django_db
def test_standard_page_renders_its_blocks(client, site):
    image = get_image_model().objects.create(title="Tea and toys", file=get_test_image_file(size=(1600, 1200)))
    page = f.add_page(
        site["tree"].home,
        StandardPage(
            title="About us",
            slug="about",
            introduction="Parents helping parents.",
            body=[
                ("heading", {"text": "How we started", "size": "h2"}),
                ("paragraph", "<p>In a village hall, with a kettle.</p>"),
                ("quote", {"text": "I feel part of the village now.", "attribution": "A mum in Peebles"}),
                ("image", {"image": image, "decorative": False, "alt_text": "Toys on a playmat"}),
                ("call_to_action", {"text": "Find a group", "page": site["tree"].area_index, "url": ""}),
            ],
        ),
    )
    html = _html(client, page.url)
    assert "<h2>How we started</h2>" in html
    assert "In a village hall, with a kettle." in html
    assert "<footer>A mum in Peebles</footer>" in html
    assert '<a class="button" href="/groups/">Find a group</a>' in html
    image_tag = re.search(r"<img [^>]*alt=\"Toys on a playmat\"[^>]*>", html).group(0)
    assert ".webp" in image_tag
    assert 'width="800"' in image_tag and 'height="600"' in image_tag


@pytest.mark.django_db
def test_unknown_address_gets_a_friendly_404(client, site):
    cache.clear()
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Sorry, we cannot find that page" in html
    assert '<form role="search" action="/search/"' in html


@pytest.mark.django_db
def test_the_500_page_needs_no_database():
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("500.html")
    assert len(queries) == 0
    assert "Sorry, something went wrong" in html
    assert "/static/css/gather.css" in html


@pytest.mark.django_db
def test_public_pages_load_nothing_from_other_sites_and_need_no_javascript(client, site):
    for url in ["/", site["peebles"].url, site["borders"].url, "/search/?area=croydon"]:
        html = _html(client, url)
        # Only data for search engines (JSON-LD), which browsers do not run.
        scripts = re.findall(r"<script[^>]*>", html)
        assert all(tag == '<script type="application/ld+json">' for tag in scripts), (url, scripts)
        for attribute in re.findall(r'<(?:link|img|script|iframe)[^>]+(?:src|href)="([^"]+)"', html):
            assert attribute.startswith(("/", "http://testserver/")), (url, attribute)


@pytest.mark.django_db
def test_home_and_group_pages_weigh_under_100_kb_without_images(client, site):
    stylesheet = Path(django_settings.BASE_DIR, "static", "css", "gather.css").stat().st_size
    for url in ["/", site["peebles"].url]:
        html = _html(client, url)
        assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == ["/static/css/gather.css"]
        assert len(html.encode()) + stylesheet < 100 * 1024, url


def _photo(size=(1600, 1200)):
    """A picture with the detail of a photograph (a flat colour would shrink to nothing in any format)."""
    noise = Image.effect_noise(size, 60).convert("RGB")
    gradient = Image.linear_gradient("L").resize(size).convert("RGB")
    buffer = io.BytesIO()
    Image.blend(noise, gradient, 0.6).save(buffer, "JPEG", quality=90)
    return ImageFile(buffer, name="photo.jpg")


def _chosen_for(srcset: str, css_pixels: float) -> str:
    """The candidate a browser takes from `srcset` for an image `css_pixels` wide at 2x: the smallest wide enough."""
    candidates = sorted((int(width.rstrip("w")), url) for url, width in (c.split() for c in srcset.split(", ")))
    wanted = css_pixels * 2
    return next((url for width, url in candidates if width >= wanted), candidates[-1][1])


@pytest.mark.django_db
def test_a_phone_gets_a_small_light_picture_of_a_group(client, site):
    image = get_image_model().objects.create(title="Tots", file=_photo())
    GroupPage.objects.filter(pk=site["peebles"].pk).update(image=image)

    html = _html(client, site["peebles"].url)

    picture = lxml_html.fromstring(html).find(".//picture")
    # AVIF for the browsers that read it, WebP for the rest.
    (avif,) = picture.findall(".//source")
    assert avif.get("type") == "image/avif"
    img = picture.find(".//img")
    assert [url.split()[0].rsplit(".", 1)[1] for url in img.get("srcset").split(", ")] == ["webp", "webp"]
    # The space is kept before the picture arrives, and the first picture on the page is not held back.
    assert (img.get("width"), img.get("height"), img.get("loading")) == ("640", "360", None)
    # A phone 390 pixels wide shows it at 390 less the margins; at twice the pixels it needs 716.
    assert avif.get("sizes").endswith("calc(100vw - 2rem)")
    chosen = _chosen_for(avif.get("srcset"), 390 - 32)
    with default_storage.open(chosen.removeprefix("/media/")) as file:
        picture_file = Image.open(file)
        assert picture_file.format == "AVIF" and picture_file.size[0] <= 640
        phone_bytes = len(file.read()) if file.seek(0) == 0 else 0
    old_webp = image.get_rendition("fill-640x360|format-webp")
    assert phone_bytes < old_webp.file.size * 0.8, (phone_bytes, old_webp.file.size)
    assert phone_bytes < 60 * 1024


@pytest.mark.django_db
def test_pictures_further_down_wait_until_they_are_scrolled_to(client, site):
    image = get_image_model().objects.create(title="Tots", file=_photo((800, 600)))
    GroupPage.objects.filter(pk=site["peebles"].pk).update(image=image)

    html = _html(client, site["borders"].url)

    card_pictures = lxml_html.fromstring(html).findall(".//li[@class='card']//picture")
    assert card_pictures
    for picture in card_pictures:
        assert [source.get("type") for source in picture.findall(".//source")] == ["image/avif"]
        img = picture.find(".//img")
        assert ".webp 360w" in img.get("srcset")
        assert (img.get("width"), img.get("height"), img.get("loading")) == ("640", "360", "lazy")


@pytest.mark.django_db
def test_home_page_queries_do_not_grow_with_groups_and_sessions(client, site, django_assert_num_queries):
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    for number in range(8):
        f.group_add(site["borders"], f"Village group {number}", weekday="monday")
    f.resource_add(site["tree"].resource_index, "One more tip")
    assert Session.objects.count() > 200
    cache.clear()
    with django_assert_num_queries(len(small)):
        client.get("/")


@pytest.mark.django_db
def test_home_page_shows_only_upcoming_sessions(client, site):
    past = Session.objects.filter(page=site["peebles"]).order_by("start").first()
    Session.objects.filter(pk=past.pk).update(
        start=timezone.now() - dt.timedelta(days=2), end=timezone.now() - dt.timedelta(days=2, hours=-2)
    )
    html = _html(client, "/")
    assert timezone.localtime(timezone.now() - dt.timedelta(days=2)).strftime("%A %-d %B") not in html


def _areas_listed(html):
    where_we_meet = html.split('id="areas-heading"')[1].split("</section>")[0]
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a>', where_we_meet)


@pytest.mark.django_db
def test_home_page_lists_the_first_areas_and_links_to_the_rest(client, site):
    tree = site["tree"]
    for number in range(HOME_PAGE_AREAS):
        f.area_add(tree, f"Area {number:02}")

    html = _html(client, "/")

    assert _areas_listed(html) == [f"Area {number:02}" for number in range(HOME_PAGE_AREAS)]
    assert f'<a href="{tree.area_index.url}">See all our areas and groups</a>' in html
    # The next sessions still name their area, listed on the home page or not.
    assert re.search(r"Peebles Mums and Tots</a> <span class=\"muted\">in Scottish Borders</span>", html)
    # A choice of a few areas would hide the others: the search box takes an area's name instead.
    assert 'id="home-search-area"' not in html


@pytest.mark.django_db
def test_home_page_lists_every_area_when_they_fit(client, site):
    tree = site["tree"]
    for number in range(HOME_PAGE_AREAS - 2):
        f.area_add(tree, f"Area {number:02}")

    html = _html(client, "/")

    assert len(_areas_listed(html)) == HOME_PAGE_AREAS
    assert "See all our areas and groups" not in html
    assert '<option value="scottish-borders">Scottish Borders</option>' in html


@pytest.mark.django_db
def test_home_page_costs_the_same_queries_for_many_areas(client, site, django_assert_num_queries):
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    for number in range(40):
        area = f.area_add(site["tree"], f"Area {number:02}")
        f.group_add(area, f"Group {number:02}", weekday="friday")
    cache.clear()
    with django_assert_num_queries(len(few)):
        html = client.get("/").content.decode()
    assert "See all our areas and groups" in html
