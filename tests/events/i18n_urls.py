"""The booking addresses with a language prefix (/ar/booking/...), English without one, for the language tests."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("search/", search_views.search, name="search"),
    *i18n_patterns(path("", include("events.urls")), prefix_default_language=False),
    path("", include(wagtail_urls)),
]
