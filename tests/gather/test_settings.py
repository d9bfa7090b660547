"""Settings whose effect is not seen on any one page (gather/settings/base.py)."""

from django.apps import apps
from django.utils.html import urlize


def test_a_bare_domain_becomes_an_https_link():
    assert urlize("Find us at gather.example.org") == (
        'Find us at <a href="https://gather.example.org">gather.example.org</a>'
    )


def test_wagtails_form_pages_and_promoted_search_results_are_not_installed():
    # Installed but unused, they only added admin menus, permissions and tables that
    # nothing reads; put one back only together with what uses it.
    assert not apps.is_installed("wagtail.contrib.forms")
    assert not apps.is_installed("wagtail.contrib.search_promotions")
