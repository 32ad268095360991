"""Answers the API gives outside its views: a path under /api/ that names nothing."""

from django.http import JsonResponse
from django.views import defaults
from rest_framework.exceptions import NotFound


def page_not_found(request, exception):
    """A 404 under /api/ (e.g. an id the router's pattern does not take) is the API's JSON
    error body, not the site's HTML page; elsewhere, the site's page."""
    if request.path.startswith("/api/"):
        error = NotFound()
        return JsonResponse({"detail": str(error.detail), "code": error.default_code}, status=404)
    return defaults.page_not_found(request, exception)
