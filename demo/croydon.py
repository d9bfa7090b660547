"""Croydon: a weekly women-only group for Muslim mums with a creche, and a run of workshops
with guest speakers (the first chosen by the project team, later ones by the mums)."""

import datetime as dt

from django.utils import timezone

from events.builders import venue_ensure
from events.models import AreaPage, GroupNewsPage, GroupPage, WorkshopPage
from events.recurrence import Repeats
from home.builders import image_ensure

from .base import DemoReport, demo_page, demo_sessions, groups_started_on, rich
from .site import DemoSite

THURSDAY = 3


def _workshop_date(day):
    return {
        "repeats": Repeats.ONCE,
        "starts_on": day,
        "ends_on": day,
        "start_time": dt.time(10, 30),
        "duration_minutes": 90,
        "places": 15,
        "creche_places": 10,
    }


def croydon_load(report: DemoReport, site: DemoSite):
    """The Croydon area, its group and the workshops; returns the area and the group."""
    croydon = demo_page(
        site.area_index,
        AreaPage,
        slug="croydon",
        title="Croydon",
        report=report,
        introduction="A weekly group for Muslim mums in Croydon, with a creche, talks and workshops.",
    )
    community_centre = venue_ensure(
        "Broad Green Community Centre",
        area=croydon,
        address="Canterbury Road\nCroydon",
        postcode="CR0 3HA",
        step_free_access=True,
        buggy_space=True,
        baby_changing=True,
        parking="A few spaces behind the centre. Street parking nearby.",
        public_transport="Buses 64 and 264 stop outside. West Croydon station is 15 minutes' walk.",
    )[0]
    mums_space = demo_page(
        croydon,
        GroupPage,
        slug="mums-space",
        title="Mum's Space",
        report=report,
        summary="A weekly women-only group for Muslim mums, with a creche for the little ones.",
        audiences=[site.audiences["mums"], site.audiences["muslim_mums"]],
        women_only=True,
        languages="English, Urdu, Bengali and Arabic",
        cost="Free",
        children_welcome=True,
        has_creche=True,
        leaders="Amina and Sara",
        venue=community_centre,
        # Asked again after a term rather than the usual weeks.
        check_in_later_weeks=12,
        image=report.record(image_ensure("Mum's Space playroom", ["#0b5d4b", "#f2c14e", "#f78154", "#4d9078"])),
        what_happens=rich(
            "A safe, private place to make friends and talk openly about family life. We share what we know, "
            "help each other with problems one step at a time, and welcome guest speakers.",
            "Your children play in the creche next door while you have tea and time to talk.",
        ),
        first_visit=rich(
            "Just come along. Amina or Sara will meet you at the door and show you the creche. "
            "Nobody will ask you to say anything you do not want to, and what is said in the group stays in the group.",
        ),
    )
    demo_sessions(
        mums_space,
        {"weekday": "tuesday", "places": 15, "creche_places": 10, "starts_on": groups_started_on()},
        report=report,
    )
    demo_page(
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
                rich(
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

    workshops = [
        {
            "slug": "your-health-visitor",
            "title": "Your health visitor and you",
            "speaker": "A health visitor from the local team",
            "summary": "What health visitors do, and how to get help between appointments.",
            "topics": [site.topics["Health"]],
            "dates": [today - dt.timedelta(days=56)],
            "chosen": False,
        },
        {
            "slug": "knowing-your-rights",
            "title": "Knowing your rights: money, housing and health",
            "speaker": "An adviser from a local advice service",
            "summary": "The help families are entitled to, and how to ask for it.",
            "topics": [site.topics["Money and rights"]],
            "dates": [today - dt.timedelta(days=28)],
            "chosen": False,
        },
        {
            "slug": "problem-solving",
            "title": "Solving problems one step at a time",
            "speaker": "The Mum's Space project worker",
            "summary": "A short course in three sessions: pick a problem, break it down, try a step, look back.",
            "topics": [site.topics["Feeling low"]],
            "dates": [next_weekday(THURSDAY, weeks=week) for week in range(3)],
            "chosen": False,
        },
        {
            "slug": "sleep-and-settling",
            "title": "Sleep and settling",
            "speaker": "A health visitor",
            "summary": "Bedtimes, night waking and what to try when everyone is tired.",
            "topics": [site.topics["Sleep"], site.topics["Health"]],
            "dates": [next_weekday(THURSDAY, weeks=4)],
            "chosen": True,
            "what_to_bring": "Questions! You can write them down beforehand if you prefer.",
        },
        {
            "slug": "getting-ready-for-school",
            "title": "Getting ready for school",
            "speaker": "A reception teacher from a local primary school",
            "summary": "How school admissions work, and small things that help children settle.",
            "topics": [site.topics["Starting school"]],
            "dates": [next_weekday(THURSDAY, weeks=7)],
            "chosen": True,
            "what_to_bring": "Your child's red book if you have questions about health checks.",
        },
    ]
    for workshop in workshops:
        page = demo_page(
            site.workshop_index,
            WorkshopPage,
            slug=workshop["slug"],
            title=workshop["title"],
            report=report,
            summary=workshop["summary"],
            speaker=workshop["speaker"],
            description=rich(
                workshop["summary"],
                "There is time for questions, and the creche is open as usual.",
            ),
            what_to_bring=workshop.get("what_to_bring", ""),
            chosen_by_participants=workshop["chosen"],
            topics=workshop["topics"],
            groups=[mums_space],
            venue=community_centre,
        )
        demo_sessions(page, *(_workshop_date(day) for day in workshop["dates"]), report=report, label="Dates")

    return croydon, mums_space
