"""What languages added to the pages' weight: English pages now and before languages.

    .venv/bin/python bench/page_weight.py
    .venv/bin/python bench/page_weight.py --base 1c1841d --json weight.json

Checks out the commit before languages (`--base`, 1c1841d: the last commit without
them) into a temporary git worktree, and for it and for this tree, each in its own
throwaway SQLite file with `gather.settings.dev`, runs that tree's `manage.py` to
migrate and load the demo content (demo/, whose English pages are the same in both
trees; this tree adds the Croydon pages in Arabic, Urdu, Bengali and Polish and an
untranslated twin of every other page). Then, in that tree's Django, the test client
fetches the same English pages as a browser asking for English: home, area, group,
workshop, a session's booking page, search and a resource.

For each it prints the HTML bytes and the gzip bytes before and after, and the
ratio after / before; then the same pages at /ar/, /ur/, /bn/ and /pl/ (after only),
and the font files each language's pages add (bench/fonts.py). "gzip" is the HTML
compressed as GZipMiddleware does (level 6) without the 0 to 100 random bytes it adds
against BREACH, so runs compare; CSRF tokens and CSP nonces are random, which moves
gzip figures by a few bytes from run to run.

For the English difference it also prints the bytes of the language list
(`<nav class="language-list">`) and of the hreflang `<link rel="alternate">` lines in
each English page after, and what remains of the difference without them. Nothing is
written to either tree: the databases, media and keys are in a temporary directory,
and the temporary worktree is removed at the end.
"""

import argparse
import contextlib
import gzip
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.httpbench import load_average  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
BASE_COMMIT = "1c1841d"
BASE_WORKTREE = Path(tempfile.gettempdir()) / "gather-base"
OTHER_LANGUAGES = ["ar", "ur", "bn", "pl"]
PAGES = ["home", "area", "group", "workshop", "session booking", "search", "resource"]
# The demo's pages measured, by slug; the search word finds groups, workshops and resources.
SLUGS = {"area": "croydon", "group": "mums-space", "workshop": "your-health-visitor", "resource": "hints-and-tips"}
SEARCH_WORD = "Croydon"
HOST = "127.0.0.1:8000"
# A phone's browser asking for an English page.
HEADERS = {"HTTP_ACCEPT": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}

LOAD = """
import json, sys
from demo.content import demo_load
report = demo_load()
sys.stdout.write("\\n@@RESULT@@" + json.dumps({"created": len(report.created), "sessions": report.sessions_added}))
"""

# Runs in each tree's Django (manage.py shell -c): finds the pages and fetches them.
FETCH = """
import json, sys
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import compress_string
from wagtail.models import Locale, Page, Site
from events.models import Session
from events.models.schedules import SessionStatus

SLUGS = json.loads(SLUGS_JSON)
HEADERS = json.loads(HEADERS_JSON)
translation.activate(settings.LANGUAGE_CODE)
default = Locale.get_default()
site = Site.objects.get(is_default_site=True)

def english(slug):
    return Page.objects.get(slug=slug, locale=default).specific

group = english(SLUGS["group"])
session = (
    Session.objects.filter(page=group, status=SessionStatus.SCHEDULED, start__gte=timezone.now())
    .order_by("start").first()
)
paths = {
    "home": site.root_page.specific.get_url(current_site=site),
    "area": english(SLUGS["area"]).get_url(current_site=site),
    "group": group.get_url(current_site=site),
    "workshop": english(SLUGS["workshop"]).get_url(current_site=site),
    "session booking": reverse("events:session_detail", args=[session.pk]),
    "search": reverse("search") + "?q=" + SEARCH_WORD,
    "resource": english(SLUGS["resource"]).get_url(current_site=site),
}
translation.deactivate()

def fetch(path):
    response = Client(HTTP_HOST=HOST, **HEADERS).get(path)
    body = response.content
    return {
        "path": path,
        "status": response.status_code,
        "html": len(body),
        "gzip": len(compress_string(body)),
        "text": body.decode(),
    }

result = {"en": {label: fetch(path) for label, path in paths.items()}}
for code in LANGUAGES:
    result[code] = {label: fetch("/" + code + path) for label, path in paths.items()}
sys.stdout.write("\\n@@RESULT@@" + json.dumps(result))
"""


