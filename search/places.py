"""Places a family may type into the search box: villages and towns, postcode districts, areas.

A family types the village they live in, often as they say it rather than as it is
spelt ("walkerbun"), or the first half of their postcode ("EH43"). The places that
exist are few (the towns of the venues groups meet at, their postcode districts and
the areas), so they are read in one query, remembered until groups or venues change, and
matched in Python: exactly, or with the standard library's difflib for a near miss.
That works the same on SQLite and PostgreSQL.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.translation import pgettext

from events.cache_versions import GROUPS_VERSION_KEY
from events.models import GroupPage
from home.page_visibility import public_pages_q
from web.page_cache import VERSION_KEY, remembered

# Words that say "where" beside a place: "near Walkerburn", "dads in Peebles".
NEAR_WORDS = frozenset({"near", "nr", "in", "around", "at"})


def near_words() -> frozenset[str]:
    """The English words and those of the language in use: a family may search in either."""
    # Translators: words a family may type before or after a place name in the search box,
    # e.g. "near Walkerburn"; give your language's words, separated by spaces.
    translated = pgettext("search words beside a place", "near nr in around at")
    return NEAR_WORDS | frozenset(word.casefold() for word in translated.split())


# How alike a typed name and a place's name must be (difflib's ratio) to be taken for it:
# "walkerbun" and "walkerburn" score 0.95; unrelated words of the same length well under.
CLOSE_MATCH_CUTOFF = 0.8
# Shorter words are too often one letter from a place to be read as a misspelling of it.
CLOSE_MATCH_MIN_LENGTH = 4

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})?$")


@dataclass(frozen=True)
class Place:
    """Somewhere groups meet: the venues there (none for an area) and the areas around it, by page path."""

    name: str
    venue_ids: frozenset[int] = frozenset()
    area_paths: frozenset[str] = frozenset()
    is_area: bool = False


@dataclass(frozen=True)
class PlaceMatch:
    place: Place
    # What else was typed ("dads" in "dads near Peebles"), to search for as words.
    words: str
    # The place was found from a near miss, so the page says which place it shows.
    corrected: bool


def _key(text: str) -> str:
    return " ".join(text.casefold().replace(",", " ").split())


def postcode_district(postcode: str) -> str:
    """The outward half of a UK postcode ("EH43" of "EH43 6AB"), or "" if it is not one."""
    found = _POSTCODE.match("".join(postcode.upper().split()))
    return found.group(1) if found else ""


def town_of(address: str) -> str:
    """The last line of an address, which staff write as the town ("Street and town, one item a line")."""
    lines = [line.strip(" ,") for line in address.splitlines() if line.strip(" ,")]
    return lines[-1] if len(lines) > 1 else ""


def _places_read() -> tuple[dict[str, Place], dict[str, Place]]:
    towns: dict[str, tuple[str, set, set]] = {}
    districts: dict[str, tuple[str, set, set]] = {}
    rows = (
        GroupPage.objects.filter(public_pages_q(), venue__isnull=False)
        .values_list("venue_id", "venue__address", "venue__postcode", "path")
        .order_by("path")
    )
    for venue_id, address, postcode, path in rows:
        area_path = path[: -GroupPage.steplen]
        town, district = town_of(address), postcode_district(postcode)
        for found, key, name in ((towns, _key(town), town), (districts, district, district)):
            if key:
                _name, venue_ids, area_paths = found.setdefault(key, (name, set(), set()))
                venue_ids.add(venue_id)
                area_paths.add(area_path)

    def places(found):
        return {key: Place(name, frozenset(venues), frozenset(paths)) for key, (name, venues, paths) in found.items()}

    return places(towns), places(districts)


def places_known() -> tuple[dict[str, Place], dict[str, Place]]:
    """The towns and postcode districts where public groups meet, each by its matching key.

    One query over the groups with a venue, remembered until a group is published or the
    site's content changes (a venue edited, a group unpublished), whatever is booked.
    """
    return remembered("search:places", _places_read, versions=(VERSION_KEY, GROUPS_VERSION_KEY))


def _place_named(text: str, *, areas) -> tuple[Place, bool] | None:
    key = _key(text)
    if not key:
        return None
    towns, districts = places_known()
    district = postcode_district(key)
    if district:
        place = districts.get(district)
        return (place, False) if place else None
    places = dict(towns)
    for area in areas:
        places.setdefault(_key(area.title), Place(area.title, area_paths=frozenset({area.path}), is_area=True))
    if key in places:
        return places[key], False
    if len(key) < CLOSE_MATCH_MIN_LENGTH:
        return None
    close = difflib.get_close_matches(key, places, n=1, cutoff=CLOSE_MATCH_CUTOFF)
    return (places[close[0]], True) if close else None


def place_match(query: str, *, areas) -> PlaceMatch | None:
    """The place a search is for: the whole query ("Walkerburn", "near walkerbun", "EH43"),
    or what follows its last "near"/"in" ("dads near Peebles"). `areas` are the area pages
    the visitor may see, whose titles are places too."""
    near = near_words()
    words = query.split()
    # "near Walkerburn", or in a language that puts the word after the place, "Walkerburn <near>".
    while words and words[0].casefold() in near:
        words = words[1:]
    while words and words[-1].casefold() in near:
        words = words[:-1]
    found = _place_named(" ".join(words), areas=areas)
    if found:
        return PlaceMatch(found[0], words="", corrected=found[1])
    for position in range(len(words) - 1, 0, -1):
        if words[position].casefold() in near:
            found = _place_named(" ".join(words[position + 1 :]), areas=areas)
            if found:
                return PlaceMatch(found[0], words=" ".join(words[:position]), corrected=found[1])
            break
    return None
