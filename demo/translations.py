"""The demo in Arabic, Urdu, Bengali and Polish: every English page's twin in each
other language, and real translations of the pages a Croydon family reads first.

Once the English content is made, wagtail-localize's `synchronize_tree` gives every
English page a twin in each other language's tree: an alias that shows the English
until someone translates it (home/localization.py). The pages in TRANSLATIONS are then
translated: their twin stops being an alias and gets the text below, as happens when a
translation is first saved in wagtail-localize. A twin keeps the English page's slug
and a copy of its schedules, but only the English page's schedules make sessions, so
translating adds no sessions, and a booking made from /ar/ takes a place in the same
session as one made in English.

A twin that is already a page of its own (translated here before, or by staff) is
left as it is, so loading twice changes nothing.

The texts are written for parents, not word for word. Names stay names (Mum's Space,
Croydon, Amina and Sara), with the name in the language's own script in brackets
where that helps.
"""

from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import Locale, Page
from wagtail_localize.synctree import PageIndex, synchronize_tree

from home.builders import publish
from home.localization import default_locale
from home.models import Audience, AudienceName, HomePage, Topic, TopicName

from .base import DemoReport, bullets, rich
from .support import PAGE_TRANSLATIONS as SUPPORT_PAGE_TRANSLATIONS
from .support import SUPPORT_SLUG

# The home page, whatever its slug (home_ensure picks one that is free).
HOME = "home"


# "There is time for questions, and the creche is open as usual.", after each workshop's summary.
_QUESTIONS = {
    "ar": "هناك وقت للأسئلة، والحضانة مفتوحة كالمعتاد.",
    "ur": "سوالات کے لیے بھی وقت ہوگا، اور کریش ہمیشہ کی طرح کھلا رہے گا۔",
    "bn": "প্রশ্ন করার সময় থাকবে, আর ক্রেশ যথারীতি খোলা থাকবে।",
    "pl": "Będzie czas na pytania, a opieka nad dziećmi działa jak zwykle.",
}


def _workshop(language, *, title, speaker, summary, what_to_bring=""):
    fields = {
        "title": title,
        "speaker": speaker,
        "summary": summary,
        "description": rich(summary, _QUESTIONS[language]),
    }
    if what_to_bring:
        fields["what_to_bring"] = what_to_bring
    return fields


def _privacy(
    *, title, introduction, what_we_keep, keep_text, keep_items, who_sees_it, who_text, check_ins, check_in_text
):
    return {
        "title": title,
        "introduction": introduction,
        "body": [
            ("heading", {"text": what_we_keep, "size": "h2"}),
            ("paragraph", rich(keep_text) + bullets(*keep_items)),
            ("heading", {"text": who_sees_it, "size": "h2"}),
            ("paragraph", rich(*who_text)),
            ("heading", {"text": check_ins, "size": "h2"}),
            ("paragraph", rich(*check_in_text)),
        ],
    }