def _env(directory: Path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "SQLITE_", "EMAIL_", "AWS_", "MEDIA_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="gather.settings.dev",
        SQLITE_PATH=str(directory / "db.sqlite3"),
        MEDIA_ROOT=str(directory / "media"),
        SECRET_KEY=secrets.token_urlsafe(50),
        TASK_BACKEND="immediate",
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("PYTHONPATH", None)
    return env


def _manage(tree: Path, env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "manage.py", *args], cwd=tree, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _finish(process: subprocess.Popen, what: str):
    stdout, stderr = process.communicate()
    if process.returncode:
        raise RuntimeError(f"{what} failed:\n{stdout[-2000:]}\n{stderr[-4000:]}")
    return json.loads(stdout.rsplit("@@RESULT@@", 1)[1]) if "@@RESULT@@" in stdout else None


def _steps(trees: dict[str, Path], envs: dict[str, dict], step) -> dict:
    """Run one manage.py step in both trees at once (two cores: half the wait)."""
    running = {name: step(name, tree, envs[name]) for name, tree in trees.items()}
    return {name: _finish(process, f"{name}: {' '.join(process.args[2:4])}") for name, process in running.items()}


@contextlib.contextmanager
def base_worktree(commit: str):
    """A detached checkout of `commit`, removed on exit."""
    if BASE_WORKTREE.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(BASE_WORKTREE)], cwd=ROOT, check=False)
        shutil.rmtree(BASE_WORKTREE, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=True)
    subprocess.run(
        ["git", "worktree", "add", "--quiet", "--detach", str(BASE_WORKTREE), commit],
        cwd=ROOT,
        check=True,
    )
    try:
        yield BASE_WORKTREE
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(BASE_WORKTREE)], cwd=ROOT, check=False)
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=False)


