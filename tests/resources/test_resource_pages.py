"""Resources and the directory of local services."""

import re

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.embeds.blocks import EmbedValue

from home.builders import simple_pdf
from tests import factories as f
from tests.factories import offline_embeds  # noqa: F401 (fixture)


@pytest.fixture
def site(db):
    tree = f.site_tree()
    croydon = f.area_add(tree, "Croydon")
    borders = f.area_add(tree, "Scottish Borders")
    sleep, play, start = f.topic("Sleep"), f.topic("Play and books"), f.topic("Starting a group")
    content = simple_pdf(["Mums Supporting Mums", "What we learned"])
    report_file = get_document_model()(title="Project report", file_size=len(content))
    report_file.file.save("report.pdf", ContentFile(content), save=False)
    report_file.save()
    resources = {
        "tips": f.resource_add(
            tree.resource_index,
            "Hints and tips for starting a group",
            topics=[start],
            body=[("paragraph", "<p>Ask parents what would help them feel part of the village.</p>")],
        ),
        "report": f.resource_add(
            tree.resource_index,
            "Our report",
            kind="report",
            topics=[start],
            body=[("document", {"document": report_file, "title": "Read the report"})],
        ),
        "film": f.resource_add(
            tree.resource_index,
            "Our Story So Far",
            kind="film",
            topics=[start],
            body=[
                (
                    "video",
                    {
                        "video": EmbedValue("https://www.youtube.com/watch?v=abcdefghijk"),
                        "title": "Our Story So Far",
                        "transcript": "<p>Mums talk about their groups.</p>",
                    },
                )
            ],
        ),
        "bedtime": f.resource_add(tree.resource_index, "Bedtime routines", topics=[sleep]),
        "bookbug": f.resource_add(
            tree.resource_index,
            "Bookbug",
            kind="link",
            topics=[play],
            external_url="https://www.scottishbooktrust.com/bookbug",
        ),
    }
    services = {
        "bus": f.local_service_add(
            "Library bus", areas=[borders], topics=[play], when="Every other Thursday", phone="01896 000 000"
        ),
        "toddlers": f.local_service_add("Toddler groups", areas=[borders], topics=[play]),
        "hv_borders": f.local_service_add("Health visitors (Borders)", areas=[borders], topics=[sleep]),
        "hv_croydon": f.local_service_add("Health visitors (Croydon)", areas=[croydon], topics=[sleep]),
    }
    return {"tree": tree, "croydon": croydon, "borders": borders, "report_file": report_file, **resources, **services}


def _get(client, url, **params):
    cache.clear()
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _card_titles(html):
    return set(re.findall(r"<h[23]>(?:<a href=\"[^\"]+\">)?([^<]+)(?:</a>)?</h[23]>", html.split("</form>", 1)[1]))


@pytest.mark.django_db
def test_resource_list_filters_by_type_and_topic(client, site):
    index = site["tree"].resource_index.url
    assert _card_titles(_get(client, index, kind="film")) >= {"Our Story So Far"}
    assert "Bedtime routines" not in _card_titles(_get(client, index, kind="film"))
    assert _card_titles(_get(client, index, topic="sleep")) == {"Bedtime routines"}
    everything = _card_titles(_get(client, index))
    assert {"Our report", "Bookbug", "Bedtime routines"} <= everything


@pytest.mark.django_db
def test_resource_list_says_when_nothing_matches(client, site):
    html = _get(client, site["tree"].resource_index.url, kind="report", topic="sleep")
    assert "Nothing matches those choices." in html
    assert '<option value="report" selected>Report</option>' in html


@pytest.mark.django_db
def test_report_page_offers_the_document(client, site):
    html = _get(client, site["report"].url)
    assert f'<a href="{site["report_file"].url}" download>Read the report</a>' in html
    assert "(PDF," in html
    # Related: the same topic, not itself.
    assert "Hints and tips for starting a group" in html.split("More like this")[1]


@pytest.mark.django_db
def test_film_page_offers_a_link_and_transcript_offline(client, site, offline_embeds):  # noqa: F811
    html = _get(client, site["film"].url)
    assert 'href="https://www.youtube.com/watch?v=abcdefghijk"' in html
    assert "Mums talk about their groups." in html


@pytest.mark.django_db
def test_link_resource_points_to_the_other_website(client, site):
    html = _get(client, site["bookbug"].url)
    assert '<a class="button" href="https://www.scottishbooktrust.com/bookbug">Go to the website' in html
    assert "Library bus" in html.split("Local services that can help")[1]


@pytest.mark.django_db
def test_directory_filters_local_services_by_area_and_topic(client, site):
    url = site["tree"].local_service_index.url
    assert _card_titles(_get(client, url, area="croydon")) == {"Health visitors (Croydon)"}
    assert _card_titles(_get(client, url, area="scottish-borders", topic="play-and-books")) == {
        "Library bus",
        "Toddler groups",
    }
    assert _card_titles(_get(client, url, topic="sleep")) == {"Health visitors (Borders)", "Health visitors (Croydon)"}
    everything = _get(client, url)
    assert "4 services" in everything
    assert "Every other Thursday" in everything
    assert 'href="tel:01896000000"' in everything


@pytest.mark.django_db
def test_directory_ignores_an_unknown_area(client, site):
    html = _get(client, site["tree"].local_service_index.url, area="atlantis")
    assert "4 services" in html
    assert '<option value="" selected>Any area</option>' in html


def _queries(client, url, params=None):
    client.get(url, params or {})
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_resource_and_directory_queries_do_not_grow(client, site, django_assert_num_queries):
    pages = [
        (site["report"].url, None),
        (site["bookbug"].url, None),
        (site["tree"].resource_index.url, None),
        (site["tree"].resource_index.url, {"topic": "starting-a-group"}),
        (site["tree"].local_service_index.url, None),
        (site["tree"].local_service_index.url, {"area": "scottish-borders"}),
    ]
    small = [_queries(client, url, params) for url, params in pages]

    for number in range(15):
        f.resource_add(site["tree"].resource_index, f"More tips {number}", topics=[f.topic("Starting a group")])
        f.local_service_add(
            f"Village toddler group {number}", areas=[site["borders"]], topics=[f.topic("Play and books")]
        )
        f.group_add(site["borders"], f"Village group {number}", weekday="tuesday")

    for (url, params), count in zip(pages, small, strict=True):
        cache.clear()
        with django_assert_num_queries(count):
            client.get(url, params or {})
