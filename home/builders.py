"""Builders for the shared base: the site root, pages, shared lists, settings and media.

Used by the demo content, the tests and the benchmarks alike, so that all three make
pages the way an editor does. Every page is published through a revision: that is
what indexes it for search with its audiences and topics, which Wagtail saves just
after the page's first save.

An `..._ensure` builder finds what it would make (a page by its slug under the same
parent, a row by its name) and makes it only when it is missing; like Django's
`get_or_create` it returns `(thing, created)`. Nothing it finds is changed.
"""

import io

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image, ImageDraw
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from .models import Audience, HomePage, SiteSettings, Topic
from .sites import base_url_host_and_port

# Pages ----------------------------------------------------------------------------


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def page_add(parent, page):
    """`page` (unsaved, with its audiences, topics or groups) added under `parent` and published."""
    parent.add_child(instance=page)
    return publish(page)


def page_ensure(parent, page):
    """`parent`'s child with `page`'s slug, or `page` added and published when there is none."""
    slug = page.slug or slugify(page.title)
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page.slug = slug
    return page_add(parent, page), True


def tree_root() -> Page:
    """Wagtail's root page, made again (with the default locale and root collection) when a
    transactional test flushed the ones Wagtail's migrations create."""
    root = Page.get_first_root_node()
    if root is not None:
        return root
    # The flush also emptied django_content_type, which ContentType's cache does not know.
    ContentType.objects.clear_cache()
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    return Page.add_root(instance=Page(title="Root", slug="root"))


def home_ensure(*, title, introduction="", **fields):
    """The home page, made under the root when there is none yet."""
    home = HomePage.objects.first()
    if home is not None:
        return home, False
    root = tree_root()
    # Wagtail's "Welcome" placeholder, never a page anyone wrote; its Site goes with it.
    placeholders = root.get_children().filter(content_type__app_label="wagtailcore", content_type__model="page")
    for placeholder in placeholders:
        if placeholder.is_leaf():
            placeholder.delete()
    slug = "gather" if root.get_children().filter(slug="home").exists() else "home"
    return page_add(root, HomePage(title=title, slug=slug, introduction=introduction, **fields)), True


def default_site_ensure(home, *, hostname=None, port=None, site_name="Gather"):
    """The default site, made for `home` when there is none, or pointed at `home`; `changed` says so.

    A new site takes its address from BASE_URL unless told otherwise (home/sites.py).
    """
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        base_hostname, base_port = base_url_host_and_port()
        hostname, port = hostname or base_hostname, port or base_port
        site = Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=site_name
        )
        return site, True
    if site.root_page_id != home.pk:
        site.root_page = home
        site.save()
        return site, True
    return site, False


# Shared lists and settings --------------------------------------------------------


def topic_ensure(name):
    return Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})


def audience_ensure(name, description=""):
    return Audience.objects.get_or_create(slug=slugify(name), defaults={"name": name, "description": description})


def site_settings_fill(site, **fields):
    """`site`'s settings, filled in with `fields` unless someone has already given a contact email."""
    site_settings, created = SiteSettings.objects.get_or_create(site=site)
    if not created and site_settings.contact_email:
        return site_settings, False
    for name, value in fields.items():
        setattr(site_settings, name, value)
    site_settings.save()
    return site_settings, True


# Media ----------------------------------------------------------------------------


def image_ensure(title, colours):
    """A generated picture (circles on a background), so pages show real renditions without shipping photos."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing, False
    picture = Image.new("RGB", (1280, 720), colours[0])
    draw = ImageDraw.Draw(picture)
    for index, colour in enumerate(colours[1:], start=1):
        radius = 90 + 40 * index
        centre = (260 * index + 60, 360 + (-1) ** index * 120)
        draw.ellipse([centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius], fill=colour)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image = image_model(title=title, description="")
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"{slugify(title)}.png")
    image.save()
    return image, True


def document_ensure(title, filename, content: bytes):
    document_model = get_document_model()
    existing = document_model.objects.filter(title=title).first()
    if existing is not None:
        return existing, False
    document = document_model(title=title, file_size=len(content))
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document, True


def _pdf_escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def simple_pdf(lines: list[str]) -> bytes:
    """A one-page PDF of plain text lines, readable by screen readers (real text, not a picture)."""
    text = "BT /F1 12 Tf 16 TL 56 780 Td " + " ".join(f"({_pdf_escape(line)}) Tj T*" for line in lines) + " ET"
    stream = text.encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(output)
