"""Which renderer answers: JSON unless a list is asked for as a download.

``?format=csv`` / ``?format=xlsx`` (cppcc/api/renderers.py) make sense only for reading: other
methods answer in JSON whatever ``format`` says. Reading in a format the API does not know is a
400 naming the parameter (DRF's default answers it with a 404, which no client expects from a
query parameter)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation

from .renderers import EXPORT_FORMATS

READING = ("GET", "HEAD")


def is_export(renderer) -> bool:
    return getattr(renderer, "format", None) in EXPORT_FORMATS


class ContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        param = self.settings.URL_FORMAT_OVERRIDE
        wanted = request.query_params.get(param)
        if request.method not in READING:
            # Writes answer in JSON whatever ``format`` says; the method decides (405 and all).
            if wanted is not None:
                request._request.GET = request._request.GET.copy()
                request._request.GET.pop(param)
            renderers = [renderer for renderer in renderers if not is_export(renderer)]
        elif wanted is not None and not any(renderer.format == wanted for renderer in renderers):
            raise ValidationError({param: [_("This format is not offered here.")]})
        return super().select_renderer(request, renderers, format_suffix)
