"""Topic and audience names in the active language, falling back to the English name."""

import pytest
from django.utils import translation

from events.builders import group_add
from home.models import AudienceName
from tests import factories as f


@pytest.fixture
def site(db):
    tree = f.site_tree()
    croydon = f.area_add(tree, "Croydon")
    mums = f.audience("Mums")
    muslim_mums = f.audience("Muslim mums")
    AudienceName.objects.create(audience=mums, language="ur", name="مائیں")
    AudienceName.objects.create(audience=mums, language="ar", name="الأمهات")
    group = group_add(croydon, "Mum's Space", audiences=[mums, muslim_mums], weekday="tuesday")
    return {"group": group, "mums": mums, "muslim_mums": muslim_mums}


def test_a_group_page_names_its_audiences_in_urdu_and_falls_back_to_english(client, site):
    html = client.get(f"/ur{site['group'].url}").text

    assert '<li class="tag">مائیں</li>' in html
    # No Urdu name yet: the English one.
    assert '<li class="tag">Muslim mums</li>' in html
    assert "الأمهات" not in html


def test_english_pages_keep_the_english_names(client, site):
    html = client.get(site["group"].url).text

    assert '<li class="tag">Mums</li>' in html and "مائیں" not in html


def test_name_shown_reads_the_active_language(site):
    mums = type(site["mums"]).objects.prefetch_related("names").get(pk=site["mums"].pk)
    with translation.override("ur"):
        assert mums.name_shown == "مائیں"
    with translation.override("bn"):
        assert mums.name_shown == "Mums"
    with translation.override("en-gb"):
        assert mums.name_shown == "Mums"


def test_the_area_lists_and_the_search_filters_name_audiences_in_urdu(client, site):
    area = client.get(f"/ur{site['group'].get_parent().url}").text
    search = client.get("/ur/search/", {"q": "space"}).text

    assert '<li class="tag">مائیں</li>' in area
    assert '<li class="tag">Muslim mums</li>' in area
    assert ">مائیں</option>" in search
    assert '<li class="tag">مائیں</li>' in search


def test_english_lists_and_filters_keep_the_english_names(client, site):
    search = client.get("/search/", {"q": "space"}).text

    assert ">Mums</option>" in search and "مائیں" not in search