# Page slug -> language code -> the page's translated fields.
TRANSLATIONS: dict[str, dict[str, dict]] = {
    HOME: {
        "ar": {
            "title": "ابحث عن مجموعة قريبة منك",
            "introduction": (
                "مجموعات ودودة يلتقي فيها أهالي الرضّع والأطفال الصغار ليتحدثوا ويساند بعضهم بعضًا. "
                "ابحث عن مجموعة قريبة منك، واعرف متى تلتقي، وتعال إلينا."
            ),
        },
        "ur": {
            "title": "اپنے قریب کوئی گروپ تلاش کریں",
            "introduction": (
                "دوستانہ گروپ جہاں شیرخوار اور چھوٹے بچوں کے والدین ملتے ہیں، بات چیت کرتے ہیں اور ایک دوسرے کا "
                "ساتھ دیتے ہیں۔ اپنے قریب کوئی گروپ ڈھونڈیں، دیکھیں کہ وہ کب ملتا ہے، اور بس چلے آئیں۔"
            ),
        },
        "bn": {
            "title": "আপনার কাছাকাছি একটি গ্রুপ খুঁজুন",
            "introduction": (
                "বন্ধুত্বপূর্ণ গ্রুপ, যেখানে ছোট শিশু ও বাচ্চাদের মা-বাবারা একসাথে হন, কথা বলেন আর একে অপরকে "
                "সাহায্য করেন। আপনার কাছাকাছি একটি গ্রুপ খুঁজে নিন, কবে দেখা হয় তা দেখে নিন, তারপর চলে আসুন।"
            ),
        },
        "pl": {
            "title": "Znajdź grupę w pobliżu",
            "introduction": (
                "Przyjazne grupy, w których rodzice niemowląt i małych dzieci spotykają się, rozmawiają i pomagają "
                "sobie nawzajem. Znajdź grupę blisko siebie, sprawdź, kiedy się spotyka, i po prostu przyjdź."
            ),
        },
    },
    "groups": {
        "ar": {
            "title": "مجموعات قريبة منك",
            "introduction": "اختر منطقتك لترى مجموعاتها، وأين تلتقي ومتى.",
        },
        "ur": {
            "title": "آپ کے قریب گروپ",
            "introduction": "اپنا علاقہ چنیں اور دیکھیں کہ وہاں کون سے گروپ ہیں، وہ کہاں اور کب ملتے ہیں۔",
        },
        "bn": {
            "title": "আপনার কাছাকাছি গ্রুপ",
            "introduction": "আপনার এলাকা বেছে নিন, তাহলে দেখতে পাবেন সেখানে কোন কোন গ্রুপ আছে, কোথায় আর কখন দেখা হয়।",
        },
        "pl": {
            "title": "Grupy w pobliżu",
            "introduction": "Wybierz swoją okolicę, aby zobaczyć jej grupy oraz gdzie i kiedy się spotykają.",
        },
    },
    "workshops": {
        "ar": {
            "title": "ورش عمل وضيوف متحدثون",
            "introduction": "ضيوف يتحدثون إلينا وورش عمل عملية. بعد الورش الأولى، تختار الأمهات المواضيع بأنفسهن.",
        },
        "ur": {
            "title": "ورکشاپس اور مہمان مقررین",
            "introduction": "مہمان مقررین اور عملی ورکشاپس۔ پہلی چند ورکشاپس کے بعد موضوعات مائیں خود چنتی ہیں۔",
        },
        "bn": {
            "title": "কর্মশালা ও অতিথি বক্তা",
            "introduction": "অতিথি বক্তা আর হাতে-কলমে কর্মশালা। প্রথম কয়েকটির পর মায়েরা নিজেরাই বিষয় বেছে নেন।",
        },
        "pl": {
            "title": "Warsztaty i goście",
            "introduction": (
                "Spotkania z zaproszonymi gośćmi i praktyczne warsztaty. "
                "Po kilku pierwszych tematy wybierają same mamy."
            ),
        },
    },
    "croydon": {
        "ar": {
            "title": "Croydon (كرويدون)",
            "introduction": "مجموعة أسبوعية للأمهات المسلمات في كرويدون، مع حضانة للأطفال ولقاءات مع ضيوف وورش عمل.",
        },
        "ur": {
            "title": "Croydon (کرائیڈن)",
            "introduction": (
                "کرائیڈن میں مسلمان ماؤں کے لیے ہفتہ وار گروپ، جہاں بچوں کی دیکھ بھال (کریش)، "
                "مہمانوں سے گفتگو اور ورکشاپس ہوتی ہیں۔"
            ),
        },
        "bn": {
            "title": "Croydon (ক্রয়ডন)",
            "introduction": "ক্রয়ডনে মুসলিম মায়েদের জন্য সাপ্তাহিক গ্রুপ, সাথে বাচ্চাদের জন্য ক্রেশ, আলোচনা ও কর্মশালা।",
        },
        "pl": {
            "title": "Croydon",
            "introduction": (
                "Cotygodniowa grupa dla mam muzułmanek w Croydon, z opieką nad dziećmi na miejscu, "
                "spotkaniami z gośćmi i warsztatami."
            ),
        },
    },
    "mums-space": {
        "ar": {
            "title": "Mum's Space (مامز سبيس)",
            "summary": "مجموعة أسبوعية للنساء فقط، للأمهات المسلمات، مع حضانة للصغار.",
            "languages": "الإنجليزية والأردية والبنغالية والعربية",
            "cost": "مجانًا",
            "leaders": "أمينة وسارة (Amina and Sara)",
            "what_happens": rich(
                "مكان آمن وخاص تتعرّفين فيه على صديقات جديدات وتتحدثين بحرية عن حياة العائلة. "
                "نتبادل ما نعرفه، ونساعد بعضنا في حل المشكلات خطوة بخطوة، ونستقبل ضيوفًا متحدثين.",
                "يلعب أطفالك في الحضانة المجاورة، بينما تشربين الشاي وتأخذين وقتك في الحديث.",
            ),
            "first_visit": rich(
                "تعالي فقط. ستستقبلك أمينة أو سارة عند الباب وتُريكِ الحضانة. "
                "لن يطلب منك أحد أن تقولي شيئًا لا تريدين قوله، وما يُقال في المجموعة يبقى في المجموعة.",
            ),
        },
        "ur": {
            "title": "Mum's Space (مامز اسپیس)",
            "summary": "مسلمان ماؤں کے لیے صرف خواتین کا ہفتہ وار گروپ، جہاں چھوٹے بچوں کے لیے کریش بھی ہے۔",
            "languages": "انگریزی، اردو، بنگالی اور عربی",
            "cost": "مفت",
            "leaders": "امینہ اور سارہ (Amina and Sara)",
            "what_happens": rich(
                "ایک محفوظ اور نجی جگہ جہاں آپ نئی سہیلیاں بنا سکتی ہیں اور خاندانی زندگی کے بارے میں کھل کر بات کر "
                "سکتی ہیں۔ ہم جو جانتے ہیں وہ ایک دوسرے کو بتاتے ہیں، مسئلوں کو ایک ایک قدم کر کے حل کرنے میں ایک "
                "دوسرے کی مدد کرتے ہیں، اور مہمان مقررین کو بھی بلاتے ہیں۔",
                "آپ کے بچے ساتھ والے کمرے میں کریش میں کھیلتے ہیں، اور آپ چائے پیتے ہوئے آرام سے بات چیت کر سکتی ہیں۔",
            ),
            "first_visit": rich(
                "بس چلی آئیں۔ امینہ یا سارہ دروازے پر آپ کا استقبال کریں گی اور آپ کو کریش دکھائیں گی۔ "
                "کوئی آپ سے ایسی بات کہنے کو نہیں کہے گا جو آپ نہ کہنا چاہیں، اور گروپ میں جو بات ہوتی ہے "
                "وہ گروپ ہی میں رہتی ہے۔",
            ),
        },
        "bn": {
            "title": "Mum's Space (মামস স্পেস)",
            "summary": "মুসলিম মায়েদের জন্য শুধু মহিলাদের সাপ্তাহিক গ্রুপ, ছোটদের জন্য আছে ক্রেশ।",
            "languages": "ইংরেজি, উর্দু, বাংলা ও আরবি",
            "cost": "বিনামূল্যে",
            "leaders": "আমিনা ও সারা (Amina and Sara)",
            "what_happens": rich(
                "একটি নিরাপদ ও নিরিবিলি জায়গা, যেখানে নতুন বন্ধু হয় আর পরিবারের কথা খোলামেলা বলা যায়। "
                "আমরা যা জানি তা ভাগ করে নিই, সমস্যায় একে অপরকে ধাপে ধাপে সাহায্য করি, "
                "আর অতিথি বক্তাদের স্বাগত জানাই।",
                "পাশের ঘরে ক্রেশে আপনার বাচ্চারা খেলা করে, আর আপনি চা খেতে খেতে নিশ্চিন্তে গল্প করতে পারেন।",
            ),
            "first_visit": rich(
                "শুধু চলে আসুন। আমিনা বা সারা দরজায় আপনাকে স্বাগত জানাবেন আর ক্রেশটা দেখিয়ে দেবেন। "
                "আপনি যা বলতে চান না, তা বলতে কেউ আপনাকে বলবে না, আর গ্রুপে যা বলা হয়, তা গ্রুপের মধ্যেই থাকে।",
            ),
        },
        "pl": {
            "title": "Mum's Space",
            "summary": "Cotygodniowa grupa tylko dla kobiet, dla mam muzułmanek, z opieką dla najmłodszych.",
            "languages": "Angielski, urdu, bengalski i arabski",
            "cost": "Bezpłatnie",
            "leaders": "Amina i Sara",
            "what_happens": rich(
                "Bezpieczne, kameralne miejsce, w którym można się zaprzyjaźnić i otwarcie porozmawiać o życiu "
                "rodzinnym. Dzielimy się tym, co wiemy, pomagamy sobie krok po kroku rozwiązywać problemy "
                "i zapraszamy gości.",
                "Twoje dzieci bawią się pod opieką w sali obok, a Ty możesz spokojnie napić się herbaty i porozmawiać.",
            ),
            "first_visit": rich(
                "Po prostu przyjdź. Amina lub Sara przywitają Cię przy drzwiach i pokażą, gdzie bawią się dzieci. "
                "Nikt nie poprosi Cię, żebyś mówiła coś, czego nie chcesz, a to, co zostanie powiedziane w grupie, "
                "zostaje w grupie.",
            ),
        },
    },
    "your-health-visitor": {
        "ar": _workshop(
            "ar",
            title="أنتِ والزائرة الصحية (Health Visitor)",
            speaker="زائرة صحية من الفريق المحلي",
            summary="ماذا تفعل الزائرة الصحية، وكيف تحصلين على المساعدة بين المواعيد.",
        ),
        "ur": _workshop(
            "ur",
            title="آپ کی ہیلتھ وزیٹر اور آپ",
            speaker="مقامی ٹیم کی ایک ہیلتھ وزیٹر",
            summary="ہیلتھ وزیٹر کیا کام کرتی ہیں، اور ملاقاتوں کے درمیان مدد کیسے حاصل کی جائے۔",
        ),
        "bn": _workshop(
            "bn",
            title="আপনার হেলথ ভিজিটর ও আপনি",
            speaker="স্থানীয় টিমের একজন হেলথ ভিজিটর",
            summary="হেলথ ভিজিটররা কী করেন, আর দুই অ্যাপয়েন্টমেন্টের মাঝখানে কীভাবে সাহায্য পাবেন।",
        ),
        "pl": _workshop(
            "pl",
            title="Twoja pielęgniarka środowiskowa (health visitor) i Ty",
            speaker="Pielęgniarka środowiskowa z lokalnego zespołu",
            summary="Czym zajmują się pielęgniarki środowiskowe (health visitors) i jak uzyskać pomoc między wizytami.",
        ),
    },
    "knowing-your-rights": {
        "ar": _workshop(
            "ar",
            title="اعرفي حقوقك: المال والسكن والصحة",
            speaker="مستشار من خدمة استشارات محلية",
            summary="المساعدة التي يحق للعائلات الحصول عليها، وكيف تطلبينها.",
        ),
        "ur": _workshop(
            "ur",
            title="اپنے حقوق جانیں: پیسہ، رہائش اور صحت",
            speaker="مقامی ایڈوائس سروس کا ایک مشیر",
            summary="وہ مدد جس کے خاندان حقدار ہیں، اور اسے کیسے مانگا جائے۔",
        ),
        "bn": _workshop(
            "bn",
            title="নিজের অধিকার জানুন: টাকাপয়সা, বাসস্থান ও স্বাস্থ্য",
            speaker="স্থানীয় একটি পরামর্শ সেবার একজন উপদেষ্টা",
            summary="পরিবারগুলো কী কী সাহায্য পাওয়ার অধিকারী, আর তা কীভাবে চাইবেন।",
        ),
        "pl": _workshop(
            "pl",
            title="Poznaj swoje prawa: pieniądze, mieszkanie i zdrowie",
            speaker="Doradca z lokalnego punktu porad",
            summary="Jaka pomoc przysługuje rodzinom i jak o nią poprosić.",
        ),
    },
    "problem-solving": {
        "ar": _workshop(
            "ar",
            title="حل المشكلات خطوة بخطوة",
            speaker="منسّقة مشروع Mum's Space",
            summary=("دورة قصيرة من ثلاث جلسات: اختاري مشكلة، وقسّميها إلى أجزاء صغيرة، وجرّبي خطوة، ثم انظري كيف سارت."),
        ),
        "ur": _workshop(
            "ur",
            title="مسئلوں کو ایک ایک قدم کر کے حل کرنا",
            speaker="Mum's Space کی پروجیکٹ ورکر",
            summary=(
                "تین نشستوں کا مختصر کورس: ایک مسئلہ چنیں، اسے چھوٹے حصوں میں بانٹیں، ایک قدم آزمائیں، "
                "پھر دیکھیں کہ کیسا رہا۔"
            ),
        ),
        "bn": _workshop(
            "bn",
            title="ধাপে ধাপে সমস্যার সমাধান",
            speaker="Mum's Space-এর প্রজেক্ট কর্মী",
            summary=(
                "তিনটি সেশনের ছোট একটি কোর্স: একটি সমস্যা বেছে নিন, সেটাকে ছোট ছোট ভাগে ভাঙুন, "
                "একটি ধাপ চেষ্টা করুন, তারপর ফিরে দেখুন কেমন হলো।"
            ),
        ),
        "pl": _workshop(
            "pl",
            title="Rozwiązywanie problemów krok po kroku",
            speaker="Koordynatorka projektu Mum's Space",
            summary=(
                "Krótki kurs w trzech spotkaniach: wybierz problem, podziel go na mniejsze części, "
                "spróbuj jednego kroku i zobacz, jak poszło."
            ),
        ),
    },
    "sleep-and-settling": {
        "ar": _workshop(
            "ar",
            title="النوم وتهدئة الطفل",
            speaker="زائرة صحية (Health Visitor)",
            summary="مواعيد النوم، والاستيقاظ في الليل، وما يمكن تجربته حين يكون الجميع متعبين.",
            what_to_bring="أسئلتك! ويمكنك كتابتها مسبقًا إن أحببتِ.",
        ),
        "ur": _workshop(
            "ur",
            title="نیند اور بچے کو سلانا",
            speaker="ایک ہیلتھ وزیٹر",
            summary="سونے کا وقت، رات کو بار بار جاگنا، اور جب سب تھکے ہوں تو کیا آزمایا جائے۔",
            what_to_bring="اپنے سوالات! چاہیں تو پہلے سے لکھ کر لے آئیں۔",
        ),
        "bn": _workshop(
            "bn",
            title="ঘুম ও বাচ্চাকে শান্ত করা",
            speaker="একজন হেলথ ভিজিটর",
            summary="ঘুমানোর সময়, রাতে বারবার জেগে ওঠা, আর সবাই যখন ক্লান্ত তখন কী চেষ্টা করে দেখা যায়।",
            what_to_bring="আপনার প্রশ্নগুলো! চাইলে আগে থেকে লিখে আনতে পারেন।",
        ),
        "pl": _workshop(
            "pl",
            title="Sen i usypianie",
            speaker="Pielęgniarka środowiskowa (health visitor)",
            summary="Pora snu, nocne pobudki i co można spróbować, gdy wszyscy są zmęczeni.",
            what_to_bring="Pytania! Jeśli wolisz, zapisz je wcześniej.",
        ),
    },
    "getting-ready-for-school": {
        "ar": _workshop(
            "ar",
            title="الاستعداد للمدرسة",
            speaker="معلّمة صف الاستقبال (Reception) من مدرسة ابتدائية محلية",
            summary="كيف يتم التسجيل في المدارس، وأشياء صغيرة تساعد الأطفال على التأقلم.",
            what_to_bring="الكتيّب الأحمر لطفلك (Red Book) إن كانت لديك أسئلة عن الفحوصات الصحية.",
        ),
        "ur": _workshop(
            "ur",
            title="اسکول کی تیاری",
            speaker="مقامی پرائمری اسکول کی ریسیپشن کلاس کی ٹیچر",
            summary=(
                "اسکول میں داخلہ کیسے ہوتا ہے، اور وہ چھوٹی چھوٹی باتیں جو بچوں کو نئے ماحول میں گھلنے ملنے میں "
                "مدد دیتی ہیں۔"
            ),
            what_to_bring="اگر صحت کے معائنوں کے بارے میں سوالات ہوں تو اپنے بچے کی ریڈ بک (صحت کا سرخ کتابچہ)۔",
        ),
        "bn": _workshop(
            "bn",
            title="স্কুলের জন্য প্রস্তুতি",
            speaker="স্থানীয় প্রাইমারি স্কুলের রিসেপশন ক্লাসের একজন শিক্ষক",
            summary="স্কুলে ভর্তি কীভাবে হয়, আর ছোট ছোট কী কী জিনিস বাচ্চাদের মানিয়ে নিতে সাহায্য করে।",
            what_to_bring="স্বাস্থ্য পরীক্ষা নিয়ে প্রশ্ন থাকলে আপনার বাচ্চার রেড বুক (লাল স্বাস্থ্য বই)।",
        ),
        "pl": _workshop(
            "pl",
            title="Przygotowanie do szkoły",
            speaker="Nauczycielka zerówki (reception) z pobliskiej szkoły podstawowej",
            summary="Jak wygląda zapisywanie dziecka do szkoły i drobiazgi, które pomagają dzieciom się odnaleźć.",
            what_to_bring="Czerwoną książeczkę zdrowia dziecka (red book), jeśli masz pytania o badania kontrolne.",
        ),
    },
    "privacy": {
        "ar": _privacy(
            title="الخصوصية",
            introduction="ما نحتفظ به من معلوماتك عندما تحجز مكانًا، وإلى متى.",
            what_we_keep="ما نحتفظ به",
            keep_text="اسمك الأول، وبريد إلكتروني أو رقم هاتف لنخبرك إذا تغيّر موعد إحدى الجلسات.",
            keep_items=[
                "عدد الكبار والأطفال القادمين، وأعمار الأطفال إن أخبرتنا بها",
                "أي شيء يساعدك على المشاركة، مثل مدخل بلا درجات، إن اخترت أن تخبرنا به",
            ],
            who_sees_it="من يطّلع عليها",
            who_text=[
                "قادة المجموعة التي تحجز فيها وموظفونا فقط. لا نشاركها مع أحد ولا نبيعها أبدًا.",
                "يمكنك أن تطلب منا نسخة منها، أو أن نحذفها، في أي وقت. "
                "وفي كل الأحوال نحذفها بعد سنة من آخر جلسة حضرتها.",
            ],
            check_ins="أسئلة المتابعة: هل تساعدك المجموعة؟",
            check_in_text=[
                "في اليوم التالي لأول جلسة تحضرها في مجموعة، ثم مرة أخرى بعد بضعة أسابيع، نرسل إليك رابطًا لثلاثة "
                "أسئلة قصيرة: كم مرة تشعر بالوحدة، وإلى أي حد شعرت بالترحيب في المجموعة، وهل استعنت بخدمة محلية "
                "سمعت عنها هناك. الإجابة اختيارية، ويمكنك ترك أي سؤال دون إجابة.",
                "لا ترتبط إجاباتك بك: لا باسمك، ولا ببريدك الإلكتروني أو رقم هاتفك، ولا بحجوزاتك. "
                "يعمل كل رابط مرة واحدة فقط، ويتوقف عن العمل بعد أربعة أسابيع.",
                "لا نحتفظ إلا بالإجابات، مع المجموعة والشهر، وهل كانت المتابعة الأولى أم اللاحقة. "
                "ولا تظهر في التقارير إلا مجاميعَ من خمس إجابات أو أكثر.",
            ],
        ),
        "ur": _privacy(
            title="رازداری",
            introduction="جب آپ کوئی جگہ بک کرتے ہیں تو ہم آپ کے بارے میں کیا رکھتے ہیں، اور کب تک۔",
            what_we_keep="ہم کیا رکھتے ہیں",
            keep_text=(
                "آپ کا پہلا نام، اور ایک ای میل پتہ یا فون نمبر، تاکہ اگر کسی نشست میں کوئی تبدیلی ہو "
                "تو ہم آپ کو بتا سکیں۔"
            ),
            keep_items=[
                "کتنے بڑے اور کتنے بچے آ رہے ہیں، اور اگر آپ بتائیں تو بچوں کی عمریں",
                "کوئی بھی بات جس سے آپ کو شامل ہونے میں آسانی ہو، جیسے سیڑھیوں کے بغیر راستہ، اگر آپ بتانا چاہیں",
            ],
            who_sees_it="اسے کون دیکھتا ہے",
            who_text=[
                "صرف اس گروپ کے منتظمین جس میں آپ بکنگ کرتے ہیں، اور ہمارا عملہ۔ "
                "ہم اسے نہ کبھی کسی کو دیتے ہیں اور نہ بیچتے ہیں۔",
                "آپ کسی بھی وقت ہم سے اس کی نقل مانگ سکتے ہیں، یا اسے مٹانے کو کہہ سکتے ہیں۔ "
                "ویسے بھی ہم آپ کی آخری نشست کے ایک سال بعد اسے مٹا دیتے ہیں۔",
            ],
            check_ins="چیک اِن: کیا گروپ سے مدد مل رہی ہے؟",
            check_in_text=[
                "کسی گروپ میں آپ کی پہلی نشست کے اگلے دن، اور پھر کچھ ہفتوں بعد، ہم آپ کو تین مختصر سوالوں کا ایک "
                "لنک بھیجتے ہیں: آپ کتنی بار تنہائی محسوس کرتے ہیں، گروپ میں آپ کو کتنا خوش آمدید محسوس ہوا، اور کیا "
                "آپ نے کوئی ایسی مقامی سروس استعمال کی ہے جس کے بارے میں آپ نے وہاں سنا تھا۔ جواب دینا آپ کی مرضی "
                "ہے، اور آپ کوئی بھی سوال چھوڑ سکتے ہیں۔",
                "آپ کے جوابات آپ سے منسلک نہیں ہوتے: نہ آپ کے نام سے، نہ ای میل پتے یا فون نمبر سے، اور نہ آپ کی "
                "بکنگ سے۔ ہر لنک صرف ایک بار کام کرتا ہے اور چار ہفتوں کے بعد ختم ہو جاتا ہے۔",
                "ہم صرف جوابات رکھتے ہیں، ان کے ساتھ گروپ، مہینہ، اور یہ کہ یہ پہلا چیک اِن تھا یا بعد والا۔ "
                "رپورٹوں میں یہ صرف کم از کم پانچ جوابات کے مجموعے کی صورت میں دکھائے جاتے ہیں۔",
            ],
        ),
        "bn": _privacy(
            title="গোপনীয়তা",
            introduction="আপনি জায়গা বুক করলে আপনার সম্পর্কে আমরা কী রাখি, আর কতদিন রাখি।",
            what_we_keep="আমরা কী রাখি",
            keep_text=(
                "আপনার নামের প্রথম অংশ, আর একটি ইমেইল ঠিকানা বা ফোন নম্বর, যাতে কোনো সেশনে পরিবর্তন হলে আমরা আপনাকে জানাতে পারি।"
            ),
            keep_items=[
                "কতজন বড় আর কতজন বাচ্চা আসছে, আর আপনি জানালে বাচ্চাদের বয়স",
                "অংশ নিতে আপনার সুবিধা হয় এমন যেকোনো কিছু, যেমন সিঁড়ি ছাড়া ঢোকার পথ, যদি আপনি জানাতে চান",
            ],
            who_sees_it="কারা এটা দেখতে পান",
            who_text=[
                "শুধু যে গ্রুপে আপনি বুক করেন তার পরিচালকেরা, আর আমাদের কর্মীরা। আমরা কখনো এটা কারও সাথে শেয়ার করি না, বিক্রিও করি না।",
                "আপনি যেকোনো সময় আমাদের কাছে এর একটি কপি চাইতে পারেন, বা মুছে ফেলতে বলতে পারেন। "
                "না বললেও, আপনার শেষ সেশনের এক বছর পর আমরা এটা মুছে ফেলি।",
            ],
            check_ins="চেক-ইন: গ্রুপটি কি সাহায্য করছে?",
            check_in_text=[
                "কোনো গ্রুপে আপনার প্রথম সেশনের পরের দিন, আর আবার কয়েক সপ্তাহ পরে, আমরা আপনাকে তিনটি ছোট "
                "প্রশ্নের একটি লিংক পাঠাই: আপনি কত ঘন ঘন একা বোধ করেন, গ্রুপে আপনাকে কতটা আন্তরিকভাবে স্বাগত "
                "জানানো হয়েছে বলে মনে হয়েছে, আর সেখানে শোনা কোনো স্থানীয় পরিষেবা আপনি ব্যবহার করেছেন কি না। "
                "উত্তর দেওয়া আপনার ইচ্ছা, আর যেকোনো প্রশ্ন বাদ দিতে পারেন।",
                "আপনার উত্তর আপনার সাথে যুক্ত থাকে না: আপনার নাম, ইমেইল ঠিকানা বা ফোন নম্বর, বা আপনার বুকিং, "
                "কোনোটির সাথেই না। প্রতিটি লিংক একবারই কাজ করে, আর চার সপ্তাহ পরে বন্ধ হয়ে যায়।",
                "আমরা শুধু উত্তরগুলো রাখি, সাথে গ্রুপ, মাস, আর সেটি প্রথম না পরের চেক-ইন ছিল। রিপোর্টে এগুলো "
                "শুধু অন্তত পাঁচটি উত্তরের মোট হিসেবে দেখানো হয়।",
            ],
        ),
        "pl": _privacy(
            title="Prywatność",
            introduction="Jakie informacje o Tobie przechowujemy, gdy rezerwujesz miejsce, i jak długo.",
            what_we_keep="Co przechowujemy",
            keep_text=(
                "Twoje imię oraz adres e-mail lub numer telefonu, abyśmy mogli dać Ci znać, gdy spotkanie się zmieni."
            ),
            keep_items=[
                "ile osób dorosłych i dzieci przyjdzie, a także wiek dzieci, jeśli go podasz",
                "wszystko, co pomoże Ci wziąć udział, na przykład wejście bez schodów, "
                "jeśli zechcesz nam o tym powiedzieć",
            ],
            who_sees_it="Kto to widzi",
            who_text=[
                "Tylko prowadzący grupę, w której rezerwujesz, i nasi pracownicy. "
                "Nigdy nikomu tego nie udostępniamy ani nie sprzedajemy.",
                "W każdej chwili możesz poprosić nas o kopię albo o usunięcie tych danych. "
                "I tak usuwamy je rok po Twoim ostatnim spotkaniu.",
            ],
            check_ins="Krótkie ankiety: czy grupa pomaga?",
            check_in_text=[
                "Dzień po Twoim pierwszym spotkaniu w grupie, a potem jeszcze raz po kilku tygodniach, wysyłamy Ci "
                "link do trzech krótkich pytań: jak często doskwiera Ci samotność, jak serdecznie przyjęto Cię w "
                "grupie i czy korzystasz z jakiejś lokalnej usługi, o której była mowa w grupie. Odpowiedź jest "
                "dobrowolna i każde pytanie możesz pominąć.",
                "Twoje odpowiedzi nie są z Tobą powiązane: ani z imieniem, ani z adresem e-mail czy numerem telefonu, "
                "ani z rezerwacjami. Każdy link działa tylko raz i wygasa po czterech tygodniach.",
                "Przechowujemy tylko same odpowiedzi, razem z grupą, miesiącem i informacją, czy była to pierwsza, "
                "czy późniejsza ankieta. W raportach pokazujemy je wyłącznie jako sumy "
                "z co najmniej pięciu odpowiedzi.",
            ],
        ),
    },
}


