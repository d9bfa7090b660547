"""Email: what a renderer returns for this channel, and how it is sent."""

import re
from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe

from .base import Channel

EMAIL = "email"


@dataclass(frozen=True)
class Email:
    to: list[str]
    subject: str
    text: str
    html: str = ""
    # (filename, content, mimetype), as EmailMessage.attach takes them.
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)


def html_from_text(text: str, *, links: dict[str, str]) -> SafeString:
    """The plain-text message as HTML: every character of it escaped, and only `links` tappable.

    The text carries what people typed (names, reasons, venue details). Linking every
    address found in it would turn a name such as "https://….example/login" into a
    working link in the charity's own email, so only addresses the site wrote (the
    keys of `links`, each with where it goes) become links.
    """
    if not links:
        return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 - linebreaks escaped the text
    # Longest first, so an address that begins with another is linked whole.
    pattern = re.compile("|".join(re.escape(link) for link in sorted(links, key=len, reverse=True)))
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[position : match.start()]), format_html('<a href="{}">{}</a>', links[match[0]], match[0])]
        position = match.end()
    parts.append(escape(text[position:]))
    # Each part is escaped or built by format_html, and linebreaks adds only <p> and <br>.
    return mark_safe(linebreaks("".join(parts)))  # noqa: S308


def email_from_template(
    *, to: list[str], subject: str, template: str, context: dict, links: dict[str, str], attachments=()
) -> Email:
    """An email written once, as text, by `template`: its HTML is the same words inside
    emails/base.html (which reads `html_lang` and `html_rtl` from `context`), with only
    `links` tappable."""
    text = render_to_string(template, context)
    return Email(
        to=to,
        subject=subject,
        text=text,
        html=render_to_string("emails/base.html", {**context, "body_html": html_from_text(text, links=links)}),
        attachments=list(attachments),
    )


def email_message(email: Email) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject=email.subject, body=email.text, to=email.to)
    if email.html:
        message.attach_alternative(email.html, "text/html")
    for filename, content, mimetype in email.attachments:
        message.attach(filename, content, mimetype)
    return message


def email_send(email: Email) -> None:
    email_message(email).send()


CHANNEL = Channel(name=EMAIL, send=email_send)

__all__ = ["CHANNEL", "EMAIL", "Email", "email_message", "email_send", "html_from_text"]
