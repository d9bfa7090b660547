"""The Scottish Borders: groups in six villages meeting in halls and cafes, a dads' group
and a Saturday group for working parents."""

import datetime as dt

from django.utils import timezone

from events.builders import venue_ensure
from events.models import AreaPage, GroupNewsPage, GroupPage, Venue
from events.models.schedules import BookingMode
from events.recurrence import Repeats
from home.builders import image_ensure

from .base import DemoReport, demo_page, demo_sessions, groups_started_on, rich
from .site import DemoSite

VILLAGE_GROUPS = [
    {
        "slug": "peebles",
        "title": "Peebles Mums and Tots",
        "venue": ("Tweed Green Hall", "Tweed Green\nPeebles", "EH45 8AP", True, "Free car park on Tweed Green."),
        "weekday": "wednesday",
        "time": dt.time(10),
        "audiences": ["mums", "grans"],
        "leaders": "Kirsty and Jo",
        "summary": "Songs, toys and a cuppa for mums, grans and little ones in Peebles.",
        "transport": "X62 bus stops on the High Street, five minutes' walk.",
    },
    {
        "slug": "innerleithen",
        "title": "Innerleithen Cafe Group",
        "venue": ("The Riverside Cafe", "High Street\nInnerleithen", "EH44 6HF", True, "Parking on the street."),
        "weekday": "thursday",
        "time": dt.time(10, 30),
        "audiences": ["mums", "dads", "grans"],
        "leaders": "Lorna",
        "summary": "Meet other parents over coffee in a friendly cafe; the children play in the corner.",
        "transport": "X62 bus stops outside.",
        "mode": BookingMode.DROP_IN,
    },
    {
        "slug": "walkerburn",
        "title": "Walkerburn Mums Group",
        "venue": (
            "Walkerburn Public Hall",
            "Galashiels Road\nWalkerburn",
            "EH43 6AA",
            False,
            "Car park beside the hall.",
        ),
        "weekday": "monday",
        "time": dt.time(13, 30),
        "audiences": ["mums"],
        "leaders": "Emma and Rachel",
        "summary": "An afternoon group for mums in Walkerburn, with a toddler corner.",
        "transport": "X62 bus stops by the hall.",
    },
    {
        "slug": "west-linton",
        "title": "West Linton Bumps and Babies",
        "venue": (
            "West Linton Village Centre",
            "Main Street\nWest Linton",
            "EH46 7EA",
            True,
            "Car park behind the centre.",
        ),
        "weekday": "tuesday",
        "time": dt.time(10),
        "audiences": ["bumps", "mums"],
        "leaders": "Hannah",
        "summary": "For anyone expecting a baby or with a baby under one.",
        "transport": "Bus 101 stops on Main Street.",
    },
    {
        "slug": "broughton",
        "title": "Broughton Parents and Grans",
        "venue": ("Broughton Village Hall", "Main Street\nBroughton", "ML12 6HQ", True, "Parking beside the hall."),
        "weekday": "friday",
        "time": dt.time(10),
        "audiences": ["mums", "dads", "grans"],
        "leaders": "Morag and Claire",
        "summary": "A small, friendly group for parents and grandparents in and around Broughton.",
        "transport": "Bus 91 stops by the hall, but not often: ask us about lifts.",
    },
    {
        "slug": "eddleston",
        "title": "Eddleston Cafe Mornings",
        "venue": ("The Old School Cafe", "Station Road\nEddleston", "EH45 8QP", True, "A few spaces by the cafe."),
        "weekday": "wednesday",
        "time": dt.time(10),
        "audiences": ["mums", "dads", "grans"],
        "leaders": "Fiona",
        "summary": "Coffee, cake and company; everyone welcome, bring the children.",
        "transport": "Bus 62 stops on the main road.",
        "mode": BookingMode.DROP_IN,
    },
]


