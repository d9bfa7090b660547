from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site"

    def ready(self):
        from wagtail.signals import copy_for_translation_done

        from home.permissions import twin_permissions_copy

        copy_for_translation_done.connect(twin_permissions_copy, dispatch_uid="home.twin_permissions_copy")
