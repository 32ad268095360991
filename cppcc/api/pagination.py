from rest_framework.pagination import PageNumberPagination

from .renderers import EXPORT_FORMATS


class Pagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (at most 500 rows a page).

    A CSV or Excel download (``?format=csv|xlsx``) is not paged: it holds every row the list's
    filters select, as a person exporting "the list" expects.
    """

    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        renderer = getattr(request, "accepted_renderer", None)
        if getattr(renderer, "format", None) in EXPORT_FORMATS:
            return None
        return super().paginate_queryset(queryset, request, view)
