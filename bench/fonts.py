"""What the script fonts add to a page's weight, language by language.

    .venv/bin/python bench/fonts.py
    .venv/bin/python bench/fonts.py --json fonts.json

Renders templates/includes/language_fonts.html (the font stylesheets base.html links)
under each language of the site, reads the stylesheets it links and adds up the WOFF2
files their @font-face rules name. No server and no database: the figures come from
the files a browser would fetch.

"fonts" is the files of every family in the language's font list (the `body:lang()`
rule of its stylesheet) that the stylesheet serves: the most a first visit downloads,
on a phone that lacks the fonts, to a page with bold and regular text. "first font"
is the files of the first family alone, which is what the browser fetches for text in
that language; the families behind it are fetched only for letters the first one
lacks. Faces a stylesheet serves for another language sharing it (Naskh and Nastaliq
share fonts-arabic.css) are never fetched and not counted. A phone that has the fonts
(local() comes first in every face) downloads none, and the browser keeps them for
the pages after the first. Stylesheets are counted as sent, gzip-compressed; WOFF2 is
compressed already and is sent as it is.
"""

import argparse
import gzip
import json
import os
import re
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The languages of the site, used while the settings still list Django's default ones.
SITE_LANGUAGES = ["en-gb", "ar", "ur", "bn", "pl"]
INCLUDE = "includes/language_fonts.html"


def _setup_django() -> None:
    # Rendering one template needs no database or cache; the test settings need no
    # secrets. bench/serve.py starts its servers with DJANGO_* variables of its own.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gather.settings.test")
    import django

    django.setup()


def _languages() -> list[tuple[str, str]]:
    from django.conf import global_settings, settings

    if list(settings.LANGUAGES) != list(global_settings.LANGUAGES):
        return [(code, str(name)) for code, name in settings.LANGUAGES]
    names = dict(global_settings.LANGUAGES)
    return [(code, names.get(code, code)) for code in SITE_LANGUAGES]


def _font_faces(css: str) -> list[dict]:
    faces = []
    for body in re.findall(r"@font-face\s*\{([^}]*)\}", css):
        family = re.search(r"font-family:\s*['\"]?([^;'\"]+)", body).group(1)
        weight = re.search(r"font-weight:\s*([^;]+);", body)
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", body)
        faces.append({"family": family, "weight": weight.group(1).strip() if weight else "400", "urls": urls})
    return faces


def _font_list(css: str, language: str) -> list[str]:
    """The font-family list of the stylesheet's rule for pages in this language."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    primary = language.split("-")[0]
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if any(re.search(rf":lang\({re.escape(primary)}\)$", selector.strip()) for selector in selectors.split(",")):
            families = re.search(r"font-family:\s*([^;]+);", body)
            if families:
                return [family.strip().strip("'\"") for family in families.group(1).split(",")]
    return []


def measure() -> dict:
    """The stylesheets and font files each language's pages link, with their sizes."""
    _setup_django()
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string
    from django.utils import translation

    results = {}
    for code, name in _languages():
        with translation.override(code):
            html = render_to_string(INCLUDE)
        stylesheets, files, first = [], {}, {}
        for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html):
            path = Path(finders.find(href.removeprefix(settings.STATIC_URL)))
            css = path.read_text()
            stylesheets.append(
                {
                    "name": path.name,
                    "bytes": path.stat().st_size,
                    "gzip_bytes": len(gzip.compress(path.read_bytes(), compresslevel=9)),
                }
            )
            families = _font_list(css, code)
            for face in _font_faces(css):
                if face["family"] not in families:
                    continue
                for url in face["urls"]:
                    font = (path.parent / url).resolve()
                    files[font.name] = {"face": f"{face['family']} {face['weight']}", "bytes": font.stat().st_size}
                    if face["family"] == families[0]:
                        first[font.name] = font.stat().st_size
        results[code] = {
            "language": name,
            "stylesheets": stylesheets,
            "stylesheet_gzip_bytes": sum(sheet["gzip_bytes"] for sheet in stylesheets),
            "files": files,
            "font_bytes": sum(file["bytes"] for file in files.values()),
            "first_font_bytes": sum(first.values()),
        }
    return results


def _kb(count: int) -> str:
    return f"{count / 1024:.1f} KB"


def report(results: dict) -> str:
    """One paragraph per language, as printed."""
    lines = [
        f"{'language':<22} {'stylesheets (gzip)':<30} {'fonts':>9} {'first font':>11}",
    ]
    for code, figures in results.items():
        sheets = ", ".join(f"{sheet['name']} {sheet['gzip_bytes']:,} B" for sheet in figures["stylesheets"]) or "-"
        lines.append(
            f"{code + ' ' + figures['language']:<22} {sheets:<30} {_kb(figures['font_bytes']):>9} "
            f"{_kb(figures['first_font_bytes']):>11}"
        )
        for file_name, file in figures["files"].items():
            lines.append(f"{'':<22}   {file['face']:<27} {file['bytes']:>9,} B  {file_name}")
    return "\n".join(lines)


def markdown(results: dict) -> str:
    lines = [
        "| language | stylesheets (gzip) | fonts | first font | files |",
        "|---|---|---:|---:|---|",
    ]
    for code, figures in results.items():
        sheets = ", ".join(f"{sheet['name']} {sheet['gzip_bytes']:,} B" for sheet in figures["stylesheets"]) or "none"
        files = "; ".join(f"{file['face']} {file['bytes']:,} B" for file in figures["files"].values()) or "none"
        lines.append(
            f"| {code} ({figures['language']}) | {sheets} | {figures['font_bytes']:,} B | "
            f"{figures['first_font_bytes']:,} B | {files} |"
        )
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    results = measure()
    print("== Fonts a page adds, by language (a first visit on a phone without them; none on one with them)")
    print(report(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
