"""Absolute addresses for what leaves the site: link previews and search engines' data.

Both give the address of the page's picture cut to the shape link previews show
(1200 by 630, as Open Graph and Twitter cards ask), as a JPEG every app can read.
"""

from wagtail.models import Site

SHARE_IMAGE_FILTER = "fill-1200x630|format-jpeg"


def site_root_url(request) -> str:
    """The address the site is reached at (its Site follows BASE_URL), without a trailing slash."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def share_image_url(image, *, root_url: str) -> str:
    """The picture as link previews want it: an absolute address of a 1200x630 rendition."""
    if image is None:
        return ""
    url = image.get_rendition(SHARE_IMAGE_FILTER).url
    return root_url + url if url.startswith("/") else url
