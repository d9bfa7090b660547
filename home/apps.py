from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site"

    def ready(self):
        from django.db.models.signals import post_migrate
        from wagtail.signals import copy_for_translation_done

        from home.image_renditions import image_renditions_watch
        from home.permissions import twin_permissions_copy
        from home.scheduled_jobs import scheduled_jobs_watch
        from home.sites import default_site_follow_base_url

        copy_for_translation_done.connect(twin_permissions_copy, dispatch_uid="home.twin_permissions_copy")
        post_migrate.connect(default_site_follow_base_url, sender=self, dispatch_uid="home.site_follows_base_url")
        post_migrate.connect(scheduled_jobs_watch, sender=self, dispatch_uid="home.scheduled_jobs_watch")
        image_renditions_watch()
