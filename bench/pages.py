"""Public pages and calendar feeds over HTTP through gunicorn, with the production settings.

    .venv/bin/python bench/pages.py --db postgres --scale 1
    .venv/bin/python bench/pages.py --db sqlite --scale 10 --requests 100

Builds the benchmark data set (bench/workload.py) in a throwaway database, starts
gunicorn app processes and fetches the home, area, group, workshop, resource and
search pages and the whole-site, area and group feeds, one client on a kept-alive
connection asking for gzip. For each it prints the median and 95th percentile time
(as the server measured it and as the client saw it), the SQL queries per request
(counted inside the server), and the bytes on the wire.

Pages are measured four ways: "cached", as anonymous visitors mostly get them (the
rendered page comes from the page cache); "booked", the first render after a booking
on a session the page lists (before each request the server marks stale what that
booking would: bench/server_timing.py); "routed", rendered on every request but
with the address-to-page route remembered (a visit with a query string, or a
signed-in editor); "cold", with the page cache off, as the first request after a
restart, a cache flush or a change to the page tree pays. The floor is a static file with the same bytes as the group
page, served by the same gunicorn through WhiteNoise. Feeds are also fetched again
with the ETag they gave, which should answer 304, and "built": from the process with
the page cache off, with the cache emptied before every request, so every request
makes the file from the database (the first poll after a change).

`--workload` chooses the data set (bench/workload.py: the issue's, or the earlier
mixed one).
"""

import argparse
import gzip
import html.parser
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.httpbench import Client, load_average, measure  # noqa: E402
from bench.serve import served_site  # noqa: E402

ADD_RESOURCES = """
from home.models import HomePage, Topic
from resources.models import ResourceIndexPage, ResourcePage

home = HomePage.objects.first()
index = ResourceIndexPage.objects.first()
if index is None:
    index = ResourceIndexPage(title="Help and ideas", slug="help", introduction="Tips from other parents.")
    home.add_child(instance=index)
    index.save_revision().publish()
sleep = Topic.objects.get_or_create(slug="sleep", defaults={"name": "Sleep"})[0]
for number in range(RESOURCE_COUNT):
    resource = ResourcePage(
        title=f"Ideas for bedtime {number + 1}",
        slug=f"bedtime-{number + 1}",
        summary="Small changes that helped other families settle their little ones.",
        body=[("paragraph", "<p>A warm bath, a story and the same song every night.</p>" * 6)],
    )
    resource.topics = [sleep]
    index.add_child(instance=resource)
    resource.save_revision().publish()
result = f"{RESOURCE_COUNT} resource pages"
"""

ADD_IMAGES = """
import io
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from events.models import GroupPage, WorkshopPage
from django.db.models import Count

def photo(name):
    data = io.BytesIO()
    PillowImage.new("RGB", (2400, 1600), (200, 140, 90)).save(data, "JPEG", quality=90)
    return get_image_model().objects.create(title=name, file=ImageFile(data, name=f"{name}.jpg"))

group = GroupPage.objects.live().annotate(n=Count("sessions")).order_by("-n", "pk").first()
for page in [group, WorkshopPage.objects.live().order_by("pk").first()]:
    if page is not None:
        page.image = photo(page.slug)
        page.save_revision().publish()
result = "a 2400x1600 JPEG photo on the group and workshop pages"
"""

DISCOVER = """
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from wagtail.models import Site
from django.utils import timezone
from events.models import AreaPage, GroupPage, Session, WorkshopPage
from resources.models import ResourcePage

site = Site.objects.get(is_default_site=True)

def next_session(sessions):
    return sessions.filter(start__gt=timezone.now()).order_by("start", "pk").values_list("pk", flat=True).first()

def page_path(page):
    return page.specific.get_url(current_site=site) if page else None

def feed_path(name, page=None):
    if page is None:
        return reverse(name)
    for kwargs in ({"pk": page.pk}, {"page_id": page.pk}, {"id": page.pk}, {"slug": page.slug}):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return reverse(name, args=[page.pk])

group = GroupPage.objects.live().annotate(n=Count("sessions")).order_by("-n", "pk").first()
area = group.get_parent().specific if group else AreaPage.objects.live().order_by("pk").first()
workshop = WorkshopPage.objects.live().order_by("pk").first()
resource = ResourcePage.objects.live().order_by("pk").first()
search_word = group.title.split()[0] if group else "group"
result = {
    "pages": {
        "home": page_path(site.root_page),
        "area": page_path(area),
        "group": page_path(group),
        "workshop": page_path(workshop),
        "resource": page_path(resource),
        "search": "/search/?q=" + search_word,
    },
    "feeds": {
        "site feed": feed_path("events:site_ical"),
        "area feed": feed_path("events:area_ical", area) if area else None,
        "group feed": feed_path("events:page_ical", group) if group else None,
    },
    # A session each page lists, for "booked": the first render after a booking on it.
    "booked_sessions": {
        "home": next_session(Session.objects.filter(page__live=True)),
        "area": next_session(Session.objects.filter(page=group)) if group else None,
        "group": next_session(Session.objects.filter(page=group)) if group else None,
        "workshop": next_session(Session.objects.filter(page=workshop)) if workshop else None,
    },
    "groups": GroupPage.objects.live().count(),
    "area_groups": GroupPage.objects.live().child_of(area).count() if area else 0,
}
"""

