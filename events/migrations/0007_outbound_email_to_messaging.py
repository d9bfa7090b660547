"""Move the email outbox into messaging.OutboundMessage, keeping every row as it was.

The contact becomes the message's recipient and the booking, waiting-list entry or
session (the most particular one set) what it is about; status, attempts, errors,
next try, claim, dedupe key and times are copied unchanged. So a pending email is
sent once by the new outbox, a sent one never again, and one a worker had claimed
while the deploy ran waits out that claim before it is tried. Rows are copied by one
INSERT ... SELECT, which keeps created_at (auto_now_add would overwrite it).
"""

from django.db import migrations

COPY_FORWARD = """
INSERT INTO {message} (channel, kind, about_type_id, about_id, recipient_type_id, recipient_id, dedupe_key,
    status, attempts, last_error, next_attempt_at, claimed_until, created_at, sent_at)
SELECT 'email', kind,
    CASE WHEN booking_id IS NOT NULL THEN %s WHEN waiting_entry_id IS NOT NULL THEN %s
         WHEN session_id IS NOT NULL THEN %s END,
    COALESCE(booking_id, waiting_entry_id, session_id),
    %s, contact_id, dedupe_key, status, attempts, last_error, next_attempt_at, claimed_until, created_at, sent_at
FROM {email} ORDER BY id
"""

COPY_BACK = """
INSERT INTO {email} (kind, contact_id, booking_id, waiting_entry_id, session_id, dedupe_key,
    status, attempts, last_error, next_attempt_at, claimed_until, created_at, sent_at)
SELECT kind, recipient_id,
    CASE WHEN about_type_id = %s THEN about_id END,
    CASE WHEN about_type_id = %s THEN about_id END,
    CASE WHEN about_type_id = %s THEN about_id END,
    dedupe_key, status, attempts, last_error, next_attempt_at, claimed_until, created_at, sent_at
FROM {message} WHERE channel = 'email' AND recipient_type_id = %s ORDER BY id
"""


def _content_type_ids(apps) -> list[int]:
    content_types = apps.get_model("contenttypes", "ContentType").objects
    return [
        content_types.get_or_create(app_label="events", model=model)[0].pk
        for model in ("booking", "waitingentry", "session", "contact")
    ]


def _tables(apps, schema_editor) -> dict[str, str]:
    quote = schema_editor.quote_name
    return {
        "email": quote(apps.get_model("events", "OutboundEmail")._meta.db_table),
        "message": quote(apps.get_model("messaging", "OutboundMessage")._meta.db_table),
    }


def copy_forward(apps, schema_editor):
    schema_editor.execute(COPY_FORWARD.format(**_tables(apps, schema_editor)), _content_type_ids(apps))


def copy_back(apps, schema_editor):
    schema_editor.execute(COPY_BACK.format(**_tables(apps, schema_editor)), _content_type_ids(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0006_contact_details_normalise"),
        ("messaging", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_forward, copy_back),
        migrations.RemoveIndex(model_name="outboundemail", name="events_outb_status_cbaa0b_idx"),
        migrations.DeleteModel(name="OutboundEmail"),
    ]
