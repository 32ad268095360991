from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from .renderers import EXPORT_FORMATS


class Pagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (at most 500 rows a page; a larger ask gets 500).

    A ``page`` or ``page_size`` that is not a whole number of at least 1 is a 400, not silently the
    default:
    a client asking for something it will not get should hear so. A CSV or Excel download
    (``?format=csv|xlsx``) is not paged: it holds every row the list's filters select, as a
    person exporting "the list" expects.
    """

    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        # A page that is not a whole number of at least 1 (``?page=`` included, which DRF would
        # take for page 1) is refused, for a download too; a page past the end is a 404.
        self.get_page_size(request)
        page = request.query_params.get(self.page_query_param)
        if page is not None and not _positive(page):
            raise ValidationError(
                {self.page_query_param: [_("Enter a whole number of at least 1.")]}
            )
        renderer = getattr(request, "accepted_renderer", None)
        if getattr(renderer, "format", None) in EXPORT_FORMATS:
            return None  # a download holds every row the filters select
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError(
                {self.page_size_query_param: [_("Enter a whole number of at least 1.")]}
            )
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_query_param, self.page_size_query_param):
                parameter["schema"]["minimum"] = 1
        return parameters


def _positive(value: str) -> bool:
    try:
        return int(value) >= 1
    except ValueError:
        return False
