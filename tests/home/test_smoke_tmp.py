import datetime as dt
import pytest
from tests import factories as f

@pytest.mark.django_db
def test_smoke(client):
    tree = f.site_tree()
    area = f.area_add(tree, "Scottish Borders")
    venue = f.venue_add("Peebles Hall", area=area, step_free_access=True)
    g = f.group_add(area, "Peebles mums", venue=venue, audiences=[f.audience("Mums")], weekday="saturday")
    f.news_add(g, "Picnic in the park")
    w = f.workshop_add(tree.workshop_index, "Sleep", topics=[f.topic("Sleep")], groups=[g], on=dt.date.today()+dt.timedelta(days=3))
    r = f.resource_add(tree.resource_index, "Hints and tips", topics=[f.topic("Sleep")])
    f.local_service_add("Library bus", areas=[area], topics=[f.topic("Sleep")])
    for url in ["/", area.url, g.url, w.url, r.url, tree.area_index.url, tree.workshop_index.url, tree.resource_index.url, tree.local_service_index.url, tree.privacy.url, "/search/?q=peebles", "/search/?day=saturday", "/search/?q=zzz&area=scottish-borders", g.get_children().first().url]:
        resp = client.get(url)
        print(url, resp.status_code, len(resp.content))
        assert resp.status_code == 200, resp.content[:3000]
    open("/tmp/scratch/group.html","w").write(client.get(g.url).content.decode()); open("/tmp/scratch/home.html","w").write(client.get("/").content.decode()); open("/tmp/scratch/area.html","w").write(client.get(area.url).content.decode())
    print(client.get("/search/?q=peebles").content.decode())
