"""Builders for resources and the local services directory (pages published as in home/builders.py)."""

from home.builders import page_add

from .models import LocalService, ResourceKind, ResourcePage


def resource_add(index, title, *, kind=ResourceKind.HINTS_AND_TIPS, topics=(), body=(), **fields) -> ResourcePage:
    fields.setdefault("summary", f"{title}, in a few minutes' reading.")
    return page_add(index, ResourcePage(title=title, kind=kind, body=list(body), topics=list(topics), **fields))


def local_service_add(name, *, areas=(), topics=(), **fields) -> LocalService:
    fields.setdefault("description", f"{name} for families with young children.")
    service = LocalService.objects.create(name=name, **fields)
    service.areas.set(areas)
    service.topics.set(topics)
    return service


def local_service_ensure(name, **fields) -> tuple[LocalService, bool]:
    existing = LocalService.objects.filter(name=name).first()
    if existing is not None:
        return existing, False
    return local_service_add(name, **fields), True
