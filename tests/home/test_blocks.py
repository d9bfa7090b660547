"""StreamField blocks: films with a transcript, documents to download."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.embeds.blocks import EmbedValue

from home.blocks import BaseStreamBlock, FilmLinkBlock, VideoBlock
from home.builders import simple_pdf
from tests.factories import offline_embeds, online_embeds  # noqa: F401 (fixtures)

FILM = "https://www.youtube.com/watch?v=abcdefghijk"


def _film(url=FILM):
    block = VideoBlock()
    return block.render(
        block.to_python(
            {
                "video": url,
                "title": "Our Story So Far",
                "transcript": "<p>Mums in three rural areas talk about meeting other parents.</p>",
            }
        )
    )


@pytest.mark.django_db
def test_a_film_without_the_video_site_is_still_a_link_and_a_transcript(offline_embeds):  # noqa: F811
    html = _film()
    assert "<iframe" not in html
    assert f'<a href="{FILM}">Watch “Our Story So Far” on the video website</a>' in html
    assert "<summary>Read what the film says</summary>" in html
    assert "Mums in three rural areas talk about meeting other parents." in html


@pytest.mark.django_db
def test_a_film_with_the_video_site_shows_the_player_too(online_embeds):  # noqa: F811
    html = _film()
    assert '<iframe title="Our Story So Far"' in html
    assert f'<a href="{FILM}">' in html
    assert "Mums in three rural areas" in html


@pytest.mark.django_db
def test_a_film_address_can_be_saved_when_the_video_site_cannot_be_reached(offline_embeds):  # noqa: F811
    block = FilmLinkBlock()
    assert block.clean(EmbedValue(FILM)).url == FILM
    with pytest.raises(ValidationError):
        block.clean(EmbedValue("not a web address"))


def test_the_film_block_is_stored_as_a_plain_embed_block():
    path, _, _ = FilmLinkBlock().deconstruct()
    assert path == "wagtail.embeds.blocks.EmbedBlock"


@pytest.mark.django_db
def test_a_document_block_links_the_file_with_its_type_and_size():
    content = simple_pdf(["Mums Supporting Mums", "What we learned"])
    # As the admin's upload form leaves it: the size is known.
    document = get_document_model()(title="Project report", file_size=len(content))
    document.file.save("report.pdf", ContentFile(content), save=False)
    document.save()
    stream = BaseStreamBlock()
    html = stream.render(stream.to_python([{"type": "document", "value": {"document": document.pk, "title": ""}}]))
    assert f'<a href="{document.url}" download>Project report</a>' in html
    assert f"(PDF, {len(content)}\xa0bytes)" in html


def test_the_demo_report_is_a_real_pdf_with_text():
    pdf = simple_pdf(["What we learned (in brief)"])
    assert pdf.startswith(b"%PDF-1.4")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"(What we learned \\(in brief\\)) Tj" in pdf
    xref_offset = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[xref_offset:].startswith(b"xref")