PAGE_LABELS = ["home", "area", "group", "workshop", "resource", "search"]
FEED_LABELS = ["site feed", "area feed", "group feed"]


def _row(figures, mode: str) -> str:
    queries = ",".join(str(count) for count in sorted(figures.queries)) or "-"
    return (
        f"{figures.label:<11} {mode:<9} {figures.status:>4} {figures.server_median:>8.2f} {figures.server_p95:>8.2f} "
        f"{figures.cpu_median:>8.2f} "
        f"{figures.client_median:>8.2f} {figures.client_p95:>8.2f} {queries:>7} {figures.wire_bytes:>9,} "
        f"{figures.content_bytes:>9,}"
    )


HEADER = (
    f"{'what':<11} {'mode':<9} {'HTTP':>4} {'srv med':>8} {'srv p95':>8} {'cpu med':>8} {'cli med':>8} {'cli p95':>8} "
    f"{'queries':>7} {'wire B':>9} {'HTML B':>9}"
)


class _ImageReader(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def image_check(page_html: str) -> tuple[list[str], int]:
    """What is wrong with each image on a page: [] when every one is a sized WebP rendition."""
    reader = _ImageReader()
    reader.feed(page_html)
    problems = []
    for image in reader.images:
        sources = [image.get("src", "")] + [part.split()[0] for part in image.get("srcset", "").split(",") if part]
        if not all(source.lower().endswith(".webp") for source in sources if source):
            problems.append(f"{image.get('src')}: not WebP")
        if not (image.get("width") and image.get("height")):
            problems.append(f"{image.get('src')}: no width and height")
        if "/original_images/" in image.get("src", ""):
            problems.append(f"{image.get('src')}: the uploaded original, not a rendition")
    return problems, len(reader.images)


def write_floor_file(site, html: bytes) -> str:
    """A static file with the group page's bytes (and its gzip, as collectstatic makes)."""
    folder = Path(site.env["BENCH_STATIC_ROOT"]) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "group-page-copy.html").write_bytes(html)
    (folder / "group-page-copy.html.gz").write_bytes(gzip.compress(html, compresslevel=9))
    return "/static/bench/group-page-copy.html"


def redis_emptier(url: str):
    """A function that empties the Redis database at `url` (the cache of a benchmark site)."""
    import redis

    connection = redis.Redis.from_url(url)
    return connection.flushdb


