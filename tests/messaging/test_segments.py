"""How many SMS segments a text takes (messaging/texting/segments.py): what each text costs to send."""

import pytest

from messaging.texting.segments import segments_count

ARABIC = "م"  # meem
URDU_YE = "ے"  # bari ye, a letter of Urdu that Arabic does not use
BENGALI = "আপনার বুকিং নিশ্চিত হয়েছে"  # "your booking is confirmed"


@pytest.mark.parametrize(
    ("length", "segments"), [(0, 1), (1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)]
)
def test_plain_text_fits_160_characters_in_one_segment_and_153_in_each_part_of_a_longer_one(length, segments):
    count = segments_count("a" * length)

    assert (count.encoding, count.units, count.segments) == ("GSM-7", length, segments)


@pytest.mark.parametrize(("euros", "septets", "segments"), [(80, 160, 1), (81, 162, 2)])
def test_an_extension_character_counts_two(euros, septets, segments):
    count = segments_count("€" * euros)

    assert (count.encoding, count.units, count.segments) == ("GSM-7", septets, segments)


@pytest.mark.parametrize("character", list("^{}\\[~]|€"))
def test_every_extension_character_counts_two(character):
    assert segments_count("a" * 158 + character).segments == 1
    assert segments_count("a" * 159 + character).segments == 2


def test_an_extension_character_is_not_split_across_two_parts():
    # 306 septets would fill two parts exactly, but the € cannot start in the 153rd
    # septet of the first part, so it moves to the second and pushes a character on.
    text = "a" * 152 + "€" + "a" * 152

    count = segments_count(text)

    assert (count.units, count.segments) == (306, 3)
    assert segments_count("a" * 151 + "€" + "a" * 153).segments == 2


def test_the_gsm_alphabets_own_accented_letters_stay_7_bit():
    count = segments_count("Café à Genève, España, Øresund, Straße: £5 ¥ §")

    assert count.encoding == "GSM-7"


@pytest.mark.parametrize(("length", "segments"), [(1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)])
def test_arabic_fits_70_characters_in_one_segment_and_67_in_each_part(length, segments):
    count = segments_count(ARABIC * length)

    assert (count.encoding, count.units, count.segments) == ("UCS-2", length, segments)


def test_an_emoji_counts_two_units():
    assert segments_count("😀").units == 2
    assert segments_count("😀" * 35).segments == 1
    assert segments_count("😀" * 36).segments == 2
    # The two halves of an emoji are not split between parts either.
    assert segments_count("a" * 66 + "😀" + "a" * 66).segments == 3


@pytest.mark.parametrize(
    ("odd_one_out", "language"), [("ł", "Polish"), (URDU_YE, "Urdu"), ("’", "a typographic apostrophe")]
)
def test_a_single_character_outside_the_gsm_alphabet_sends_the_whole_text_as_ucs2(odd_one_out, language):
    text = "Your place on Tuesday is booked. " * 3 + odd_one_out

    count = segments_count(text)

    assert count.encoding == "UCS-2", language
    assert (count.units, count.segments) == (len(text), 2)
    assert (segments_count(text[:-1]).encoding, segments_count(text[:-1]).segments) == ("GSM-7", 1)


def test_bengali_is_ucs2():
    count = segments_count(BENGALI)

    assert (count.encoding, count.units, count.segments) == ("UCS-2", len(BENGALI), 1)
    assert segments_count(BENGALI * 3).segments == 2
