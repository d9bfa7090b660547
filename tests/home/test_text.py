"""Cleaning typed text: names in every script stay as typed; controls and invisible formatting go."""

import pytest

from home.text import LINE_BREAKS, digits_to_ascii, line_break_in, text_clean

NAMES = {
    "Arabic": "فاطمة",
    "Urdu": "عائشہ",
    "Bengali": "সালমা",
    "Polish": "Małgorzata",
    "Persian, with a non-joiner between letters": "مهر\u200cانگیز",
    "Bengali, with a joiner before the virama of a ya-phala": "র\u200d্যাচেল",
    "Hindi": "प्रिया",
    "Chinese": "美玲",
    "with an apostrophe and a hyphen": "Mary-Kate O'Neill",
}


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_names_in_any_script_are_kept_as_typed(name):
    assert text_clean(name) == name
    assert not line_break_in(name)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("\u202eAmina", "Amina"),  # would show as "animA"
        ("Am\u202dina\u202c", "Amina"),
        ("\u2066Amina\u2069", "Amina"),
        ("\u2067فاطمة\u2068\u2069", "فاطمة"),
        ("Ami\u200bna", "Amina"),
        ("\ufeffAmina\u2060", "Amina"),
        ("Am\x00i\x07n\x1ba\x7f\x9b", "Amina"),
        ("Amina\tHodan", "Amina Hodan"),
        ("\u200cAmina\u200d", "Amina"),  # joiners with no letter on one side
        ("Amina \u200c Hodan", "Amina  Hodan"),
        ("فاطمة\u202e\u200b", "فاطمة"),
        ("সালমা\u200b", "সালমা"),
    ],
)
def test_controls_and_invisible_formatting_are_removed(typed, kept):
    assert text_clean(typed) == kept


@pytest.mark.parametrize("line_break", sorted(LINE_BREAKS))
def test_every_kind_of_line_break_is_found_and_becomes_a_newline_or_a_space(line_break):
    typed = f"Step-free access{line_break}A quiet room"

    assert line_break_in(typed)
    assert text_clean(typed, multiline=True) == "Step-free access\nA quiet room"
    assert text_clean(typed) == "Step-free access A quiet room"


def test_multi_line_text_keeps_its_lines_and_loses_the_other_controls():
    typed = "Step-free access\r\n\r\nAn interpreter (\u202eUrdu)\x00\nA quiet room\u200b"

    assert text_clean(typed, multiline=True) == "Step-free access\n\nAn interpreter (Urdu)\nA quiet room"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),  # Arabic-Indic
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),  # Extended Arabic-Indic, as on Urdu keyboards
        ("০১২৩৪৫৬৭৮৯", "0123456789"),  # Bengali
        ("٢", "2"),
        ("০৭৭০০ ৯০০১২৩", "07700 900123"),
        ("+٤٤ ٧٧٠٠ ٩٠٠١٢٣", "+44 7700 900123"),
        ("07700 ۹۰۰۱۲۳", "07700 900123"),
    ],
)
def test_arabic_indic_and_bengali_digits_become_ascii_digits(typed, read):
    assert digits_to_ascii(typed) == read


@pytest.mark.parametrize("typed", ["", "0123456789", "Amina", "فاطمة", "সালমা", "٫", "3 years, 8 months"])
def test_text_without_those_digits_is_left_as_it_is(typed):
    assert digits_to_ascii(typed) == typed
