"""Hostile values: what attackers, broken phones and copy-and-paste send."""

from hypothesis import strategies as st

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "%00",
    "' OR '1'='1",
    "1; DROP TABLE events_booking; --",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "../../../../etc/passwd",
    "-1",
    "0",
    "1e309",
    "NaN",
    "9" * 40,
    "-" + "9" * 30,
    "1.5",
    "0x10",
    "٣",  # an Arabic-Indic digit
    "\u202eevil",  # right-to-left override
    "\ufeff1",
    "🙂" * 50,
    "A" * 10_000,
    "on",
    "true",
    "None",
    "[]",
    "{}",
    "2026-02-30",
    "Mon",
    "monday",
]

# Any text a browser could send: no lone surrogates, which cannot be encoded at all.
any_text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300)
hostile_text = st.one_of(st.sampled_from(NASTY), any_text, st.integers().map(str))


def optional(strategy):
    """A value, or the field left out of the request altogether."""
    return st.one_of(st.none(), strategy)


def query(**fields):
    """A query-string dict of some of `fields`, each from its strategy, leaving out Nones."""
    return st.fixed_dictionaries({name: optional(strategy) for name, strategy in fields.items()}).map(
        lambda values: {name: value for name, value in values.items() if value is not None}
    )
