"""What a page shows beside its own fields, found by the page's type.

An app's selectors read its page models, so a page model that imported its selectors
would have each module import the other. A page model's get_context asks here instead,
and each app's selectors register the listing of the page types they serve with
`@listing_for("app.Model")`, imported when the app is ready.
"""

from collections.abc import Callable

_LISTINGS: dict[str, Callable[..., dict]] = {}


def listing_for(model_label: str):
    """Register `function(page=..., request=...) -> dict` as the listing of one page type."""

    def register(function):
        _LISTINGS[model_label] = function
        return function

    return register


def page_listing(page, request) -> dict:
    """The context a page's template needs beside the page itself."""
    return _LISTINGS[page._meta.label](page=page, request=request)
