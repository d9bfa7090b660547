"""On a fresh machine texts are printed to the console, as emails are."""

import pytest

from messaging.channels.text import Text, text_send

pytestmark = pytest.mark.django_db


def test_a_text_is_printed_with_its_number_its_segments_and_its_words(settings, capsys):
    settings.TEXT_BACKEND = "messaging.texting.backends.console.TextBackend"

    receipt = text_send(Text(to="+447700900123", body="Gather: آپ کی بکنگ ہو گئی ہے"))

    printed = capsys.readouterr().out
    assert "Text to +447700900123 (1 segment, UCS-2)" in printed
    assert "Gather: آپ کی بکنگ ہو گئی ہے" in printed
    assert receipt.provider_id.startswith("console-") and receipt.segments == 1
