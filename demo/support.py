"""Croydon's one-to-one support: its public page, a worker and a safeguarding lead, weekly
times for the next eight weeks, and two families who have asked for one.

The worker ("croydon-worker") gives structured problem-solving sessions: in person at
the community centre on Tuesdays after the group, and on Thursday evenings by phone or
video call. The safeguarding lead ("croydon-lead") also coordinates the Croydon pages.
Both are made here without a password; demo/logins.py gives them theirs.

The roles and times are made by the support services, as when staff name the worker and
the lead in the admin and the worker adds their times. The two requests are made by the
service a family's form calls, but nobody is emailed or texted at load: the families and
their addresses are invented (see `_requests_load`). A programme that already has its
worker, its lead, any times or any requests keeps them as they are, so loading twice
changes nothing.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from events.models import AreaPage, Venue
from events.recurrence import local_datetime
from messaging.services import messages_delete_about
from support.models import SupportPage, SupportRequest, SupportRole, SupportSlot
from support.services import (
    support_request_ask_other_time,
    support_request_create,
    support_role_add,
    support_slots_create,
)

from .base import DemoReport, demo_page, rich

WORKER = "croydon-worker"
LEAD = "croydon-lead"
SUPPORT_SLUG = "one-to-one"
SESSION_MINUTES = 50
WEEKS = 8
TUESDAY, THURSDAY = 1, 3

# (weekday, start, mode): in person after the Tuesday group, and in the evening by phone or video.
WEEKLY_TIMES = [
    (TUESDAY, dt.time(12, 30), SupportSlot.Mode.VENUE),
    (TUESDAY, dt.time(13, 30), SupportSlot.Mode.VENUE),
    (THURSDAY, dt.time(19, 0), SupportSlot.Mode.PHONE),
    (THURSDAY, dt.time(20, 0), SupportSlot.Mode.VIDEO),
]

INTRODUCTION = rich(
    "Sometimes it helps to talk to someone on your own. In a one-to-one session a trained worker helps you "
    "look at one problem at a time and find small steps you can try.",
    "It is free and private. You choose how to meet: by phone, by video call or at the community centre.",
)
HOW_IT_WORKS = rich(
    "A session lasts about 50 minutes. Together you choose one thing that feels hard now, break it into small "
    "steps and pick one to try before next time.",
    "What you say stays between you and the worker. Only if someone may be in danger does the worker talk to "
    "our safeguarding lead.",
)


def support_people_ensure():
    """The worker and the safeguarding lead, as users (demo/logins.py sets their passwords)."""
    users = get_user_model().objects
    people = []
    for username in (WORKER, LEAD):
        user = users.filter(username=username).first()
        if user is None:
            user = users.create_user(username=username, email=f"{username}@gather.example", password=None)
        people.append(user)
    return people


def support_page_load(report: DemoReport, croydon: AreaPage) -> SupportPage:
    return demo_page(
        croydon,
        SupportPage,
        slug=SUPPORT_SLUG,
        title="One-to-one support",
        report=report,
        introduction=INTRODUCTION,
        how_it_works=HOW_IT_WORKS,
    )


def _first_on(weekday: int, start: dt.time) -> dt.datetime:
    """The next `weekday` at `start`, from tomorrow on."""
    today = timezone.localdate()
    days_ahead = (weekday - today.weekday()) % 7 or 7
    return local_datetime(today + dt.timedelta(days=days_ahead), start)


def support_times_load(report: DemoReport, *, croydon: AreaPage, venue: Venue, worker) -> None:
    """The worker's weekly times for the next eight weeks, unless the programme has times already."""
    if SupportSlot.objects.filter(area=croydon).exists():
        return
    for weekday, start, mode in WEEKLY_TIMES:
        slots = support_slots_create(
            area=croydon,
            worker=worker,
            first_start=_first_on(weekday, start),
            length_minutes=SESSION_MINUTES,
            mode=mode,
            venue=venue if mode == SupportSlot.Mode.VENUE else None,
            repeat_weeks=WEEKS - 1,
        )
        report.note(f"{len(slots)} one-to-one times: {slots[0]}")


