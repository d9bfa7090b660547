"""The site itself: the home page, the pages people find first, site settings, the
shared lists of topics and audiences, and the index pages the programmes fill in."""

from dataclasses import dataclass

from events.models import AreaIndexPage, WorkshopIndexPage
from home.builders import audience_ensure, default_site_ensure, home_ensure, site_settings_fill, topic_ensure
from home.models import Audience, StandardPage, Topic
from resources.models import LocalServiceIndexPage, ResourceIndexPage

from .base import DemoReport, bullets, demo_page, rich

TOPICS = ["Starting a group", "Feeling low", "Sleep", "Starting school", "Money and rights", "Health", "Play and books"]


@dataclass
class DemoSite:
    topics: dict[str, Topic]
    audiences: dict[str, Audience]
    area_index: AreaIndexPage
    workshop_index: WorkshopIndexPage
    resource_index: ResourceIndexPage


def site_load(report: DemoReport) -> DemoSite:
    home = report.record(
        home_ensure(
            title="Find a group near you",
            introduction=(
                "Friendly groups where parents of babies and young children meet, talk and help each other. "
                "Find one near you, see when it meets, and come along."
            ),
        )
    )
    site, changed = default_site_ensure(home)
    if changed:
        report.note("Site")

    topics = {name: topic_ensure(name)[0] for name in TOPICS}
    audiences = {
        key: audience_ensure(name, description)[0]
        for key, name, description in [
            ("mums", "Mums", ""),
            ("dads", "Dads", ""),
            ("grans", "Grandparents and carers", "Grans, grandads, childminders and other carers."),
            ("bumps", "Bumps and babies", "Expecting a baby, or a baby under one."),
            ("working", "Working parents (weekends)", "Parents who work in the week."),
            ("muslim_mums", "Muslim mums", ""),
        ]
    }

    # Pages people find first.
    demo_page(
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
                rich(
                    "Having a baby can be lonely, in a big town or a small village. Our groups are run by "
                    "parents, for parents, with a little help from us to get started.",
                    "In Croydon we run a weekly group for Muslim mums. In the Scottish Borders, mums, dads and "
                    "grans meet in village halls and cafes.",
                ),
            )
        ],
    )
    privacy = demo_page(
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
                rich("Your first name, and an email address or phone number so we can tell you if a session changes.")
                + bullets(
                    "how many adults and children are coming, and children's ages if you tell us",
                    "anything that would help you take part, such as step-free access, if you choose to tell us",
                ),
            ),
            ("heading", {"text": "Who sees it", "size": "h2"}),
            (
                "paragraph",
                rich(
                    "Only the leaders of the group you book with, and our staff. We never share it or sell it.",
                    "You can ask us for a copy, or ask us to delete it, at any time. We delete it anyway a year "
                    "after your last session.",
                ),
            ),
            ("heading", {"text": "Check-ins: is the group helping?", "size": "h2"}),
            (
                "paragraph",
                rich(
                    "The day after your first session at a group, and again some weeks later, we send you a link "
                    "to three short questions: how often you feel lonely, how welcome you felt at the group, and "
                    "whether you have used a local service you heard about there. Answering is up to you, and you "
                    "can leave out any question.",
                    "Your answers are not linked to you: not to your name, your email address or phone number, or "
                    "your bookings. Each link works once and stops working after four weeks.",
                    "We keep only the answers, with the group, the month and whether it was the first or the later "
                    "check-in. Reports show them only as totals of five answers or more.",
                ),
            ),
        ],
    )
    safeguarding = demo_page(
        home,
        StandardPage,
        slug="safeguarding",
        title="Keeping everyone safe",
        report=report,
        introduction="How our groups look after children and adults.",
        body=[
            (
                "paragraph",
                rich(
                    "Every group has a named leader who has had safeguarding training. Children stay with their "
                    "parent or carer, or in a creche run by checked staff.",
                    "If you are worried about a child or an adult, talk to the group leader or call us. In an "
                    "emergency, call 999.",
                ),
            )
        ],
    )
    _, filled = site_settings_fill(
        site,
        organisation_name="Gather family groups",
        tagline="Meet other parents near you",
        contact_email="hello@gather.example",
        contact_phone="0141 496 0123",
        address="Unit 1, Example Business Centre\nGlasgow G1 1AA",
        charity_number="SC000000",
        privacy_page=privacy,
        safeguarding_page=safeguarding,
        funder_acknowledgements=rich(
            "Our Croydon group is funded by a multi-year grant from the COSARAF Foundation.",
            "Our Scottish Borders groups began with a Big Lottery Fund Investing in Ideas grant, with later "
            "support from LEADER (part-financed by the Scottish Government and the European Community), "
            "Comic Relief and NHS Borders.",
        ),
    )
    if filled:
        report.note("Site settings")

    area_index = demo_page(
        home,
        AreaIndexPage,
        slug="groups",
        title="Groups near you",
        report=report,
        show_in_menus=True,
        introduction="Choose your area to see its groups, where they meet and when.",
    )
    workshop_index = demo_page(
        home,
        WorkshopIndexPage,
        slug="workshops",
        title="Workshops and speakers",
        report=report,
        show_in_menus=True,
        introduction="Guest speakers and practical workshops. After the first few, the mums choose the topics.",
    )
    resource_index = demo_page(
        home,
        ResourceIndexPage,
        slug="help-and-ideas",
        title="Help and ideas",
        report=report,
        show_in_menus=True,
        introduction="Hints and tips, our report and our film.",
    )
    demo_page(
        home,
        LocalServiceIndexPage,
        slug="local-services",
        title="Other local services",
        report=report,
        show_in_menus=True,
        introduction="Library buses, toddler groups, health visitors and more, near you.",
    )
    return DemoSite(topics, audiences, area_index, workshop_index, resource_index)
