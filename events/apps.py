from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Groups and bookings"

    def ready(self):
        from web import page_cache

        from . import (
            cache_versions,
            check_in_messages,
            emails,
            leader_invite_emails,
            scheduled_jobs,
            signal_handlers,
            texts,
            topic_messages,
        )
        from .models import TopicSuggestion, TopicVote, Venue, VenueTranslation
        from .selectors import pages  # noqa: F401 (registers the pages' listings)

        signal_handlers.connect()
        # Sessions, their places and schedules make stale only the pages and feeds that show them.
        cache_versions.connect()
        # A venue shows on group, area, workshop and home pages alike.
        for model in (Venue, VenueTranslation):
            page_cache.watch(model)
        # Open topics and their votes show on group and area pages ("What we're planning next").
        for model in (TopicSuggestion, TopicVote):
            page_cache.watch(model)
        emails.renderers_register()
        leader_invite_emails.renderers_register()
        texts.renderers_register()
        check_in_messages.renderers_register()
        topic_messages.renderers_register()
        scheduled_jobs.scheduled_jobs_register()