def borders_load(report: DemoReport, site: DemoSite):
    """The Borders area and its groups; returns the area, the village groups, and the dads' and Saturday groups."""
    borders = demo_page(
        site.area_index,
        AreaPage,
        slug="scottish-borders",
        title="Scottish Borders",
        report=report,
        introduction="Mums, dads and grans meeting in village halls and cafes in the Tweed valley and beyond.",
    )
    colours = ["#1f4e79", "#f2c14e", "#79b473", "#f78154"]
    groups = {}
    for number, group in enumerate(VILLAGE_GROUPS):
        name, address, postcode, step_free, parking = group["venue"]
        venue = venue_ensure(
            name,
            area=borders,
            address=address,
            postcode=postcode,
            step_free_access=step_free,
            buggy_space=True,
            baby_changing=step_free,
            parking=parking,
            public_transport=group["transport"],
        )[0]
        # The first two groups have a picture; the others show a group without one.
        picture = None
        if number < 2:
            picture = report.record(image_ensure(f"{group['title']} picture", colours[number:] + colours[:number]))
        page = demo_page(
            borders,
            GroupPage,
            slug=group["slug"],
            title=group["title"],
            report=report,
            summary=group["summary"],
            audiences=[site.audiences[key] for key in group["audiences"]],
            languages="English",
            cost="Free. Tea and coffee 50p if you can.",
            children_welcome=True,
            has_creche=False,
            leaders=group["leaders"],
            venue=venue,
            image=picture,
            what_happens=rich(
                "We chat, have a cuppa and let the children play. Sometimes we plan a walk, a trip or a "
                "fundraiser together.",
                "Run by local mums, with help from our sessional workers when you need it.",
            ),
            first_visit=rich(
                "Just turn up, or book so we know to look out for you. Bring your baby or toddler; "
                "there are toys and a changing mat.",
            ),
        )
        groups[group["slug"]] = page
        demo_sessions(
            page,
            {
                "weekday": group["weekday"],
                "start_time": group["time"],
                "booking_mode": group.get("mode", BookingMode.BOOK),
                "starts_on": groups_started_on(),
            },
            report=report,
        )

    dads_group = demo_page(
        borders,
        GroupPage,
        slug="dads-and-toddlers",
        title="Dads and Toddlers",
        report=report,
        summary="Every other Sunday morning: dads, granddads and little ones, play and a bacon roll.",
        audiences=[site.audiences["dads"]],
        languages="English",
        cost="Free",
        children_welcome=True,
        leaders="Dave and Euan",
        venue=Venue.objects.get(name="Tweed Green Hall"),
        what_happens=rich(
            "Soft play, a bacon roll and a chance to talk to other dads. Some weeks we go for a walk by the river.",
        ),
        first_visit=rich("Come as you are. Somebody will put the kettle on."),
    )
    demo_sessions(
        dads_group,
        {"repeats": Repeats.FORTNIGHTLY, "weekday": "sunday", "starts_on": groups_started_on()},
        report=report,
    )

    innerleithen_hall = venue_ensure(
        "Innerleithen Memorial Hall",
        area=borders,
        address="Buccleuch Street\nInnerleithen",
        postcode="EH44 6LA",
        step_free_access=True,
        buggy_space=True,
        baby_changing=True,
        parking="Free car park opposite.",
        public_transport="X62 bus stops on the High Street, two minutes' walk.",
    )[0]
    saturday_group = demo_page(
        borders,
        GroupPage,
        slug="saturday-stay-and-play",
        title="Saturday Stay and Play",
        report=report,
        summary="For parents who work in the week: play, chat and a cuppa on Saturday mornings in Innerleithen.",
        audiences=[site.audiences[key] for key in ("working", "mums", "dads")],
        languages="English",
        cost="Free",
        children_welcome=True,
        leaders="Nicola",
        venue=innerleithen_hall,
        what_happens=rich(
            "Most groups meet on weekdays, which is no good if you work. This one meets on Saturday mornings, "
            "so working mums and dads can meet other parents too.",
        ),
        first_visit=rich("Book a place, or just come. Bring a snack for your little one."),
    )
    demo_sessions(saturday_group, {"weekday": "saturday", "starts_on": groups_started_on()}, report=report)

    news = [
        (
            "walkerburn",
            "buggy-walk",
            "Our fancy dress buggy walk",
            20,
            "Superheroes, a dinosaur and a lot of laughing.",
        ),
        ("peebles", "toddle-waddle", "Sponsored toddle waddle", 10, "The toddlers walked round the park for new toys."),
        (
            "eddleston",
            "village-gala",
            "Helping at the village gala",
            5,
            "We ran the tombola and met lots of new families.",
        ),
    ]
    for group_slug, slug, title, days_ago, summary in news:
        demo_page(
            groups[group_slug],
            GroupNewsPage,
            slug=slug,
            title=title,
            report=report,
            date=timezone.localdate() - dt.timedelta(days=days_ago),
            summary=summary,
            body=[
                (
                    "paragraph",
                    rich(summary, "Thank you to everyone who helped, and to the local businesses who gave prizes."),
                )
            ],
        )

    return borders, list(groups.values()), [dads_group, saturday_group]
