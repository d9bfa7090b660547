"""Script fonts (templates/includes/language_fonts.html, static/css/fonts-*.css) and
the right-to-left rules of static/css/gather.css."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

STATIC = Path(settings.BASE_DIR, "static")
FONT_STYLESHEETS = sorted((STATIC / "css").glob("fonts-*.css"))


def _linked_stylesheets(language: str) -> list[str]:
    with translation.override(language):
        html = render_to_string("includes/language_fonts.html")
    return re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)


@pytest.mark.parametrize(
    ("language", "stylesheets"),
    [
        ("en-gb", []),
        ("ar", ["/static/css/fonts-arabic.css"]),
        ("ur", ["/static/css/fonts-arabic.css"]),
        ("bn", ["/static/css/fonts-bengali.css"]),
        ("pl", []),
    ],
)
def test_each_language_links_the_fonts_of_its_script_and_no_other(language, stylesheets):
    assert _linked_stylesheets(language) == stylesheets
    for href in stylesheets:
        assert (STATIC / href.removeprefix(settings.STATIC_URL)).is_file(), href


@pytest.mark.parametrize("language", ["en-gb", "pl"])
def test_english_and_polish_pages_get_nothing_from_the_include(language):
    # Not even a blank line: English pages stay byte for byte as they were.
    with translation.override(language):
        assert render_to_string("includes/language_fonts.html") == ""


def _font_faces(stylesheet: Path) -> list[str]:
    return re.findall(r"@font-face\s*\{([^}]*)\}", stylesheet.read_text())


def test_there_are_font_stylesheets_with_font_faces():
    assert [path.name for path in FONT_STYLESHEETS] == ["fonts-arabic.css", "fonts-bengali.css"]
    for stylesheet in FONT_STYLESHEETS:
        assert _font_faces(stylesheet), stylesheet.name


@pytest.mark.parametrize("stylesheet", FONT_STYLESHEETS, ids=lambda path: path.name)
def test_every_font_file_named_in_the_stylesheets_is_there(stylesheet):
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", stylesheet.read_text())
    assert urls
    for url in urls:
        assert not url.startswith(("http:", "https:", "//")), f"{url}: fonts are served from this site"
        path = (stylesheet.parent / url).resolve()
        assert path.parent == (STATIC / "fonts").resolve(), url
        assert path.is_file(), url
        assert path.suffix == ".woff2", url


@pytest.mark.parametrize("stylesheet", FONT_STYLESHEETS, ids=lambda path: path.name)
def test_every_font_face_prefers_the_phones_own_font_and_is_limited_to_its_script(stylesheet):
    for face in _font_faces(stylesheet):
        family = re.search(r"font-family:\s*([^;]+);", face).group(1)
        source = re.search(r"src:\s*([^;]+);", face).group(1)
        assert "local(" in source, family
        assert source.index("local(") < source.index("url("), f"{family}: the phone's own font comes first"
        assert 'format("woff2")' in source, family
        assert re.search(r"font-display:\s*swap;", face), family
        ranges = re.search(r"unicode-range:\s*([^;]+);", face)
        assert ranges, f"{family} has no unicode-range"
        # The script alone: English letters and digits keep the system font.
        for part in ranges.group(1).split(","):
            first, _, last = part.strip().removeprefix("U+").partition("-")
            low, high = int(first, 16), int(last or first, 16)
            assert high < ord("0") or low > ord("z"), f"{family}: {part.strip()} covers Latin letters or digits"


def test_every_font_file_is_used_and_licensed():
    named = set()
    for stylesheet in FONT_STYLESHEETS:
        named |= {Path(url).name for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", stylesheet.read_text())}
    assert {path.name for path in (STATIC / "fonts").glob("*.woff2")} == named
    assert "SIL OPEN FONT LICENSE Version 1.1" in (STATIC / "fonts" / "OFL.txt").read_text()


def test_gather_css_places_sideways_things_by_reading_direction():
    """Left and right only in rules for right-to-left pages, which say why."""
    css = re.sub(r"/\*.*?\*/", "", (STATIC / "css" / "gather.css").read_text(), flags=re.DOTALL)
    physical = re.compile(
        r"(?:margin|padding|border)-(?:left|right)|(?<![-\w])(?:left|right)\s*:|"
        r"(?:float|clear|text-align)\s*:\s*(?:left|right)"
    )
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if physical.search(body):
            assert all('[dir="rtl"]' in selector for selector in selectors.split(",")), selectors.strip()


def test_the_page_weight_benchmark_counts_the_fonts_each_language_can_fetch():
    from bench import fonts

    figures = fonts.measure()
    assert {code: sorted(f["files"]) for code, f in figures.items()} == {
        "en-gb": [],
        "ar": ["noto-naskh-arabic-arabic-400-normal.woff2", "noto-naskh-arabic-arabic-700-normal.woff2"],
        "ur": [
            "noto-naskh-arabic-arabic-400-normal.woff2",
            "noto-naskh-arabic-arabic-700-normal.woff2",
            "noto-nastaliq-urdu-arabic-400-normal.woff2",
            "noto-nastaliq-urdu-arabic-700-normal.woff2",
        ],
        "bn": ["noto-sans-bengali-bengali-400-normal.woff2", "noto-sans-bengali-bengali-700-normal.woff2"],
        "pl": [],
    }
    nastaliq = sum(
        (STATIC / "fonts" / f"noto-nastaliq-urdu-arabic-{w}-normal.woff2").stat().st_size for w in (400, 700)
    )
    assert figures["ur"]["first_font_bytes"] == nastaliq
    assert figures["en-gb"]["font_bytes"] == figures["en-gb"]["stylesheet_gzip_bytes"] == 0