def measure(commit: str = BASE_COMMIT) -> dict:
    """Build both trees' sites and fetch the pages; returns the figures."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    with base_worktree(commit) as base, tempfile.TemporaryDirectory(prefix="gather-weight-") as scratch:
        trees = {"before": base, "after": ROOT}
        envs = {}
        for name in trees:
            (Path(scratch) / name).mkdir()
            envs[name] = _env(Path(scratch) / name)
        started = time.monotonic()
        _steps(trees, envs, lambda name, tree, env: _manage(tree, env, "migrate", "--noinput", "-v0"))
        loaded = _steps(trees, envs, lambda name, tree, env: _manage(tree, env, "shell", "-c", LOAD))
        built = time.monotonic() - started

        def fetch(name, tree, env):
            code = (
                f"SLUGS_JSON = {json.dumps(json.dumps(SLUGS))}\n"
                f"HEADERS_JSON = {json.dumps(json.dumps(HEADERS))}\n"
                f"SEARCH_WORD = {SEARCH_WORD!r}\nHOST = {HOST!r}\n"
                f"LANGUAGES = {OTHER_LANGUAGES if name == 'after' else []!r}\n" + FETCH
            )
            return _manage(tree, env, "shell", "-c", code)

        fetched = _steps(trees, envs, fetch)
    base_commit = subprocess.run(
        ["git", "rev-parse", "--short", commit], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "before_commit": base_commit,
        "after_commit": head.strip(),
        "demo": loaded,
        "build_seconds": round(built, 1),
        "before": fetched["before"]["en"],
        "after": fetched["after"],
    }


LANGUAGE_LIST = re.compile(r'<nav class="language-list".*?</nav>\s*', re.DOTALL)
ALTERNATES = re.compile(r'<link rel="alternate" hreflang="[^"]*" href="[^"]*">\s*')


def language_parts(text: str) -> dict:
    """Bytes of the language list and of the hreflang alternates in a page."""
    nav = "".join(LANGUAGE_LIST.findall(text)).encode()
    links = "".join(ALTERNATES.findall(text)).encode()
    rest = ALTERNATES.sub("", LANGUAGE_LIST.sub("", text)).encode()
    return {
        "language_list": len(nav),
        "language_list_gzip_alone": len(gzip.compress(nav, compresslevel=6, mtime=0)) if nav else 0,
        "alternates": len(links),
        "alternate_count": len(ALTERNATES.findall(text)),
        "without_both_gzip": len(gzip.compress(rest, compresslevel=6, mtime=0)),
    }


def report(figures: dict, fonts_figures: dict | None) -> str:
    before, after = figures["before"], figures["after"]["en"]
    lines = [
        f"English pages before languages ({figures['before_commit']}) and after ({figures['after_commit']}),"
        " demo content, SQLite, gather.settings.dev, Django test client",
        "",
        f"{'page':<16} {'HTML before':>11} {'HTML after':>10} {'ratio':>6}  "
        f"{'gzip before':>11} {'gzip after':>10} {'ratio':>6}  status",
    ]
    for label in PAGES:
        b, a = before[label], after[label]
        lines.append(
            f"{label:<16} {b['html']:>11,} {a['html']:>10,} {a['html'] / b['html']:>6.3f}  "
            f"{b['gzip']:>11,} {a['gzip']:>10,} {a['gzip'] / b['gzip']:>6.3f}  {b['status']}/{a['status']}"
        )
    total = {key: (sum(before[p][key] for p in PAGES), sum(after[p][key] for p in PAGES)) for key in ("html", "gzip")}
    lines.append(
        f"{'all seven':<16} {total['html'][0]:>11,} {total['html'][1]:>10,} "
        f"{total['html'][1] / total['html'][0]:>6.3f}  "
        f"{total['gzip'][0]:>11,} {total['gzip'][1]:>10,} {total['gzip'][1] / total['gzip'][0]:>6.3f}"
    )
    lines += [
        "",
        "Where the English difference comes from (bytes of HTML in the page after):",
        f"{'page':<16} {'HTML added':>10} {'lang. list':>10} {'hreflang':>9} {'rest':>6}  "
        f"{'gzip added':>10} {'gzip without both':>17}",
    ]
    for label in PAGES:
        b, a = before[label], after[label]
        parts = language_parts(a["text"])
        added = a["html"] - b["html"]
        lines.append(
            f"{label:<16} {added:>10,} {parts['language_list']:>10,} "
            f"{str(parts['alternates']) + ' (' + str(parts['alternate_count']) + ')':>9} "
            f"{added - parts['language_list'] - parts['alternates']:>6,}  {a['gzip'] - b['gzip']:>10,} "
            f"{parts['without_both_gzip'] - b['gzip']:>+17,}"
        )
    lines += [
        "",
        "Pages in the other languages (after only; ratio to the English page after):",
        f"{'page':<16} {'lang':<4} {'HTML':>8} {'gzip':>7} {'gzip/en':>7}  status  text",
    ]
    for code in OTHER_LANGUAGES:
        for label in PAGES:
            page, english = figures["after"][code][label], after[label]
            untranslated = 'class="translation-missing"' in page["text"]
            text = "English, with the not-translated notice" if untranslated else "in the language"
            lines.append(
                f"{label:<16} {code:<4} {page['html']:>8,} {page['gzip']:>7,} {page['gzip'] / english['gzip']:>7.2f}  "
                f"{page['status']:>6}  {text}"
            )
    if fonts_figures:
        lines += ["", "Fonts a page adds, by language (bench/fonts.py; first visit on a phone without them):"]
        for code, font in fonts_figures.items():
            lines.append(
                f"  {code:<6} stylesheet {font['stylesheet_gzip_bytes']:>6,} B gzip, fonts {font['font_bytes']:>8,} B,"
                f" first font {font['first_font_bytes']:>8,} B"
            )
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=BASE_COMMIT, help="the commit before languages")
    parser.add_argument("--json", type=Path, help="also write the figures (without the pages' text) to this file")
    parser.add_argument("--html", type=Path, help="also write every page fetched to this folder, to compare")
    args = parser.parse_args(argv)
    started = time.monotonic()
    print(f"load average before: {load_average()}", flush=True)
    figures = measure(args.base)
    from bench import fonts

    font_figures = fonts.measure()
    print(report(figures, font_figures))
    print(
        f"\nbuilt both sites in {figures['build_seconds']} s; whole run {time.monotonic() - started:.0f} s; "
        f"load average after: {load_average()}"
    )
    if args.html:
        for tree, by_language in [("before", {"en": figures["before"]}), ("after", figures["after"])]:
            for code, pages in by_language.items():
                for label, page in pages.items():
                    path = args.html / tree / code / (label.replace(" ", "-") + ".html")
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(page["text"])
    if args.json:
        for pages in [figures["before"], *figures["after"].values()]:
            for page in pages.values():
                page.pop("text", None)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"pages": figures, "fonts": font_figures}, indent=2))


if __name__ == "__main__":
    main()
