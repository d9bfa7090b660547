"""Text that people type, made fit to travel in emails, text messages and calendar files.

Names and notes come from families' phones and staff keyboards, and leave in messages
that other software parses and shows. What nobody means to type goes; every letter,
in every script, stays as typed:

- Control characters go (a tab becomes a space). In a calendar file or an email
  header a line break starts a new property, so single-line text (a name) is refused
  when it has one, and multi-line text (access needs) keeps its lines as plain "\\n".
  Every break str.splitlines() knows counts, since some readers split on each of them.
- Invisible formatting characters go: bidirectional overrides and isolates, which
  can make a name read backwards ("\\u202eevil" shows as "live"), zero-width spaces,
  word joiners and byte-order marks.
- Except the zero-width non-joiner and joiner between two letters (or a letter and
  its mark): Persian, Urdu and Indic names need them to join or not join neighbouring
  letters, and there they only change the shape of those letters, never their order.
"""

import unicodedata

# Exactly the breaks str.splitlines() splits on.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_JOINERS = frozenset("\u200c\u200d")


def line_break_in(value: str) -> bool:
    """True if `value` has a line break of any kind; strip it first to let a trailing one pass."""
    return any(char in LINE_BREAKS for char in value)


def _letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


def _line_clean(line: str) -> str:
    kept: list[str] = []
    for index, char in enumerate(line):
        if char == "\t":
            kept.append(" ")
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs"):
            continue
        if category == "Cf":
            following = line[index + 1 : index + 2]
            if char in _JOINERS and kept and _letter(kept[-1]) and following and _letter(following):
                kept.append(char)
            continue
        kept.append(char)
    return "".join(kept)


def text_clean(value: str, *, multiline: bool = False) -> str:
    """`value` without control or invisible formatting characters; spaces stay where they are.

    Line breaks become "\\n" in `multiline` text and a space otherwise; callers that
    must refuse a line break check `line_break_in` first.
    """
    separator = "\n" if multiline else " "
    return separator.join(_line_clean(line) for line in value.splitlines())


# Digits families type on Arabic, Urdu/Persian and Bengali keyboards, as (first, last) code points.
LOCAL_DIGIT_RANGES = (
    (0x0660, 0x0669),  # Arabic-Indic
    (0x06F0, 0x06F9),  # Extended Arabic-Indic (Urdu, Persian)
    (0x09E6, 0x09EF),  # Bengali
)
_DIGITS_TO_ASCII = str.maketrans(
    {
        chr(code): str(unicodedata.digit(chr(code)))
        for first, last in LOCAL_DIGIT_RANGES
        for code in range(first, last + 1)
    }
)


def digits_to_ascii(value: str) -> str:
    """`value` with Arabic-Indic, Extended Arabic-Indic and Bengali digits as 0-9; all else unchanged.

    For numbers typed on a phone set to Arabic, Urdu or Bengali: "٢" is 2 and
    "০৭৭০০ ৯০০১২৩" a UK mobile number.
    """
    return value.translate(_DIGITS_TO_ASCII)


__all__ = ["LINE_BREAKS", "LOCAL_DIGIT_RANGES", "digits_to_ascii", "line_break_in", "text_clean"]
