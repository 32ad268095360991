"""Committees through the API: staff read theirs and those below; members read their own."""

from rest_framework import serializers, viewsets

from accounts.roles import MEMBER, STAFF
from cppcc.api.base import RoleScopedMixin, staff_readable

from .models import Committee


class CommitteeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Committee
        fields = ["id", "name", "level", "region", "parent"]


def _own_committee(queryset, request):
    from accounts.roles import roles_for

    return queryset.filter(pk=roles_for(request).member_committee_id)


class CommitteeViewSet(RoleScopedMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Committee.objects.order_by("path")
    serializer_class = CommitteeSerializer
    scopes = {STAFF: staff_readable(committee_path="pk"), MEMBER: _own_committee}
    filterset_fields = ["level", "parent"]
    search_fields = ["name", "region"]
    ordering_fields = ["name", "level"]


ROUTES = [("committees", CommitteeViewSet, "committee")]
