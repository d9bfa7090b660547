"""The translation catalogues are complete, reviewed and compiled, in every shipped language.

A family reading Urdu must never meet an English sentence because a message was
added to a template and not translated, a translation was left fuzzy (a guess that
gettext does not use), or the compiled .mo lags behind the .po. scripts/messages
refreshes and compiles them.
"""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# The same folders scripts/messages leaves out.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")
SKIPPED_FOLDERS = {"locale", "tests", "bench", "demo", "staticfiles", "media", "node_modules", "test-results"}
IGNORED = [".venv/*", "*/node_modules/*", "tests/*", "bench/*", "staticfiles/*", "media/*", "demo/*"]


def _catalogue(language) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def _key(entry) -> tuple:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    catalogue = _catalogue(language)

    assert len(catalogue) > 100, "the catalogue is nearly empty: run scripts/messages"
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries() if not entry.obsolete]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    empty_plurals = [
        entry.msgid
        for entry in catalogue
        if entry.msgid_plural and not all(value.strip() for value in entry.msgstr_plural.values())
    ]
    assert not untranslated, f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    assert not empty_plurals, f"{language}: plural forms missing for {empty_plurals[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_placeholder_survives_translation(language):
    """A translation that drops or renames %(name)s would lose a date or a name, or break the page.

    Only the count may be left out, by the forms that say it in words ("one place left").
    """
    broken = []
    for entry in _catalogue(language).translated_entries():
        wanted = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
        needed = wanted - {"counter", "count"} if entry.msgid_plural else wanted
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            found = set(PLACEHOLDER.findall(text))
            if not (needed <= found <= wanted):
                broken.append((entry.msgid, text))
    assert not broken, f"{language}: placeholders changed in {broken[:3]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_source(language):
    catalogue = _catalogue(language)
    compiled = polib.mofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"))

    def translations(entries):
        return {
            _key(entry): (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
            for entry in entries
            if entry.msgid and (entry.msgstr or entry.msgstr_plural)
        }

    assert translations(compiled) == translations(catalogue.translated_entries()), (
        f"locale/{language}/LC_MESSAGES/django.mo is out of date: run scripts/messages --compile"
    )


@pytest.mark.gettext
def test_the_catalogues_hold_every_message_in_the_code_and_no_other(tmp_path, settings, monkeypatch):
    """makemessages run now finds exactly the messages the catalogues hold.

    It runs over a copy of the project made of links to its code, so that it writes its
    catalogue to a folder of the test's own and never into locale/.
    """
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        pytest.skip("needs GNU gettext (apt-get install gettext)")
    language = LANGUAGES[0]
    base = Path(settings.BASE_DIR)
    for entry in base.iterdir():
        if entry.name not in SKIPPED_FOLDERS and not entry.name.startswith("."):
            (tmp_path / entry.name).symlink_to(entry)
    fresh_dir = tmp_path / "locale"
    fresh_dir.mkdir()
    settings.LOCALE_PATHS = [fresh_dir]
    monkeypatch.chdir(tmp_path)

    call_command(
        "makemessages",
        locale=[language],
        no_location=True,
        no_obsolete=True,
        symlinks=True,
        ignore_patterns=IGNORED,
        verbosity=0,
    )

    wanted = {_key(entry) for entry in polib.pofile(str(fresh_dir / language / "LC_MESSAGES" / "django.po"))}
    held = {_key(entry) for entry in _catalogue(language) if not entry.obsolete}
    missing, stale = wanted - held, held - wanted
    assert not missing, (
        f"{len(missing)} messages not in the catalogues, e.g. {sorted(missing)[:5]}: run scripts/messages"
    )
    assert not stale, f"{len(stale)} messages are no longer used, e.g. {sorted(stale)[:5]}: run scripts/messages"
    for other in LANGUAGES[1:]:
        assert {_key(entry) for entry in _catalogue(other) if not entry.obsolete} == held, other
