"""Site settings in other languages: the tagline, address and funders families read, with English where not given."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from home.models import SiteSettings, SiteSettingsTranslation
from home.permissions import staff_role_ensure
from tests import factories as f

pytestmark = pytest.mark.django_db

URDU_TAGLINE = "اپنے قریب دوسرے والدین سے ملیں"
URDU_FUNDERS = "ولیج ٹرسٹ کی مالی مدد سے"


@pytest.fixture
def tree():
    tree = f.site_tree()
    site_settings = SiteSettings.objects.get(site=tree.site)
    site_settings.address = "Burgh Hall\nPeebles"
    site_settings.save()
    # No Urdu address: the English one is shown.
    SiteSettingsTranslation.objects.create(
        site_settings=site_settings,
        language="ur",
        tagline=URDU_TAGLINE,
        funder_acknowledgements=f"<p>{URDU_FUNDERS}</p>",
    )
    return tree


def test_urdu_pages_show_the_urdu_tagline_and_funders(client, tree):
    html = client.get(f"/ur{tree.home.url}").text

    assert f'<p class="site-tagline">{URDU_TAGLINE}</p>' in html
    assert URDU_FUNDERS in html
    assert "Meet other parents near you" not in html
    assert "Funded by the Village Trust." not in html


def test_english_pages_show_the_english_text(client, tree):
    html = client.get(tree.privacy.url).text

    assert '<p class="site-tagline">Meet other parents near you</p>' in html
    assert "Funded by the Village Trust." in html
    assert "Burgh Hall<br>Peebles" in html
    assert URDU_TAGLINE not in html and URDU_FUNDERS not in html


def test_what_is_not_given_in_urdu_shows_in_english(client, tree):
    urdu = client.get(f"/ur{tree.privacy.url}").text
    assert "Burgh Hall<br>Peebles" in urdu

    SiteSettingsTranslation.objects.filter(language="ur").update(tagline="")
    assert '<p class="site-tagline">Meet other parents near you</p>' in client.get(f"/ur{tree.home.url}").text


def test_a_language_with_nothing_given_shows_english(client, tree):
    html = client.get(f"/pl{tree.home.url}").text

    assert '<p class="site-tagline">Meet other parents near you</p>' in html
    assert "Funded by the Village Trust." in html


def test_the_urdu_text_comes_in_the_same_query_as_the_settings(tree):
    with translation.override("ur"), CaptureQueriesContext(connection) as queries:
        site_settings = SiteSettings.for_site(tree.site)
        text = site_settings.localised

    assert (text.tagline, text.address) == (URDU_TAGLINE, "Burgh Hall\nPeebles")
    assert len(queries) == 1


@pytest.fixture
def staff_client(client, tree):
    user = get_user_model().objects.create_user("staff", "staff@example.org", "a long test password")
    user.groups.add(staff_role_ensure())
    client.force_login(user)
    return client


def _settings_form(client, tree):
    url = reverse("wagtailsettings:edit", args=["home", "sitesettings", tree.site.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, querydict_from_html(response.content.decode(), form_id="w-editor-form")


def test_staff_give_the_settings_text_in_another_language(staff_client, tree):
    url, data = _settings_form(staff_client, tree)
    assert data["translations-TOTAL_FORMS"] == "1"
    data["translations-TOTAL_FORMS"] = "2"
    data["translations-1-language"] = "ar"
    data["translations-1-tagline"] = "تعرفي على أهالٍ آخرين بالقرب منك"
    data["translations-1-address"] = ""
    data["translations-1-funder_acknowledgements"] = rich_text("<p>بتمويل من صندوق القرية</p>")
    data["translations-1-id"] = ""

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    arabic = SiteSettingsTranslation.objects.get(language="ar")
    assert arabic.tagline == "تعرفي على أهالٍ آخرين بالقرب منك"
    assert "بتمويل من صندوق القرية" in arabic.funder_acknowledgements
    assert SiteSettingsTranslation.objects.get(language="ur").tagline == URDU_TAGLINE


def test_one_row_per_language(staff_client, tree):
    url, data = _settings_form(staff_client, tree)
    data["translations-TOTAL_FORMS"] = "2"
    data["translations-1-language"] = "ur"
    data["translations-1-tagline"] = "another"
    data["translations-1-address"] = ""
    data["translations-1-funder_acknowledgements"] = rich_text("")
    data["translations-1-id"] = ""

    response = staff_client.post(url, data)

    assert response.status_code == 200  # the form again, with an error
    assert SiteSettingsTranslation.objects.filter(language="ur").count() == 1
