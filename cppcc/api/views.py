"""Answers the API gives outside its router: a JSON 404 under /api/, the ReDoc page."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import defaults
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView
from rest_framework.exceptions import NotFound


def page_not_found(request, exception):
    """A 404 under /api/ (e.g. an id the router's pattern does not take) is the API's JSON
    error body, not the site's HTML page; elsewhere, the site's page."""
    if request.path.startswith("/api/"):
        error = NotFound()
        return JsonResponse({"detail": str(error.detail), "code": error.default_code}, status=404)
    return defaults.page_not_found(request, exception)


@method_decorator(
    csp_replace(
        {
            # ReDoc's components add <style> elements without the nonce; with a nonce listed,
            # browsers ignore 'unsafe-inline', so this page's style-src has it instead.
            "style-src": [SELF, UNSAFE_INLINE],
            "font-src": [SELF, "data:"],
            # Its search index runs in a worker made from a blob.
            "worker-src": [SELF, "blob:"],
        }
    ),
    name="dispatch",
)
class RedocView(SpectacularRedocView):
    """ReDoc, under a content security policy that fetches nothing from other hosts.

    Its bundle always shows Redocly's logo from cdn.redoc.ly in the sidebar (no setting turns it
    off); with this policy the browser never asks for it (the link text stays). The policy is the
    site's (cppcc/settings/base.py), widened for this page only: ReDoc styles its components
    with inline <style> elements; its start-up script carries the nonce
    (templates/drf_spectacular/redoc.html)."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
