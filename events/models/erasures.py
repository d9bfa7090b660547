"""Erasures on request, remembered without personal data so that a restore cannot undo them.

A backup taken before a family asked to be erased still holds their details. After a
restore from it, `manage.py reapply_erasures` erases again every contact named here
(events/services/privacy.py). The restore rolls this table back too, so each record
is also copied outside the database (events/services/erasures.py).

A record names a contact by a keyed hash (SECRET_KEY) of the contact's own identity:
its id and the instant it was created. Nothing in the database can be turned back
into a name, an address or a number, and without the key a copy of the table cannot
be matched to an older backup. It names the contact, not the household: a household
reference is shared by whoever typed the same email or phone number, so re-erasing by
it would erase a family because a stranger typed their address. The id alone is not
enough either: a restore winds the id sequence back, and the next new family would
be given the id of a contact erased after the backup.
"""

import datetime as dt

from django.db import models
from django.utils.crypto import salted_hmac

DIGEST_SALT = "gather.events.erasure-record"


def contact_erasure_digest(*, contact_id: int, created_at: dt.datetime) -> str:
    """The stand-in an erased contact is remembered by; the same for its row in any backup."""
    # To the second: a dump made another way than pg_dump (dumpdata's JSON keeps
    # milliseconds) must still match, and a new contact given an erased one's id after
    # a restore was created long after it.
    created = created_at.astimezone(dt.UTC).isoformat(timespec="seconds")
    return salted_hmac(DIGEST_SALT, f"{contact_id}:{created}", algorithm="sha256").hexdigest()


class ErasureRecord(models.Model):
    """One contact erased on request: kept by the erasure and the purge, which remove only contacts."""

    contact_digest = models.CharField(max_length=64, unique=True, editable=False)
    # The day only: enough to tell which backups predate it.
    erased_on = models.DateField(editable=False)

    def __str__(self):
        return f"Erased on {self.erased_on:%Y-%m-%d}"
