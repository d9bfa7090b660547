"""Give a private database a published group with one bookable session; print its ids as JSON.

Run as `python -m tests.faults.seed --places 12` with the app's environment, so the
rows are made by the same code and settings as the app processes use.
"""

import argparse
import datetime as dt
import json
import os


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--places", type=int, default=12)
    parser.add_argument("--title", default="Fault test group")
    arguments = parser.parse_args()

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.faults.fault_settings")
    django.setup()

    from django.utils import timezone
    from django.utils.text import slugify
    from wagtail.models import Page, Site

    from events.models import AreaIndexPage, AreaPage, GroupPage
    from events.services import session_add
    from home.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        home = Page.get_first_root_node().add_child(instance=HomePage(title="Gather", slug="gather-home"))
        Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "127.0.0.1"})
        areas = home.add_child(instance=AreaIndexPage(title="Where we meet", slug="areas"))
        areas.add_child(instance=AreaPage(title="Croydon", slug="croydon"))
    area = AreaPage.objects.get(slug="croydon")
    group = area.add_child(
        instance=GroupPage(
            title=arguments.title,
            slug=slugify(f"{arguments.title}-{GroupPage.objects.count()}"),
            summary="A group for the fault tests",
            what_happens="<p>Tea and play</p>",
        )
    )
    start = timezone.now() + dt.timedelta(days=2)
    session = session_add(page=group, start=start, end=start + dt.timedelta(hours=2), adult_places=arguments.places)
    print(json.dumps({"session_id": session.pk, "page_id": group.pk, "page_url": group.url}))


if __name__ == "__main__":
    main()