def _requests_load(report: DemoReport, croydon: AreaPage) -> None:
    """Two families waiting for the worker: one new request, and one who asked for another time.

    What the service queued to tell them and the worker is taken out again in the same
    transaction, so loading the demo sends nothing to invented addresses.
    """
    if SupportRequest.objects.filter(area=croydon).exists():
        return
    slots = list(SupportSlot.objects.filter(area=croydon).order_by("starts_at"))
    in_person = next(slot for slot in slots if slot.mode == SupportSlot.Mode.VENUE)
    by_phone = next(slot for slot in slots if slot.mode == SupportSlot.Mode.PHONE)
    shabana = support_request_create(
        slot=in_person,
        first_name="Shabana",
        email="shabana@example.org",
        phone="",
        texts_agreed=False,
        language="ur",
        about="I would like some help to plan my week with the children.",
        request_key=None,
    )
    rahima = support_request_create(
        slot=by_phone,
        first_name="Rahima",
        email="",
        phone="07700 900461",
        texts_agreed=True,
        language="bn",
        about="",
        request_key=None,
    )
    rahima = support_request_ask_other_time(request=rahima, wish="A Tuesday after the group would suit me better.")
    messages_delete_about(SupportRequest.objects.filter(pk__in=[shabana.pk, rahima.pk]))
    report.note("2 one-to-one requests")


def support_load(report: DemoReport, croydon: AreaPage, *, venue: Venue) -> SupportPage:
    """Croydon's one-to-one page, its worker and safeguarding lead, their times and two requests."""
    page = support_page_load(report, croydon)
    worker, lead = support_people_ensure()
    roles = SupportRole.objects.filter(area=croydon)
    if not roles.filter(user=worker, role=SupportRole.Kind.WORKER).exists():
        support_role_add(area=croydon, user=worker, role=SupportRole.Kind.WORKER)
        report.note(f"One-to-one worker for Croydon: {worker.username}")
    # One safeguarding lead per programme: one named in the admin since stays.
    if not roles.filter(role=SupportRole.Kind.LEAD).exists():
        support_role_add(area=croydon, user=lead, role=SupportRole.Kind.LEAD)
        report.note(f"Safeguarding lead for Croydon: {lead.username}")
    support_times_load(report, croydon=croydon, venue=venue, worker=worker)
    _requests_load(report, croydon)
    return page


