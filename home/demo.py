"""Demo content: the site as an urban and a rural programme would use it.

Croydon has a weekly women-only group for Muslim mums with a creche, and a run of
workshops with guest speakers (the first chosen by the project team, later ones by
the mums). The Scottish Borders has groups in six villages meeting in halls and
cafes, a dads' group and a Saturday group for working parents.

Everything is found by its slug or name before it is made, so loading twice leaves
the second run with nothing to do. Nothing that already exists is changed.
"""

import datetime as dt
import io
import json
import os
import secrets
from dataclasses import dataclass, field

import recurrence
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.embeds.blocks import EmbedValue
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from events.models import (
    AreaIndexPage,
    AreaPage,
    GroupNewsPage,
    GroupPage,
    Schedule,
    Venue,
    WorkshopIndexPage,
    WorkshopPage,
)
from events.models.booking import BookingMode
from events.services import page_sessions_sync
from resources.models import LocalService, LocalServiceIndexPage, ResourceIndexPage, ResourceKind, ResourcePage

from .models import Audience, HomePage, SiteSettings, StandardPage, Topic
from .permissions import area_coordinator_role_ensure, group_leader_role_ensure, staff_role_ensure

# A real address, used only as a link: the film block shows the link and transcript
# whether or not the video site can be reached.
FILM_URL = "https://www.youtube.com/results?search_query=Mums+Supporting+Mums+Our+Story+So+Far"

WEEKDAYS = {
    "monday": recurrence.MO,
    "tuesday": recurrence.TU,
    "wednesday": recurrence.WE,
    "thursday": recurrence.TH,
    "friday": recurrence.FR,
    "saturday": recurrence.SA,
    "sunday": recurrence.SU,
}


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    sessions_added: int = 0

    def note(self, thing):
        self.created.append(str(thing))


# Pages ----------------------------------------------------------------------------


