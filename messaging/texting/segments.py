"""How many SMS segments a text takes, which is what a provider charges for.

A text that uses only the GSM 03.38 alphabet is sent in 7-bit characters: 160 to a
single segment, 153 to each part of a longer one (the rest of a part carries the
header that joins them). Characters from the alphabet's extension table (€, [, ~ …)
take two. Any other character, which includes all of Arabic, Urdu and Bengali, sends
the whole text as UCS-2: 70 UTF-16 code units to a single segment, 67 to each part,
and a character outside the Basic Multilingual Plane (most emoji) takes two units.

Our own code: the Python packages that count segments are small, unmaintained, and
disagree with each other on the extension table.
"""

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


@dataclass(frozen=True)
class SegmentCount:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int


def is_gsm7(text: str) -> bool:
    return all(character in GSM7_BASIC or character in GSM7_EXTENSION for character in text)


def segments_count(text: str) -> SegmentCount:
    """The encoding, length in that encoding's units, and number of segments of `text`.

    An empty text still costs one segment. A GSM-7 extension character is not split
    across two parts, nor a UCS-2 surrogate pair: providers keep each whole, which
    can push a long text into one more part than plain division gives.
    """
    if is_gsm7(text):
        widths = [2 if character in GSM7_EXTENSION else 1 for character in text]
        single, part = GSM7_SINGLE, GSM7_PART
        encoding = "GSM-7"
    else:
        widths = [2 if ord(character) > 0xFFFF else 1 for character in text]
        single, part = UCS2_SINGLE, UCS2_PART
        encoding = "UCS-2"
    units = sum(widths)
    if units <= single:
        return SegmentCount(encoding=encoding, units=units, segments=1)
    segments, used = 1, 0
    for width in widths:
        if used + width > part:
            segments, used = segments + 1, 0
        used += width
    return SegmentCount(encoding=encoding, units=units, segments=segments)


__all__ = ["SegmentCount", "is_gsm7", "segments_count"]
