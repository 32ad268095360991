"""Committees through the API: staff read theirs and those below, and change their own
committee's details; members read their own committee."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from accounts.roles import MEMBER, STAFF, roles_for
from cppcc.api.base import RoleScopedMixin, StrictModelSerializer, staff_readable

from . import access, services
from .models import Committee


class CommitteeSerializer(StrictModelSerializer):
    class Meta:
        model = Committee
        fields = ["id", "name", "short_name", "level", "region", "region_code", "parent"]
        # Where a committee sits is the platform operator's to change (the admin).
        read_only_fields = ["id", "level", "parent"]
        validators = []  # the service checks the model's rules

    def update(self, instance, validated_data):
        return services.committee_update(committee=instance, **validated_data)


def _own_committee(queryset, request):
    return queryset.filter(pk=roles_for(request).member_committee_id)


_CHANGE = extend_schema(
    description="Staff change their own committee's names and region; a committee below "
    "theirs is readable, not writable (404).",
    responses={200: CommitteeSerializer},
)


@extend_schema_view(update=_CHANGE, partial_update=_CHANGE)
class CommitteeViewSet(RoleScopedMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Committee.objects.order_by("path")
    serializer_class = CommitteeSerializer
    scopes = {STAFF: staff_readable(committee_path="pk"), MEMBER: _own_committee}
    write_roles = (STAFF,)
    filterset_fields = ["level", "parent"]
    search_fields = ["name", "region"]
    ordering_fields = ["name", "level"]

    def get_queryset(self):
        if self.request.method in ("PUT", "PATCH"):
            # A committee is its own "committee": staff write to theirs only.
            writable = access.writable_committees(self.request.user)
            return self.base_queryset().filter(pk__in=writable.values("pk"))
        return super().get_queryset()


ROUTES = [("committees", CommitteeViewSet, "committee")]
