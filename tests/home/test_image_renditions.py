"""A photo's renditions are made when it is uploaded, so no page request has to encode them."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.images.tests.utils import get_test_image_file

from home.image_renditions import RENDITION_FILTER_SPECS

PICTURE_TAG = re.compile(r"{%\s*picture\s+\S+\s+(.*?)\s+(?:sizes|alt|loading|class)=")


def test_every_picture_size_in_the_templates_is_made_on_upload():
    used = set()
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for specs in PICTURE_TAG.findall(template.read_text()):
            used.update(Filter.expand_spec(specs))
    assert used, "no {% picture %} tag found: the pattern no longer matches the templates"
    made_on_request = used - set(RENDITION_FILTER_SPECS)
    assert not made_on_request, f"made on request, not on upload: {sorted(made_on_request)}"


@pytest.mark.django_db
def test_an_uploaded_photo_has_its_renditions_once_the_upload_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = get_image_model().objects.create(title="Tots", file=get_test_image_file(size=(1600, 1200)))

    made = set(image.renditions.values_list("filter_spec", flat=True))
    assert made == set(RENDITION_FILTER_SPECS)