def _page(parent, model, *, slug, report, **fields):
    """The child of `parent` with `slug`, made and published if it is missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    relations = {name: fields.pop(name) for name in ("audiences", "topics", "groups") if name in fields}
    page = model(slug=slug, **fields)
    for name, values in relations.items():
        setattr(page, name, values)
    parent.add_child(instance=page)
    # Publishing through a revision, as an editor would, also indexes the page for
    # search with its audiences and topics (saved just after the first save).
    page.save_revision().publish()
    report.note(page)
    return page


def _weekly(page, *, weekday, start_time, report, interval=1, minutes=120, places=12, creche=0, mode=BookingMode.BOOK):
    if not Schedule.objects.filter(page=page).exists():
        Schedule.objects.create(
            page=page,
            recurrences=recurrence.Recurrence(
                rrules=[recurrence.Rule(recurrence.WEEKLY, interval=interval, byday=[WEEKDAYS[weekday]])]
            ),
            starts_on=timezone.localdate(),
            start_time=start_time,
            duration_minutes=minutes,
            adult_places=places,
            creche_places=creche,
            booking_mode=mode,
        )
        report.note(f"Schedule for {page.title}")
    report.sessions_added += page_sessions_sync(page=page)["added"]


def _dates(page, *, dates, start_time, report, minutes=90, places=15, creche=0):
    """A workshop on each of `dates` (one schedule row a date)."""
    if not Schedule.objects.filter(page=page).exists():
        for day in dates:
            Schedule.objects.create(
                page=page,
                starts_on=day,
                ends_on=day,
                start_time=start_time,
                duration_minutes=minutes,
                adult_places=places,
                creche_places=creche,
            )
        report.note(f"Dates for {page.title}")
    report.sessions_added += page_sessions_sync(page=page)["added"]


def _rich(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _list(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


# Media ----------------------------------------------------------------------------


def _image(title, colours, report):
    """A simple generated picture, so pages show real renditions without shipping photos."""
    from PIL import Image as PILImage  # noqa: PLC0415
    from PIL import ImageDraw  # noqa: PLC0415

    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    picture = PILImage.new("RGB", (1280, 720), colours[0])
    draw = ImageDraw.Draw(picture)
    for index, colour in enumerate(colours[1:], start=1):
        radius = 90 + 40 * index
        centre = (260 * index + 60, 360 + (-1) ** index * 120)
        draw.ellipse([centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius], fill=colour)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image = image_model(title=title, description="")
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"{slugify(title)}.png")
    image.save()
    report.note(f"Image {title}")
    return image


def _pdf_escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def simple_pdf(lines: list[str]) -> bytes:
    """A one-page PDF of plain text lines, readable by screen readers (real text, not a picture)."""
    text = "BT /F1 12 Tf 16 TL 56 780 Td " + " ".join(f"({_pdf_escape(line)}) Tj T*" for line in lines) + " ET"
    stream = text.encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(output)


REPORT_LINES = [
    "Mums Supporting Mums in the Scottish Borders: what we learned",
    "",
    "The project began in late 2012. By August 2013 mums were meeting regularly",
    "in six places in the west of the Borders, and groups later started in the",
    "central and eastern Borders too.",
    "",
    "Two part-time sessional workers, about 16 hours a week between them, got new",
    "groups going and helped them settle. Today local women run most of the groups.",
    "",
    "By August 2013, 48 mums, 9 dads, 2 grans and 1 granddad were taking part,",
    "with many babies and toddlers.",
    "",
    "Funding: a Big Lottery Fund Investing in Ideas grant, then LEADER, Comic",
    "Relief's small grants and NHS Borders. The groups also raise their own money:",
    "raffles, a fancy dress buggy walk and a sponsored toddle waddle.",
    "",
    "What mattered most: friendships between mums, more confidence, and families",
    "finding services such as the library bus and toddler groups through each other.",
]


def _document(title, filename, content, report):
    document_model = get_document_model()
    existing = document_model.objects.filter(title=title).first()
    if existing:
        return existing
    document = document_model(title=title, file_size=len(content))
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    report.note(f"Document {title}")
    return document


# Shared lists ---------------------------------------------------------------------


def _topic(name):
    return Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]


def _audience(name, description=""):
    return Audience.objects.get_or_create(slug=slugify(name), defaults={"name": name, "description": description})[0]


def _venue(name, *, area, **fields):
    return Venue.objects.get_or_create(name=name, defaults={"area": area, **fields})[0]


def _local_service(name, *, areas, topics, **fields):
    service, created = LocalService.objects.get_or_create(name=name, defaults=fields)
    if created:
        service.areas.set(areas)
        service.topics.set(topics)
    return service


# The site -------------------------------------------------------------------------


def _home(report) -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's "Welcome" placeholder, never a page anyone wrote; its Site goes with it.
        placeholders = root.get_children().filter(content_type__app_label="wagtailcore", content_type__model="page")
        for placeholder in placeholders:
            if placeholder.is_leaf():
                placeholder.delete()
        home = HomePage(
            title="Find a group near you",
            slug="home" if not root.get_children().filter(slug="home").exists() else "gather",
            introduction=(
                "Friendly groups where parents of babies and young children meet, talk and help each other. "
                "Find one near you, see when it meets, and come along."
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        report.note(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Gather")
        report.note("Site")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
        report.note("Site")
    return home


@transaction.atomic
def demo_load() -> DemoReport:
    report = DemoReport()
    home = _home(report)

    # Topics and who groups are for.
    topics = {
        name: _topic(name)
        for name in [
            "Starting a group",
            "Feeling low",
            "Sleep",
            "Starting school",
            "Money and rights",
            "Health",
            "Play and books",
        ]
    }
    mums = _audience("Mums")
    dads = _audience("Dads")
    grans = _audience("Grandparents and carers", "Grans, grandads, childminders and other carers.")
    bumps = _audience("Bumps and babies", "Expecting a baby, or a baby under one.")
    working = _audience("Working parents (weekends)", "Parents who work in the week.")
    muslim_mums = _audience("Muslim mums")

    # Pages people find first.
    about = _page(
        home,
        StandardPage,
        slug="about",
        title="About us",
        report=report,
        show_in_menus=True,
        introduction="We help parents of young children meet each other, so nobody has to do it alone.",
        body=[
            (
                "paragraph",
                _rich(
                    "Having a baby can be lonely, in a big town or a small village. Our groups are run by "
                    "parents, for parents, with a little help from us to get started.",
                    "In Croydon we run a weekly group for Muslim mums. In the Scottish Borders, mums, dads and "
                    "grans meet in village halls and cafes.",
                ),
            )
        ],
    )
    privacy = _page(
        home,
        StandardPage,
        slug="privacy",
        title="Privacy",
        report=report,
        introduction="What we keep about you when you book a place, and for how long.",
        body=[
            ("heading", {"text": "What we keep", "size": "h2"}),
            (
                "paragraph",
                _rich("Your first name, and an email address or phone number so we can tell you if a session changes.")
                + _list(
                    "how many adults and children are coming, and children's ages if you tell us",
                    "anything that would help you take part, such as step-free access, if you choose to tell us",
                ),
            ),
            ("heading", {"text": "Who sees it", "size": "h2"}),
            (
                "paragraph",
                _rich(
                    "Only the leaders of the group you book with, and our staff. We never share it or sell it.",
                    "You can ask us for a copy, or ask us to delete it, at any time. We delete it anyway a year "
                    "after your last session.",
                ),
            ),
        ],
    )
    safeguarding = _page(
        home,
        StandardPage,
        slug="safeguarding",
        title="Keeping everyone safe",
        report=report,
        introduction="How our groups look after children and adults.",
        body=[
            (
                "paragraph",
                _rich(
                    "Every group has a named leader who has had safeguarding training. Children stay with their "
                    "parent or carer, or in a creche run by checked staff.",
                    "If you are worried about a child or an adult, talk to the group leader or call us. In an "
                    "emergency, call 999.",
                ),
            )
        ],
    )
    del about

    settings_row, created = SiteSettings.objects.get_or_create(site=Site.objects.get(is_default_site=True))
    if created or not settings_row.contact_email:
        settings_row.organisation_name = "Gather family groups"
        settings_row.tagline = "Meet other parents near you"
        settings_row.contact_email = "hello@gather.example"
        settings_row.contact_phone = "0141 496 0123"
        settings_row.address = "Unit 1, Example Business Centre\nGlasgow G1 1AA"
        settings_row.charity_number = "SC000000"
        settings_row.privacy_page = privacy
        settings_row.safeguarding_page = safeguarding
        settings_row.funder_acknowledgements = _rich(
            "Our Croydon group is funded by a multi-year grant from the COSARAF Foundation.",
            "Our Scottish Borders groups began with a Big Lottery Fund Investing in Ideas grant, with later "
            "support from LEADER (part-financed by the Scottish Government and the European Community), "
            "Comic Relief and NHS Borders.",
        )
        settings_row.save()
        report.note("Site settings")

    area_index = _page(
        home,
        AreaIndexPage,
        slug="groups",
        title="Groups near you",
        report=report,
        show_in_menus=True,
        introduction="Choose your area to see its groups, where they meet and when.",
    )
    workshop_index = _page(
        home,
        WorkshopIndexPage,
        slug="workshops",
        title="Workshops and speakers",
        report=report,
        show_in_menus=True,
        introduction="Guest speakers and practical workshops. After the first few, the mums choose the topics.",
    )
    resource_index = _page(
        home,
        ResourceIndexPage,
        slug="help-and-ideas",
        title="Help and ideas",
        report=report,
        show_in_menus=True,
        introduction="Hints and tips, our report and our film.",
    )
    _page(
        home,
        LocalServiceIndexPage,
        slug="local-services",
        title="Other local services",
        report=report,
        show_in_menus=True,
        introduction="Library buses, toddler groups, health visitors and more, near you.",
    )

    # Croydon ----------------------------------------------------------------------
    croydon = _page(
        area_index,
        AreaPage,
        slug="croydon",
        title="Croydon",
        report=report,
        introduction="A weekly group for Muslim mums in Croydon, with a creche, talks and workshops.",
    )
    community_centre = _venue(
        "Broad Green Community Centre",
        area=croydon,
        address="Canterbury Road\nCroydon",
        postcode="CR0 3HA",
        step_free_access=True,
        buggy_space=True,
        baby_changing=True,
        parking="A few spaces behind the centre. Street parking nearby.",
        public_transport="Buses 64 and 264 stop outside. West Croydon station is 15 minutes' walk.",
    )
    mums_space = _page(
        croydon,
        GroupPage,
        slug="mums-space",
        title="Mum's Space",
        report=report,
        summary="A weekly women-only group for Muslim mums, with a creche for the little ones.",
        audiences=[mums, muslim_mums],
        women_only=True,
        languages="English, Urdu, Bengali and Arabic",
        cost="Free",
        children_welcome=True,
        has_creche=True,
        leaders="Amina and Sara",
        venue=community_centre,
        image=_image("Mum's Space playroom", ["#0b5d4b", "#f2c14e", "#f78154", "#4d9078"], report),
        what_happens=_rich(
            "A safe, private place to make friends and talk openly about family life. We share what we know, "
            "help each other with problems one step at a time, and welcome guest speakers.",
            "Your children play in the creche next door while you have tea and time to talk.",
        ),
        first_visit=_rich(
            "Just come along. Amina or Sara will meet you at the door and show you the creche. "
            "Nobody will ask you to say anything you do not want to, and what is said in the group stays in the group.",
        ),
    )
    _weekly(mums_space, weekday="tuesday", start_time=dt.time(10), places=15, creche=10, report=report)
    _page(
        mums_space,
        GroupNewsPage,
        slug="library-visit",
        title="Our visit to the library",
        report=report,
        date=timezone.localdate() - dt.timedelta(days=7),
        summary="Ten of us went to the library together and joined up the children.",
        body=[
            (
                "paragraph",
                _rich(
                    "We walked to the library together after the group. Several mums had not been before. "
                    "The children chose books and we found out about the rhyme time on Fridays."
                ),
            )
        ],
    )

    today = timezone.localdate()

    def next_weekday(weekday, *, weeks=0):
        days_ahead = (weekday - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=days_ahead + 7 * weeks)

    thursday = 3
    workshops = [
        {
            "slug": "your-health-visitor",
            "title": "Your health visitor and you",
            "speaker": "A health visitor from the local team",
            "summary": "What health visitors do, and how to get help between appointments.",
            "topics": [topics["Health"]],
            "dates": [today - dt.timedelta(days=56)],
            "chosen": False,
        },
        {
            "slug": "knowing-your-rights",
            "title": "Knowing your rights: money, housing and health",
            "speaker": "An adviser from a local advice service",
            "summary": "The help families are entitled to, and how to ask for it.",
            "topics": [topics["Money and rights"]],
            "dates": [today - dt.timedelta(days=28)],
            "chosen": False,
        },
        {
            "slug": "problem-solving",
            "title": "Solving problems one step at a time",
            "speaker": "The Mum's Space project worker",
            "summary": "A short course in three sessions: pick a problem, break it down, try a step, look back.",
            "topics": [topics["Feeling low"]],
            "dates": [next_weekday(thursday, weeks=week) for week in range(3)],
            "chosen": False,
        },
        {
            "slug": "sleep-and-settling",
            "title": "Sleep and settling",
            "speaker": "A health visitor",
            "summary": "Bedtimes, night waking and what to try when everyone is tired.",
            "topics": [topics["Sleep"], topics["Health"]],
            "dates": [next_weekday(thursday, weeks=4)],
            "chosen": True,
            "what_to_bring": "Questions! You can write them down beforehand if you prefer.",
        },
        {
            "slug": "getting-ready-for-school",
            "title": "Getting ready for school",
            "speaker": "A reception teacher from a local primary school",
            "summary": "How school admissions work, and small things that help children settle.",
            "topics": [topics["Starting school"]],
            "dates": [next_weekday(thursday, weeks=7)],
            "chosen": True,
            "what_to_bring": "Your child's red book if you have questions about health checks.",
        },
    ]
    for workshop in workshops:
        page = _page(
            workshop_index,
            WorkshopPage,
            slug=workshop["slug"],
            title=workshop["title"],
            report=report,
            summary=workshop["summary"],
            speaker=workshop["speaker"],
            description=_rich(
                workshop["summary"],
                "There is time for questions, and the creche is open as usual.",
            ),
            what_to_bring=workshop.get("what_to_bring", ""),
            chosen_by_participants=workshop["chosen"],
            topics=workshop["topics"],
            groups=[mums_space],
            venue=community_centre,
        )
        _dates(page, dates=workshop["dates"], start_time=dt.time(10, 30), creche=10, report=report)

    # Scottish Borders -------------------------------------------------------------
    borders = _page(
        area_index,
        AreaPage,
        slug="scottish-borders",
        title="Scottish Borders",
        report=report,
        introduction="Mums, dads and grans meeting in village halls and cafes in the Tweed valley and beyond.",
    )
    village_groups = [
        {
            "slug": "peebles",
            "title": "Peebles Mums and Tots",
            "venue": ("Tweed Green Hall", "Tweed Green\nPeebles", "EH45 8AP", True, "Free car park on Tweed Green."),
            "weekday": "wednesday",
            "time": dt.time(10),
            "audiences": [mums, grans],
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
            "audiences": [mums, dads, grans],
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
            "audiences": [mums],
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
            "audiences": [bumps, mums],
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
            "audiences": [mums, dads, grans],
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
            "audiences": [mums, dads, grans],
            "leaders": "Fiona",
            "summary": "Coffee, cake and company; everyone welcome, bring the children.",
            "transport": "Bus 62 stops on the main road.",
            "mode": BookingMode.DROP_IN,
        },
    ]
    colours = ["#1f4e79", "#f2c14e", "#79b473", "#f78154"]
    groups = {}
    for number, group in enumerate(village_groups):
        name, address, postcode, step_free, parking = group["venue"]
        venue = _venue(
            name,
            area=borders,
            address=address,
            postcode=postcode,
            step_free_access=step_free,
            buggy_space=True,
            baby_changing=step_free,
            parking=parking,
            public_transport=group["transport"],
        )
        page = _page(
            borders,
            GroupPage,
            slug=group["slug"],
            title=group["title"],
            report=report,
            summary=group["summary"],
            audiences=group["audiences"],
            languages="English",
            cost="Free. Tea and coffee 50p if you can.",
            children_welcome=True,
            has_creche=False,
            leaders=group["leaders"],
            venue=venue,
            image=_image(f"{group['title']} picture", colours[number % 4 :] + colours[: number % 4], report)
            if number < 2
            else None,
            what_happens=_rich(
                "We chat, have a cuppa and let the children play. Sometimes we plan a walk, a trip or a "
                "fundraiser together.",
                "Run by local mums, with help from our sessional workers when you need it.",
            ),
            first_visit=_rich(
                "Just turn up, or book so we know to look out for you. Bring your baby or toddler; "
                "there are toys and a changing mat.",
            ),
        )
        groups[group["slug"]] = page
        _weekly(
            page,
            weekday=group["weekday"],
            start_time=group["time"],
            mode=group.get("mode", BookingMode.BOOK),
            report=report,
        )

    dads_group = _page(
        borders,
        GroupPage,
        slug="dads-and-toddlers",
        title="Dads and Toddlers",
        report=report,
        summary="Every other Sunday morning: dads, granddads and little ones, play and a bacon roll.",
        audiences=[dads],
        languages="English",
        cost="Free",
        children_welcome=True,
        leaders="Dave and Euan",
        venue=Venue.objects.get(name="Tweed Green Hall"),
        what_happens=_rich(
            "Soft play, a bacon roll and a chance to talk to other dads. Some weeks we go for a walk by the river.",
        ),
        first_visit=_rich("Come as you are. Somebody will put the kettle on."),
    )
    _weekly(dads_group, weekday="sunday", start_time=dt.time(10), interval=2, report=report)

    innerleithen_hall = _venue(
        "Innerleithen Memorial Hall",
        area=borders,
        address="Buccleuch Street\nInnerleithen",
        postcode="EH44 6LA",
        step_free_access=True,
        buggy_space=True,
        baby_changing=True,
        parking="Free car park opposite.",
        public_transport="X62 bus stops on the High Street, two minutes' walk.",
    )
    saturday_group = _page(
        borders,
        GroupPage,
        slug="saturday-stay-and-play",
        title="Saturday Stay and Play",
        report=report,
        summary="For parents who work in the week: play, chat and a cuppa on Saturday mornings in Innerleithen.",
        audiences=[working, mums, dads],
        languages="English",
        cost="Free",
        children_welcome=True,
        leaders="Nicola",
        venue=innerleithen_hall,
        what_happens=_rich(
            "Most groups meet on weekdays, which is no good if you work. This one meets on Saturday mornings, "
            "so working mums and dads can meet other parents too.",
        ),
        first_visit=_rich("Book a place, or just come. Bring a snack for your little one."),
    )
    _weekly(saturday_group, weekday="saturday", start_time=dt.time(10), report=report)

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
        _page(
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
                    _rich(summary, "Thank you to everyone who helped, and to the local businesses who gave prizes."),
                )
            ],
        )

    # Resources --------------------------------------------------------------------
    _page(
        resource_index,
        ResourcePage,
        slug="hints-and-tips",
        title="Hints and tips for starting a parents' group",
        report=report,
        kind=ResourceKind.HINTS_AND_TIPS,
        summary="What we learned getting groups going in small villages.",
        topics=[topics["Starting a group"], topics["Feeling low"]],
        body=[
            ("heading", {"text": "Start by listening", "size": "h2"}),
            (
                "paragraph",
                _rich("Ask parents who feel a bit cut off what would help them feel part of their village."),
            ),
            ("heading", {"text": "Keep the door open", "size": "h2"}),
            (
                "paragraph",
                _rich(
                    "If something does not take off at first, carry on. People often need time, or a little "
                    "confidence, before they come to something new."
                ),
            ),
            ("heading", {"text": "Let each village do it its own way", "size": "h2"}),
            ("paragraph", _rich("A cafe morning suits one place, a buggy walk or a hall another.")),
            ("heading", {"text": "Tell groups what the others are doing", "size": "h2"}),
            (
                "paragraph",
                _rich(
                    "Hearing about other groups sparks ideas and keeps people going through the hard patches. "
                    "It feels better to be part of something bigger."
                ),
            ),
            ("heading", {"text": "Work with everyone", "size": "h2"}),
            (
                "paragraph",
                _rich(
                    "Local businesses, health visitors, community and walking groups and the library service "
                    "all helped our groups."
                ),
            ),
        ],
    )
    report_document = _document(
        "Mums Supporting Mums report", "mums-supporting-mums-report.pdf", simple_pdf(REPORT_LINES), report
    )
    _page(
        resource_index,
        ResourcePage,
        slug="project-report",
        title="Mums Supporting Mums: our report",
        report=report,
        kind=ResourceKind.REPORT,
        summary="How the Borders groups started, who came, how they were paid for and what changed.",
        topics=[topics["Starting a group"]],
        body=[
            (
                "paragraph",
                _rich(
                    "The report tells the story of the first year in the Scottish Borders: six villages, two "
                    "part-time workers, and mums who now run most of the groups themselves."
                ),
            ),
            ("document", {"document": report_document, "title": "Read the report"}),
            (
                "quote",
                {
                    "text": "The group gave me somewhere to go and people to talk to. I feel part of the village now.",
                    "attribution": "A mum in the Borders",
                },
            ),
        ],
    )
    _page(
        resource_index,
        ResourcePage,
        slug="our-story-so-far",
        title="Our Story So Far: the film",
        report=report,
        kind=ResourceKind.FILM,
        summary="Mums in rural areas talk about why meeting other parents made such a difference.",
        topics=[topics["Feeling low"], topics["Starting a group"]],
        body=[
            (
                "video",
                {
                    "video": EmbedValue(FILM_URL),
                    "title": "Our Story So Far",
                    "transcript": _rich(
                        "Mums from villages in the Scottish Borders, South Lanarkshire and Dumfries and Galloway "
                        "talk about life with a baby far from towns.",
                        "They describe feeling cut off before the groups started, making friends, using the library "
                        "bus and toddler groups they had not known about, and taking part in village life.",
                        "The film ends with the mums saying why every rural area needs this kind of peer support.",
                    ),
                },
            )
        ],
    )
    _page(
        resource_index,
        ResourcePage,
        slug="bookbug",
        title="Bookbug: free books and rhymes",
        report=report,
        kind=ResourceKind.LINK,
        summary="Free book bags for babies and toddlers, and song and rhyme sessions in libraries.",
        topics=[topics["Play and books"]],
        external_url="https://www.scottishbooktrust.com/bookbug",
    )

    # Local services ---------------------------------------------------------------
    _local_service(
        "Library bus",
        areas=[borders],
        topics=[topics["Play and books"]],
        description=(
            "The mobile library visits the villages with books for babies and toddlers, and sometimes Bookbug rhymes."
        ),
        when="Every other week; ask at your group for the day it comes to your village.",
    )
    _local_service(
        "Toddler groups",
        areas=[borders],
        topics=[topics["Play and books"]],
        description="Parent-run toddler groups in church and village halls: toys, songs and a snack.",
        when="Most villages, weekday mornings in term time.",
    )
    _local_service(
        "Health visitors (Borders)",
        areas=[borders],
        topics=[topics["Health"], topics["Sleep"], topics["Feeling low"]],
        description="Your health visitor can help with feeding, sleep, development and how you are feeling.",
        phone="01896 000 000",
    )
    _local_service(
        "Health visitors (Croydon)",
        areas=[croydon],
        topics=[topics["Health"], topics["Sleep"], topics["Feeling low"]],
        description="Health visitors work with every family with a child under five.",
        phone="020 7946 0000",
    )
    _local_service(
        "Home visiting volunteers",
        areas=[croydon],
        topics=[topics["Feeling low"]],
        description="A trained volunteer visits you at home each week to support you and your family.",
    )

    # Editing rights ---------------------------------------------------------------
    staff_role_ensure()
    area_coordinator_role_ensure(croydon)
    area_coordinator_role_ensure(borders)
    for page in [*groups.values(), mums_space, dads_group, saturday_group]:
        group_leader_role_ensure(page)
    return report


# Logins ---------------------------------------------------------------------------


@dataclass
class DemoLogin:
    username: str
    password: str
    role: str


def _role_groups():
    borders = AreaPage.objects.get(slug="scottish-borders")
    walkerburn = GroupPage.objects.get(slug="walkerburn")
    return {
        "staff": ("Staff: edits everything", [staff_role_ensure()]),
        "borders-coordinator": (
            "Area coordinator: Scottish Borders",
            [area_coordinator_role_ensure(borders)],
        ),
        "walkerburn-leader": ("Group leader: Walkerburn Mums Group", [group_leader_role_ensure(walkerburn)]),
    }


def _write_private(path, data):
    """Write `data` as JSON readable by this user only."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(data, handle, indent=2)
    os.chmod(path, 0o600)


@transaction.atomic
def demo_logins_ensure(*, path) -> list[DemoLogin]:
    """The three demo logins, with passwords made on the first run and kept in `path`.

    A password is only made (and set) when `path` has none for that login, so running
    again prints the same logins. A fresh database with the file still present gets
    the same passwords back.
    """
    stored = json.loads(path.read_text()) if path.exists() else {}
    user_model = get_user_model()
    logins = []
    changed = False
    for username, (role, groups) in _role_groups().items():
        password = stored.get(username)
        if password is None:
            password = secrets.token_urlsafe(12)
            stored[username] = password
            changed = True
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(
                username=username, email=f"{username}@gather.example", password=password
            )
        elif not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(*groups)
        logins.append(DemoLogin(username=username, password=password, role=role))
    if changed or not path.exists():
        _write_private(path, stored)
    return logins