def run(
    *,
    db: str,
    scale: int,
    requests: int,
    workers: int = 2,
    build: str | None = None,
    workload: str = "issue",
    root: Path | None = None,
    warmup: int = 10,
    tree: str = "this tree",
) -> dict:
    """Measure every page and feed; returns the figures (also printed).

    `root` serves another checkout (an earlier commit's worktree) instead of this one.
    """
    print(
        f"\n== Pages and feeds over HTTP: {tree}, {db}, scale {scale}, {workload} workload (building the data set...)",
        flush=True,
    )
    where = {"root": root} if root else {}
    with served_site(
        db=db, scale=scale, processes=0, workers=workers, redis=True, build=build, workload=workload, **where
    ) as site:
        # The calendar data set has no resources: ten per scale, so they grow with it too.
        resources_added = site.python(f"RESOURCE_COUNT = {10 * scale}\n" + ADD_RESOURCES)
        images_added = site.python(ADD_IMAGES)
        found = site.python(DISCOVER)
        paths = {**found["pages"], **found["feeds"]}
        missing = sorted(label for label, path in paths.items() if not path)
        # WhiteNoise indexes static files when a process starts, so the floor file is
        # written from a first render before the measured processes start.
        first = site.start_app_process(workers=1, threads=1)
        group_html = Client(first).get(paths["group"], headers={"Accept-Encoding": "identity"}).body
        floor_path = write_floor_file(site, group_html)
        cached_url = site.start_app_process(workers=workers, threads=4)
        site.env["PAGE_CACHE_SECONDS"] = "0"
        cold_url = site.start_app_process(workers=workers, threads=4)

        print(f"   data: {site.workload}; {resources_added}; {images_added}")
        print(f"   load average before measuring: {load_average()}")
        print(HEADER)
        results = {
            "db": db,
            "scale": scale,
            "workload": workload,
            "tree": tree,
            "requests": requests,
            "data": site.workload,
            "area_groups": found.get("area_groups"),
            "pages": {},
            "feeds": {},
            "missing": missing,
        }
        for label in PAGE_LABELS:
            if not paths.get(label):
                continue
            figures = {}
            booked = found.get("booked_sessions", {}).get(label)
            for mode, url, path, headers in [
                ("cold", cold_url, paths[label], None),
                ("routed", cached_url, paths[label] + ("&" if "?" in paths[label] else "?") + "from=bench", None),
                ("booked", cached_url, paths[label], {"X-Bench-Booked": str(booked)}),
                ("cached", cached_url, paths[label], None),
            ]:
                if mode == "booked" and not booked:
                    continue
                figures[mode] = measure(url, label, path, requests=requests, warmup=warmup, headers=headers)
                print(_row(figures[mode], mode), flush=True)
            results["pages"][label] = {mode: value.as_dict() for mode, value in figures.items()}
        image_report, image_count = [], 0
        for label in PAGE_LABELS:
            if paths.get(label):
                problems, count = image_check(Client(cached_url).get(paths[label]).text)
                image_report += [f"{label}: {problem}" for problem in problems]
                image_count += count
        results["images"] = {
            "ok": image_count > 0 and not image_report,
            "summary": (
                f"{image_count} images on the pages ({images_added}); "
                + ("; ".join(image_report) if image_report else "every one a WebP rendition with width and height")
            ),
        }
        print("   images:", results["images"]["summary"], flush=True)
        floor = measure(cached_url, "static", floor_path, requests=requests, warmup=warmup)
        print(_row(floor, "floor"), flush=True)
        results["floor"] = floor.as_dict()
        for label in FEED_LABELS:
            if not paths.get(label):
                continue
            full = measure(cached_url, label, paths[label], requests=requests, warmup=warmup)
            print(_row(full, "200"), flush=True)
            etag = Client(cached_url).get(paths[label]).headers.get("ETag")
            repeat = measure(
                cached_url, label, paths[label], requests=requests, warmup=warmup, headers={"If-None-Match": etag}
            )
            print(_row(repeat, "304 rpt"), flush=True)
            results["feeds"][label] = {"full": full.as_dict(), "repeat": repeat.as_dict()}
        # Last, since emptying the cache also empties the other process's page cache.
        empty_cache = redis_emptier(site.env["REDIS_URL"])
        for label in FEED_LABELS:
            if paths.get(label):
                built = measure(cold_url, label, paths[label], requests=requests, warmup=warmup, before=empty_cache)
                print(_row(built, "built"), flush=True)
                results["feeds"][label]["built"] = built.as_dict()
        # After every page and feed has been served: what one app worker holds.
        rss = {"cached": site.worker_rss_kib(cached_url), "cold": site.worker_rss_kib(cold_url)}
        results["memory"] = {
            "worker_rss_kib": rss,
            "worker_rss_mib_max": round(max(max(sizes, default=0) for sizes in rss.values()) / 1024, 1),
        }
        print(f"   app workers' memory (RSS, KiB): {rss}", flush=True)
        if missing:
            print("   not measured (not in this site yet):", ", ".join(missing))
        results["load_average_after"] = load_average()
        print(f"   load average after measuring: {results['load_average_after']}")
        return results


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--workload", choices=["issue", "mixed"], default="issue", help="which data set")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per page")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    results = run(db=args.db, scale=args.scale, requests=args.requests, workload=args.workload)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
