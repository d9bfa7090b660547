from django.template.response import TemplateResponse

from .selectors import search_listing


def search(request):
    return TemplateResponse(request, "search/search.html", search_listing(params=request.GET))
