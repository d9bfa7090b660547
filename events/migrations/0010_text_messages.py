from django.db import migrations, models

import events.models.contacts


def tokens_fill(apps, schema_editor):
    Contact = apps.get_model("events", "Contact")
    for contact in Contact.objects.filter(text_token__isnull=True).only("pk").iterator():
        Contact.objects.filter(pk=contact.pk).update(text_token=events.models.contacts.new_short_token())


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0009_venue_translations"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="texts_agreed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="contact",
            name="text_token",
            field=models.CharField(editable=False, max_length=16, null=True),
        ),
        migrations.RunPython(tokens_fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="contact",
            name="text_token",
            field=models.CharField(
                default=events.models.contacts.new_short_token, editable=False, max_length=16, unique=True
            ),
        ),
    ]
