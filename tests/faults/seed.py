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

    from events.builders import group_add
    from events.models import AreaIndexPage, AreaPage, GroupPage
    from events.services.sessions import session_add
    from home.builders import default_site_ensure, home_ensure, page_ensure

    home, _ = home_ensure(title="Gather")
    default_site_ensure(home, hostname="127.0.0.1")
    areas, _ = page_ensure(home, AreaIndexPage(title="Where we meet", slug="areas"))
    area, _ = page_ensure(areas, AreaPage(title="Croydon", slug="croydon"))
    group = group_add(
        area,
        arguments.title,
        slug=slugify(f"{arguments.title}-{GroupPage.objects.count()}"),
        summary="A group for the fault tests",
        what_happens="<p>Tea and play</p>",
    )
    start = timezone.now() + dt.timedelta(days=2)
    session = session_add(page=group, start=start, end=start + dt.timedelta(hours=2), adult_places=arguments.places)
    print(json.dumps({"session_id": session.pk, "page_id": group.pk, "page_url": group.url}))


if __name__ == "__main__":
    main()
