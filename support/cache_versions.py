"""Which cached pages a one-to-one change makes stale: only the programme's one-to-one page.

A slot added or withdrawn, or a request that holds or frees one, changes the free times
that page lists and nothing else that the public sees, so it replaces that page's own
version (web/page_cache.py) rather than the whole site's: a busy worker's morning leaves
every group page and feed in the cache.
"""

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page

from support.models import SupportPage, SupportRequest, SupportSlot
from web.page_cache import page_version_key, pending_on_commit, versions_replace


class _SupportPagesStale:
    """After the commit, replaces the versions of the one-to-one pages of the areas changed in it.

    One callback a transaction: each change adds its area to the one waiting.
    """

    def __init__(self):
        self.done = False
        self.area_ids: set[int] = set()

    def __call__(self):
        self.done = True
        areas = Page.objects.filter(pk__in=self.area_ids).values_list("path", "depth")
        below = Q()
        for path, depth in areas:
            below |= Q(path__startswith=path, depth=depth + 1)
        if not below:
            return
        keys = SupportPage.objects.filter(below).values_list("translation_key", flat=True)
        versions_replace({page_version_key(key) for key in keys})


def support_page_stale(area_id: int) -> None:
    """Make the area's one-to-one page stale once the current transaction commits."""
    callback = pending_on_commit(_SupportPagesStale)
    if callback is None:
        callback = _SupportPagesStale()
        # robust: a cache outage must never turn a family's request into an error page.
        transaction.on_commit(callback, robust=True)
    callback.area_ids.add(area_id)


def _on_support_row_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        support_page_stale(instance.area_id)


def connect() -> None:
    for model in (SupportSlot, SupportRequest):
        label = model._meta.label
        post_save.connect(_on_support_row_changed, sender=model, dispatch_uid=f"support_stale_save_{label}")
        post_delete.connect(_on_support_row_changed, sender=model, dispatch_uid=f"support_stale_delete_{label}")
