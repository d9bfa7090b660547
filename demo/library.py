"""Help and ideas: hints and tips, the Borders report, the film and a link; and the
local services directory for both programmes."""

from wagtail.embeds.blocks import EmbedValue

from home.builders import document_ensure, simple_pdf
from resources.builders import local_service_ensure
from resources.models import ResourceKind, ResourcePage

from .base import DemoReport, demo_page, rich
from .site import DemoSite

# A real address, used only as a link: the film block shows the link and transcript
# whether or not the video site can be reached.
FILM_URL = "https://www.youtube.com/results?search_query=Mums+Supporting+Mums+Our+Story+So+Far"

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


def library_load(report: DemoReport, site: DemoSite, *, croydon, borders):
    demo_page(
        site.resource_index,
        ResourcePage,
        slug="hints-and-tips",
        title="Hints and tips for starting a parents' group",
        report=report,
        kind=ResourceKind.HINTS_AND_TIPS,
        summary="What we learned getting groups going in small villages.",
        topics=[site.topics["Starting a group"], site.topics["Feeling low"]],
        body=[
            ("heading", {"text": "Start by listening", "size": "h2"}),
            (
                "paragraph",
                rich("Ask parents who feel a bit cut off what would help them feel part of their village."),
            ),
            ("heading", {"text": "Keep the door open", "size": "h2"}),
            (
                "paragraph",
                rich(
                    "If something does not take off at first, carry on. People often need time, or a little "
                    "confidence, before they come to something new."
                ),
            ),
            ("heading", {"text": "Let each village do it its own way", "size": "h2"}),
            ("paragraph", rich("A cafe morning suits one place, a buggy walk or a hall another.")),
            ("heading", {"text": "Tell groups what the others are doing", "size": "h2"}),
            (
                "paragraph",
                rich(
                    "Hearing about other groups sparks ideas and keeps people going through the hard patches. "
                    "It feels better to be part of something bigger."
                ),
            ),
            ("heading", {"text": "Work with everyone", "size": "h2"}),
            (
                "paragraph",
                rich(
                    "Local businesses, health visitors, community and walking groups and the library service "
                    "all helped our groups."
                ),
            ),
        ],
    )
    report_document = report.record(
        document_ensure("Mums Supporting Mums report", "mums-supporting-mums-report.pdf", simple_pdf(REPORT_LINES))
    )
    demo_page(
        site.resource_index,
        ResourcePage,
        slug="project-report",
        title="Mums Supporting Mums: our report",
        report=report,
        kind=ResourceKind.REPORT,
        summary="How the Borders groups started, who came, how they were paid for and what changed.",
        topics=[site.topics["Starting a group"]],
        body=[
            (
                "paragraph",
                rich(
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
    demo_page(
        site.resource_index,
        ResourcePage,
        slug="our-story-so-far",
        title="Our Story So Far: the film",
        report=report,
        kind=ResourceKind.FILM,
        summary="Mums in rural areas talk about why meeting other parents made such a difference.",
        topics=[site.topics["Feeling low"], site.topics["Starting a group"]],
        body=[
            (
                "video",
                {
                    "video": EmbedValue(FILM_URL),
                    "title": "Our Story So Far",
                    "transcript": rich(
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
    demo_page(
        site.resource_index,
        ResourcePage,
        slug="bookbug",
        title="Bookbug: free books and rhymes",
        report=report,
        kind=ResourceKind.LINK,
        summary="Free book bags for babies and toddlers, and song and rhyme sessions in libraries.",
        topics=[site.topics["Play and books"]],
        external_url="https://www.scottishbooktrust.com/bookbug",
    )

    # Local services ---------------------------------------------------------------
    local_service_ensure(
        "Library bus",
        areas=[borders],
        topics=[site.topics["Play and books"]],
        description=(
            "The mobile library visits the villages with books for babies and toddlers, and sometimes Bookbug rhymes."
        ),
        when="Every other week; ask at your group for the day it comes to your village.",
    )
    local_service_ensure(
        "Toddler groups",
        areas=[borders],
        topics=[site.topics["Play and books"]],
        description="Parent-run toddler groups in church and village halls: toys, songs and a snack.",
        when="Most villages, weekday mornings in term time.",
    )
    local_service_ensure(
        "Health visitors (Borders)",
        areas=[borders],
        topics=[site.topics["Health"], site.topics["Sleep"], site.topics["Feeling low"]],
        description="Your health visitor can help with feeding, sleep, development and how you are feeling.",
        phone="01896 000 000",
    )
    local_service_ensure(
        "Health visitors (Croydon)",
        areas=[croydon],
        topics=[site.topics["Health"], site.topics["Sleep"], site.topics["Feeling low"]],
        description="Health visitors work with every family with a child under five.",
        phone="020 7946 0000",
    )
    local_service_ensure(
        "Home visiting volunteers",
        areas=[croydon],
        topics=[site.topics["Feeling low"]],
        description="A trained volunteer visits you at home each week to support you and your family.",
    )