def twins_ensure(report: DemoReport) -> None:
    """A twin of every English page in each other language's tree (aliases, until translated)."""
    english = default_locale()
    # One index of the English tree serves every language.
    index = PageIndex.from_database().sort_by_tree_position()
    for locale in Locale.objects.exclude(pk=english.pk).order_by("language_code"):
        before = Page.objects.filter(locale=locale).count()
        synchronize_tree(english, locale, page_index=index)
        added = Page.objects.filter(locale=locale).count() - before
        if added:
            report.note(f"{added} pages in {locale.get_display_name()}, showing the English until translated")


def english_page(slug: str) -> Page:
    """The English page TRANSLATIONS calls `slug`."""
    pages = Page.objects.filter(locale=default_locale(), alias_of__isnull=True)
    if slug == HOME:
        return pages.type(HomePage).get().specific
    return pages.get(slug=slug).specific


def translation_ensure(source: Page, locale: Locale, fields: dict):
    """`source`'s page in `locale` with `fields`, made from its alias twin if it is still one.

    Returns `(page, created)`; a twin that is already a page of its own is not changed.
    """
    twin = source.get_translation_or_none(locale)
    if twin is not None and twin.alias_of_id is None:
        return twin.specific, False
    if twin is None:
        twin = source.copy_for_translation(locale, copy_parents=True)
    else:
        # As wagtail-localize does when a translation of an alias is first saved.
        ConvertAliasPageAction(twin.specific).execute(skip_permission_checks=True)
    page = type(source).objects.get(pk=twin.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    # Published as a translation, which makes no sessions (events.signal_handlers).
    return publish(page), True


def names_ensure(report: DemoReport) -> None:
    """The demo's topics and audiences named in each language; a name staff have changed stays."""
    for model, name_model, field, names in [
        (Topic, TopicName, "topic", TOPIC_NAMES),
        (Audience, AudienceName, "audience", AUDIENCE_NAMES),
    ]:
        for item in model.objects.filter(name__in=names):
            for language_code, name in names[item.name].items():
                _, created = name_model.objects.get_or_create(
                    **{field: item}, language=language_code, defaults={"name": name}
                )
                if created:
                    report.note(f"{item.name} ({language_code}): {name}")


def translations_load(report: DemoReport) -> None:
    """Twins of every English page in each language, the translations in TRANSLATIONS,
    and the names of topics and audiences."""
    twins_ensure(report)
    names_ensure(report)
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    for slug, by_language in TRANSLATIONS.items():
        source = english_page(slug)
        for language_code, fields in by_language.items():
            locale = locales.get(language_code)
            if locale is None:  # a language staff have since removed
                continue
            page, created = translation_ensure(source, locale, fields)
            if created:
                report.note(f"{page.title} ({language_code})")


def _standard(*, title, introduction, paragraphs):
    return {"title": title, "introduction": introduction, "body": [("paragraph", rich(*paragraphs))]}


def _news(*, title, summary, text):
    return {"title": title, "summary": summary, "body": [("paragraph", rich(text))]}


# The pages every page's main menu and footer lead to, and the Croydon group's news.
TRANSLATIONS.update(
    {
        "about": {
            "ar": _standard(
                title="من نحن",
                introduction="نساعد أهالي الأطفال الصغار على التعارف، حتى لا يمرّ أحد بهذه المرحلة وحده.",
                paragraphs=[
                    "قد يكون وجود طفل جديد أمرًا يُشعر بالوحدة، في مدينة كبيرة أو في قرية صغيرة. "
                    "مجموعاتنا يديرها أهالٍ من أجل أهالٍ، ونحن نساعدهم قليلًا في البداية.",
                    "في كرويدون لدينا مجموعة أسبوعية للأمهات المسلمات. وفي Scottish Borders تلتقي الأمهات "
                    "والآباء والجدّات في قاعات القرى والمقاهي.",
                ],
            ),
            "ur": _standard(
                title="ہمارے بارے میں",
                introduction=(
                    "ہم چھوٹے بچوں کے والدین کو ایک دوسرے سے ملنے میں مدد دیتے ہیں، "
                    "تاکہ کسی کو یہ سب اکیلے نہ کرنا پڑے۔"
                ),
                paragraphs=[
                    "بچے کی پیدائش کے بعد انسان اکیلا محسوس کر سکتا ہے، چاہے بڑا شہر ہو یا چھوٹا گاؤں۔ "
                    "ہمارے گروپ والدین خود والدین کے لیے چلاتے ہیں، اور شروع میں ہم تھوڑی مدد کرتے ہیں۔",
                    "کرائیڈن میں ہم مسلمان ماؤں کے لیے ہفتہ وار گروپ چلاتے ہیں۔ Scottish Borders میں مائیں، "
                    "باپ اور نانیاں دادیاں گاؤں کے ہالوں اور کیفے میں ملتے ہیں۔",
                ],
            ),
            "bn": _standard(
                title="আমাদের কথা",
                introduction=(
                    "ছোট বাচ্চাদের মা-বাবারা যাতে একে অপরের সাথে পরিচিত হতে পারেন, সেজন্য আমরা সাহায্য করি, যাতে কাউকে একা সব সামলাতে না হয়।"
                ),
                paragraphs=[
                    "বাচ্চা হওয়ার পর একা লাগতে পারে, বড় শহরে হোক বা ছোট গ্রামে। আমাদের গ্রুপগুলো চালান "
                    "মা-বাবারাই, মা-বাবাদের জন্য, আর শুরুতে আমরা একটু সাহায্য করি।",
                    "ক্রয়ডনে আমরা মুসলিম মায়েদের জন্য একটি সাপ্তাহিক গ্রুপ চালাই। Scottish Borders-এ মা, বাবা "
                    "আর দাদি-নানিরা গ্রামের হলে আর ক্যাফেতে দেখা করেন।",
                ],
            ),
            "pl": _standard(
                title="O nas",
                introduction=(
                    "Pomagamy rodzicom małych dzieci poznać się nawzajem, żeby nikt nie musiał radzić sobie sam."
                ),
                paragraphs=[
                    "Po narodzinach dziecka można czuć się samotnie, w dużym mieście i w małej wsi. Nasze grupy "
                    "prowadzą rodzice dla rodziców, a my pomagamy im na początku.",
                    "W Croydon prowadzimy cotygodniową grupę dla mam muzułmanek. W Scottish Borders mamy, "
                    "tatusiowie i babcie spotykają się w świetlicach wiejskich i kawiarniach.",
                ],
            ),
        },
        "safeguarding": {
            "ar": _standard(
                title="سلامة الجميع",
                introduction="كيف تعتني مجموعاتنا بالأطفال والكبار.",
                paragraphs=[
                    "لكل مجموعة قائدة أو قائد معروف بالاسم تلقّى تدريبًا على حماية الأطفال والكبار. يبقى الأطفال "
                    "مع أمهاتهم أو آبائهم أو من يرعاهم، أو في حضانة يديرها موظفون خضعوا للتحقق.",
                    "إذا كنتِ قلقة على طفل أو على شخص كبير، تحدّثي إلى قائدة المجموعة أو اتصلي بنا. "
                    "في حالة الطوارئ، اتصلي بالرقم 999.",
                ],
            ),
            "ur": _standard(
                title="سب کی حفاظت",
                introduction="ہمارے گروپ بچوں اور بڑوں کا خیال کیسے رکھتے ہیں۔",
                paragraphs=[
                    "ہر گروپ کا ایک نامزد منتظم ہوتا ہے جس نے حفاظت کی تربیت لی ہوتی ہے۔ بچے اپنے والدین یا "
                    "دیکھ بھال کرنے والے کے ساتھ رہتے ہیں، یا ایسے کریش میں جسے جانچ شدہ عملہ چلاتا ہے۔",
                    "اگر آپ کو کسی بچے یا بڑے کے بارے میں فکر ہو تو گروپ کے منتظم سے بات کریں یا ہمیں فون کریں۔ "
                    "ہنگامی صورت میں 999 پر فون کریں۔",
                ],
            ),
            "bn": _standard(
                title="সবাইকে নিরাপদ রাখা",
                introduction="আমাদের গ্রুপগুলো কীভাবে বাচ্চা আর বড়দের খেয়াল রাখে।",
                paragraphs=[
                    "প্রতিটি গ্রুপের একজন নির্দিষ্ট পরিচালক আছেন, যিনি সুরক্ষা বিষয়ে প্রশিক্ষণ নিয়েছেন। বাচ্চারা "
                    "তাদের মা-বাবা বা দেখাশোনাকারীর সাথে থাকে, অথবা যাচাই করা কর্মীদের চালানো ক্রেশে থাকে।",
                    "কোনো বাচ্চা বা বড় কাউকে নিয়ে দুশ্চিন্তা হলে গ্রুপের পরিচালকের সাথে কথা বলুন বা আমাদের ফোন করুন। "
                    "জরুরি অবস্থায় 999-এ ফোন করুন।",
                ],
            ),
            "pl": _standard(
                title="Bezpieczeństwo wszystkich",
                introduction="Jak nasze grupy dbają o dzieci i dorosłych.",
                paragraphs=[
                    "Każda grupa ma wyznaczoną osobę prowadzącą, przeszkoloną w zakresie ochrony dzieci i dorosłych. "
                    "Dzieci zostają z rodzicem lub opiekunem albo w kąciku dla dzieci prowadzonym przez "
                    "sprawdzony personel.",
                    "Jeśli martwisz się o dziecko lub dorosłego, porozmawiaj z osobą prowadzącą grupę albo "
                    "zadzwoń do nas. W nagłym wypadku dzwoń pod 999.",
                ],
            ),
        },
        "help-and-ideas": {
            "ar": {"title": "مساعدة وأفكار", "introduction": "نصائح وأفكار، وتقريرنا، وفيلمنا."},
            "ur": {"title": "مدد اور مشورے", "introduction": "کام کی باتیں اور مشورے، ہماری رپورٹ اور ہماری فلم۔"},
            "bn": {"title": "সাহায্য ও পরামর্শ", "introduction": "কাজের টিপস, আমাদের রিপোর্ট আর আমাদের ফিল্ম।"},
            "pl": {"title": "Pomoc i pomysły", "introduction": "Porady i wskazówki, nasz raport i nasz film."},
        },
        "local-services": {
            "ar": {
                "title": "خدمات محلية أخرى",
                "introduction": "حافلات المكتبة، ومجموعات الأطفال الصغار، والزائرات الصحيات، وغير ذلك قريبًا منك.",
            },
            "ur": {
                "title": "دوسری مقامی خدمات",
                "introduction": "لائبریری بسیں، چھوٹے بچوں کے گروپ، ہیلتھ وزیٹرز اور بہت کچھ، آپ کے قریب۔",
            },
            "bn": {
                "title": "অন্যান্য স্থানীয় পরিষেবা",
                "introduction": "লাইব্রেরি বাস, ছোট বাচ্চাদের গ্রুপ, হেলথ ভিজিটর আর আরও অনেক কিছু, আপনার কাছাকাছি।",
            },
            "pl": {
                "title": "Inne usługi w okolicy",
                "introduction": (
                    "Autobusy biblioteczne, grupy dla maluchów, położne środowiskowe i wiele więcej w pobliżu."
                ),
            },
        },
        "library-visit": {
            "ar": _news(
                title="زيارتنا للمكتبة",
                summary="ذهبت عشر منّا معًا إلى المكتبة وسجّلنا الأطفال فيها.",
                text="مشينا معًا إلى المكتبة بعد لقاء المجموعة. بعض الأمهات لم يزرنها من قبل. اختار الأطفال "
                "كتبًا، وعرفنا بوقت الأناشيد والقصص أيام الجمعة.",
            ),
            "ur": _news(
                title="لائبریری کی سیر",
                summary="ہم میں سے دس مائیں ایک ساتھ لائبریری گئیں اور بچوں کو ممبر بنوایا۔",
                text="گروپ کے بعد ہم سب پیدل لائبریری گئے۔ کئی مائیں پہلے کبھی وہاں نہیں گئی تھیں۔ بچوں نے "
                "کتابیں چنیں، اور ہمیں جمعے کے دن ہونے والے نظموں کے وقت (rhyme time) کا پتا چلا۔",
            ),
            "bn": _news(
                title="আমাদের লাইব্রেরি ঘুরে আসা",
                summary="আমরা দশজন একসাথে লাইব্রেরিতে গিয়েছিলাম আর বাচ্চাদের সদস্য করে দিয়েছি।",
                text="গ্রুপের পর আমরা একসাথে হেঁটে লাইব্রেরিতে গেলাম। কয়েকজন মা আগে কখনো যাননি। বাচ্চারা "
                "বই বেছে নিল, আর আমরা শুক্রবারের ছড়া-গানের সময় (rhyme time)-এর কথা জানলাম।",
            ),
            "pl": _news(
                title="Nasza wizyta w bibliotece",
                summary="Dziesięć z nas poszło razem do biblioteki i zapisałyśmy dzieci.",
                text="Po spotkaniu grupy poszłyśmy razem do biblioteki. Kilka mam nigdy wcześniej tam nie było. "
                "Dzieci wybrały książki, a my dowiedziałyśmy się o piątkowych zajęciach z rymowankami.",
            ),
        },
    }
)


# Croydon's one-to-one page (support.py).
TRANSLATIONS[SUPPORT_SLUG] = SUPPORT_PAGE_TRANSLATIONS


# English name -> language code -> the name families see in that language.
TOPIC_NAMES = {
    "Starting a group": {"ar": "بدء مجموعة", "ur": "گروپ شروع کرنا", "bn": "গ্রুপ শুরু করা", "pl": "Zakładanie grupy"},
    "Feeling low": {"ar": "الشعور بالحزن", "ur": "اداسی محسوس کرنا", "bn": "মন খারাপ লাগা", "pl": "Gorsze samopoczucie"},
    "Sleep": {"ar": "النوم", "ur": "نیند", "bn": "ঘুম", "pl": "Sen"},
    "Starting school": {"ar": "بدء المدرسة", "ur": "اسکول شروع کرنا", "bn": "স্কুল শুরু", "pl": "Pójście do szkoły"},
    "Money and rights": {
        "ar": "المال والحقوق",
        "ur": "پیسے اور حقوق",
        "bn": "টাকা-পয়সা ও অধিকার",
        "pl": "Pieniądze i prawa",
    },
    "Health": {"ar": "الصحة", "ur": "صحت", "bn": "স্বাস্থ্য", "pl": "Zdrowie"},
    "Play and books": {"ar": "اللعب والكتب", "ur": "کھیل اور کتابیں", "bn": "খেলা ও বই", "pl": "Zabawa i książki"},
}
AUDIENCE_NAMES = {
    "Mums": {"ar": "الأمهات", "ur": "مائیں", "bn": "মায়েরা", "pl": "Mamy"},
    "Dads": {"ar": "الآباء", "ur": "والد حضرات", "bn": "বাবারা", "pl": "Ojcowie"},
    "Grandparents and carers": {
        "ar": "الأجداد ومقدّمو الرعاية",
        "ur": "دادا دادی، نانا نانی اور دیکھ بھال کرنے والے",
        "bn": "দাদা-দাদি, নানা-নানি ও দেখাশোনাকারী",
        "pl": "Dziadkowie i opiekunowie",
    },
    "Bumps and babies": {
        "ar": "الحوامل والرضّع",
        "ur": "حاملہ مائیں اور شیرخوار",
        "bn": "গর্ভবতী মা ও ছোট শিশু",
        "pl": "Ciąża i niemowlęta",
    },
    "Working parents (weekends)": {
        "ar": "الأهالي العاملون (عطلة نهاية الأسبوع)",
        "ur": "ملازمت پیشہ والدین (ہفتے کے آخر میں)",
        "bn": "কর্মজীবী মা-বাবা (সপ্তাহান্তে)",
        "pl": "Pracujący rodzice (weekendy)",
    },
    "Muslim mums": {"ar": "الأمهات المسلمات", "ur": "مسلمان مائیں", "bn": "মুসলিম মায়েরা", "pl": "Mamy muzułmanki"},
}
