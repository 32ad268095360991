"""Admin helpers shared by the meetings and supervision back offices."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from committees import access
from committees.admin_mixins import CommitteeScopedInline


class ParentWritableInline(CommitteeScopedInline):
    """An inline that is read-only when its parent belongs to a committee below the user's."""

    #: How to reach the committee from the parent object shown on the page.
    parent_committee_path = "committee"

    def _parent_writable(self, request, obj) -> bool:
        if obj is None:
            return True
        return access.can_write_committee(
            request.user, access.committee_id_of(obj, self.parent_committee_path)
        )

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._parent_writable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_writable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_writable(request, obj)


def run_per_item(
    request,
    items: Iterable,
    step: Callable[[object], object],
    *,
    label: Callable[[object], str] = str,
) -> int:
    """Run a service on each item; report each refusal as a message. Returns how many succeeded."""
    done = 0
    for item in items:
        try:
            step(item)
        except ValidationError as error:
            messages.error(request, f"{label(item)}：{'；'.join(error.messages)}")
        else:
            done += 1
    return done


def report_skipped_rows(request, total: int, writable: int) -> None:
    if total > writable:
        messages.warning(
            request,
            _("%(count)s selected record(s) belong to another committee and were left unchanged.")
            % {"count": total - writable},
        )
