"""The record of erasures on request, kept where a restore of the database cannot reach it.

A record in the database alone would be rolled back by the very restore it is for: a
backup taken before an erasure holds neither the erased family's absence nor the
record of it. So each record is written twice: as a row (events/models/erasures.py),
and, once the erasure is committed, as a small file in the uploads storage (the media
folder or bucket), which is backed up on its own and is not rolled back with the
database. `erasure_records_sync` joins the two, in both directions, before the
erasures are applied again. Neither copy holds personal data: only the keyed hash and
the day.
"""

import datetime as dt
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from events.models import ErasureRecord
from events.models.erasures import contact_erasure_digest

logger = logging.getLogger(__name__)

# Not under an upload folder of Wagtail's; the bucket is private (signed links), and a
# name says nothing but the hash anyway.
COPIES_FOLDER = "erasure-records"


def _copies_read() -> list[ErasureRecord]:
    """The copies, named "<day>_<hash>", so that one listing reads them all (no file to open)."""
    try:
        _folders, names = default_storage.listdir(COPIES_FOLDER)
    except FileNotFoundError:
        return []
    records = []
    for name in names:
        day, _, digest = name.partition("_")
        records.append(ErasureRecord(contact_digest=digest, erased_on=dt.date.fromisoformat(day)))
    return records


def _copies_write(records: list[ErasureRecord]) -> None:
    copied = {record.contact_digest for record in _copies_read()}
    for record in records:
        if record.contact_digest not in copied:
            name = f"{COPIES_FOLDER}/{record.erased_on.isoformat()}_{record.contact_digest}"
            default_storage.save(name, ContentFile(b""))


def erasure_records_add(*, identities: list[tuple[int, dt.datetime]], on: dt.date) -> None:
    """Remember that these contacts (id, created at) were erased, inside the erasure's transaction.

    The copy outside the database is written only after the erasure commits, so that an
    erasure that failed is never applied later; if the storage is down then, the next
    `erasure_records_sync` writes it.
    """
    records = [
        ErasureRecord(contact_digest=contact_erasure_digest(contact_id=contact_id, created_at=created_at), erased_on=on)
        for contact_id, created_at in identities
    ]
    # Erasing again after a restore finds the record already there.
    ErasureRecord.objects.bulk_create(records, ignore_conflicts=True)
    transaction.on_commit(lambda: _copies_write(records), robust=True)


def erasure_digests_known() -> set[str]:
    """Every erased contact's hash, from the database and from the copies outside it; changes nothing."""
    return set(ErasureRecord.objects.values_list("contact_digest", flat=True)) | {
        record.contact_digest for record in _copies_read()
    }


def erasure_records_sync() -> dict:
    """Put the records a restore rolled back into the database, and copy out any the storage lacks."""
    copies = _copies_read()
    held = set(ErasureRecord.objects.values_list("contact_digest", flat=True))
    restored = [record for record in copies if record.contact_digest not in held]
    ErasureRecord.objects.bulk_create(restored, ignore_conflicts=True)
    copied = {record.contact_digest for record in copies}
    missing = [record for record in ErasureRecord.objects.all() if record.contact_digest not in copied]
    _copies_write(missing)
    if restored or missing:
        logger.info(
            "Erasure records: %d brought back from the uploads storage, %d copied out to it",
            len(restored),
            len(missing),
        )
    return {"restored": len(restored), "copied_out": len(missing)}
