"""Store phone numbers in E.164 form and give one household_ref to each family as now counted.

Contacts are one family for the funder counts when they share an email address (any
case) or a phone number (any format), directly or through other contacts. Each such
group takes the household_ref of its earliest contact, and bookings follow, including
bookings whose contact was already purged, through the reference they carried.
Phone numbers that cannot be read are kept as they were.
"""

import phonenumbers
from django.db import migrations


def _phone(raw):
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        return raw
    if not phonenumbers.is_possible_number(number):
        return raw
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def households_recompute(apps, schema_editor):
    Contact = apps.get_model("events", "Contact")
    Booking = apps.get_model("events", "Booking")
    contacts = list(Contact.objects.order_by("pk").only("pk", "email", "phone", "household_ref"))

    parent = {contact.pk: contact.pk for contact in contacts}

    def root(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    first_with = {}
    for contact in contacts:
        phone = _phone(contact.phone)
        if phone != contact.phone:
            contact.phone = phone
            Contact.objects.filter(pk=contact.pk).update(phone=phone)
        keys = [("email", contact.email.strip().lower()), ("phone", phone)]
        for key in [key for key in keys if key[1]]:
            if key in first_with:
                # The smaller id wins, so each group ends up rooted at its earliest contact.
                a, b = root(first_with[key]), root(contact.pk)
                parent[max(a, b)] = min(a, b)
            else:
                first_with[key] = contact.pk

    by_pk = {contact.pk: contact for contact in contacts}
    new_ref = {}
    for contact in contacts:
        ref = by_pk[root(contact.pk)].household_ref
        if contact.household_ref != ref:
            new_ref.setdefault(contact.household_ref, ref)
            Contact.objects.filter(pk=contact.pk).update(household_ref=ref)
            Booking.objects.filter(contact_id=contact.pk).update(household_ref=ref)
    for old, ref in new_ref.items():
        Booking.objects.filter(contact__isnull=True, walk_in=False, household_ref=old).update(household_ref=ref)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_contact_email_proven_at"),
    ]

    operations = [
        migrations.RunPython(households_recompute, migrations.RunPython.noop),
    ]
