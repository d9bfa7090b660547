"""An image's renditions are made when it is saved, by the task worker, not by a page request.

Every picture on the public pages asks for AVIF and WebP at two sizes. Made by the
first request that shows a new photo, Wagtail encodes them on three threads at once
in the app worker, which holds about 100 MiB more at the peak and stays 20 to 40 MiB
larger for the rest of its life (the encoders' libraries and the freed but kept
memory of those threads; measured with bench/pages.py). Made here, after the upload
commits, app workers only look them up. A rendition that is still missing (a new size
in a template, say) is made on request as before.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from home.sharing import SHARE_IMAGE_FILTER

# The sizes the templates' {% picture %} tags ask for (tests/home/test_image_renditions.py
# keeps this list in step with them), and the link-preview picture.
PICTURE_SPECS = (
    "format-{avif,webp} fill-{640x360,360x203}",  # group and workshop pages, group cards
    "format-{avif,webp} width-{800,400}",  # resource pages, pictures in a page's body
)
RENDITION_FILTER_SPECS = (
    *(spec for pattern in PICTURE_SPECS for spec in Filter.expand_spec(pattern)),
    SHARE_IMAGE_FILTER,
)


@task()
def image_renditions_make(*, image_id: int) -> int:
    """Make the renditions the pages show of one image; returns how many it has of them."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return 0
    return len(image.get_renditions(*RENDITION_FILTER_SPECS))


def _image_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loading a fixture: the file may not be there yet
        return
    # Robust: a picture that cannot be encoded is logged, and the upload itself still succeeds.
    transaction.on_commit(lambda: image_renditions_make.enqueue(image_id=instance.pk), robust=True)


def image_renditions_watch() -> None:
    """Connect the image model's saves to image_renditions_make (called once, from the app's ready())."""
    post_save.connect(_image_saved, sender=get_image_model(), dispatch_uid="home.image_renditions")
