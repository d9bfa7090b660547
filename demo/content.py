"""Demo content: the site as an urban and a rural programme would use it.

Croydon has a weekly women-only group for Muslim mums with a creche, and a run of
workshops with guest speakers (croydon.py). The Scottish Borders has groups in six
villages meeting in halls and cafes, a dads' group and a Saturday group for working
parents (borders.py). Both share the site's pages and lists (site.py) and the help
and ideas and local services (library.py). Croydon also offers one-to-one sessions with a
trained worker (support.py). Every page is also there in Arabic, Urdu,
Bengali and Polish, and the Croydon pages are translated (translations.py). The groups
have met for most of a year, with registers taken and check-ins answered (history.py),
on the grants the programmes live on (grants.py).

Loading twice leaves the second run with nothing to do (base.py).
"""

from django.db import transaction

from home.permissions import area_coordinator_role_ensure, group_leader_role_ensure, staff_role_ensure

from .base import DemoReport
from .borders import borders_load
from .croydon import croydon_load
from .grants import grants_load
from .history import history_load
from .library import library_load
from .site import site_load
from .support import support_load
from .translations import translations_load


def demo_english_load(report: DemoReport):
    """The English pages; returns the two areas and their groups."""
    site = site_load(report)
    croydon, mums_space = croydon_load(report, site)
    support_load(report, croydon, venue=mums_space.venue)
    borders, village_groups, other_groups = borders_load(report, site)
    library_load(report, site, croydon=croydon, borders=borders)
    return croydon, borders, [*village_groups, mums_space, *other_groups]


@transaction.atomic
def demo_load() -> DemoReport:
    report = DemoReport()
    croydon, borders, groups = demo_english_load(report)
    translations_load(report)
    history_load(report, groups=groups)
    walkerburn = next(group for group in groups if group.slug == "walkerburn")
    grants_load(report, croydon=croydon, borders=borders, walkerburn=walkerburn)

    staff_role_ensure()
    area_coordinator_role_ensure(croydon)
    area_coordinator_role_ensure(borders)
    for page in groups:
        group_leader_role_ensure(page)
    return report
