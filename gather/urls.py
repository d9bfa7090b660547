from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from events import views as events_views
from search import views as search_views
from web import health, languages
from web.robots import robots_txt
from web.sitemap import PublicPagesSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # For uptime monitors: one address in every language, never cached.
    path("health/", health.health, name="health"),
    path("documents/", include(wagtaildocs_urls)),
    # One sitemap for every language: each entry names its twins (hreflang).
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PublicPagesSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("language/<str:language_code>/", languages.language_choose, name="language_choose"),
    # The private link in a text: short, since two segments of Urdu hold only 134 characters.
    path("t/<slug:token>", events_views.text_link, name="text_link"),
    # Twilio's delivery reports and replies: one address in every language.
    path("texts/", include("messaging.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What families read, in their language: /ar/groups/..., /ur/booking/<token>/,
# /bn/calendar/all.ics. English keeps its addresses without a prefix, so every link
# already shared, every subscribed feed and every manage link in a sent email works.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("", include("events.urls")),
    path("", include("support.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# A lost database connection answers 503 with a plain page instead of a 500.
handler500 = "web.error_views.server_error"