# The page in each language, written for parents; demo/translations.py translates it with the others.
PAGE_TRANSLATIONS = {
    "ar": {
        "title": "جلسات دعم فردية",
        "introduction": rich(
            "أحيانًا يفيد أن تتحدثي مع شخص على انفراد. في الجلسة الفردية تساعدك عاملة مدرَّبة على النظر في "
            "مشكلة واحدة في كل مرة، وعلى إيجاد خطوات صغيرة يمكنك تجربتها.",
            "الجلسات مجانية وسرّية. وأنتِ تختارين طريقة اللقاء: بالهاتف، أو بمكالمة فيديو، أو في المركز المجتمعي.",
        ),
        "how_it_works": rich(
            "تستغرق الجلسة نحو 50 دقيقة. تختاران معًا أمرًا واحدًا يبدو صعبًا الآن، وتقسّمانه إلى خطوات صغيرة، "
            "وتختاران خطوة واحدة لتجربتها قبل المرة القادمة.",
            "ما تقولينه يبقى بينك وبين العاملة. ولا تتحدث العاملة إلى مسؤولة الحماية لدينا إلا إذا كان أحد في خطر.",
        ),
    },
    "ur": {
        "title": "ون ٹو ون مدد",
        "introduction": rich(
            "کبھی کبھی کسی سے اکیلے میں بات کرنے سے مدد ملتی ہے۔ ون ٹو ون ملاقات میں ایک تربیت یافتہ ورکر "
            "ایک وقت میں ایک مسئلہ دیکھنے میں آپ کی مدد کرتی ہیں، اور ایسے چھوٹے چھوٹے قدم ڈھونڈنے میں جو آپ "
            "آزما سکیں۔",
            "یہ مفت اور رازدارانہ ہے۔ ملنے کا طریقہ آپ خود چنیں: فون پر، ویڈیو کال پر یا کمیونٹی سینٹر میں۔",
        ),
        "how_it_works": rich(
            "ایک ملاقات تقریباً 50 منٹ کی ہوتی ہے۔ آپ دونوں مل کر کوئی ایک بات چنتی ہیں جو ابھی مشکل لگ رہی ہو، "
            "اسے چھوٹے قدموں میں بانٹتی ہیں، اور اگلی ملاقات سے پہلے آزمانے کے لیے ایک قدم چنتی ہیں۔",
            "آپ جو کہیں گی وہ آپ اور ورکر کے درمیان رہے گا۔ صرف اس صورت میں کہ کسی کو خطرہ ہو، ورکر ہماری "
            "سیف گارڈنگ لیڈ (حفاظت کی ذمہ دار) سے بات کرتی ہیں۔",
        ),
    },
    "bn": {
        "title": "ওয়ান-টু-ওয়ান সহায়তা",
        "introduction": rich(
            "কখনো কখনো একা কারো সাথে কথা বললে উপকার হয়। ওয়ান-টু-ওয়ান সেশনে একজন প্রশিক্ষিত কর্মী আপনার "
            "সাথে একবারে একটি সমস্যা দেখেন, আর এমন ছোট ছোট ধাপ খুঁজে পেতে সাহায্য করেন যা আপনি চেষ্টা করে "
            "দেখতে পারেন।",
            "এটি বিনামূল্যে এবং গোপনীয়। কীভাবে দেখা করবেন, আপনিই বেছে নিন: ফোনে, ভিডিও কলে বা কমিউনিটি সেন্টারে।",
        ),
        "how_it_works": rich(
            "একটি সেশন প্রায় ৫০ মিনিটের। দুজনে মিলে এখন কঠিন লাগছে এমন একটি বিষয় বেছে নেবেন, সেটাকে ছোট ছোট "
            "ধাপে ভাগ করবেন, আর পরের বারের আগে চেষ্টা করার জন্য একটি ধাপ বেছে নেবেন।",
            "আপনি যা বলবেন, তা আপনার আর কর্মীর মধ্যেই থাকবে। শুধু কেউ বিপদে থাকতে পারে মনে হলে কর্মী আমাদের "
            "সেফগার্ডিং লিডের (সুরক্ষার দায়িত্বে থাকা ব্যক্তি) সাথে কথা বলেন।",
        ),
    },
    "pl": {
        "title": "Wsparcie indywidualne",
        "introduction": rich(
            "Czasem pomaga porozmawiać z kimś w cztery oczy. Na spotkaniu indywidualnym przeszkolona osoba pomaga "
            "Ci przyjrzeć się jednemu problemowi naraz i znaleźć małe kroki, które możesz wypróbować.",
            "Spotkania są bezpłatne i poufne. Ty wybierasz, jak się spotkać: przez telefon, przez wideorozmowę "
            "albo osobiście w naszym ośrodku (community centre).",
        ),
        "how_it_works": rich(
            "Spotkanie trwa około 50 minut. Razem wybieracie jedną rzecz, która jest teraz trudna, dzielicie ją "
            "na małe kroki i wybieracie jeden, który spróbujesz zrobić przed następnym spotkaniem.",
            "To, co powiesz, zostaje między Tobą a osobą, z którą się spotykasz. Tylko gdy ktoś może być "
            "w niebezpieczeństwie, rozmawia ona z naszą osobą odpowiedzialną za bezpieczeństwo (safeguarding lead).",
        ),
    },
}
