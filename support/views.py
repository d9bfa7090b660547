"""Placeholders for the family's one-to-one pages: the family side replaces this file.

Only so that support/urls.py resolves and messages can link to the private page.
"""

from django.http import Http404


def support_ask(request, slot_id):
    raise Http404


def support_manage(request, token):
    raise Http404
