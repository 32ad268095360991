"""Proposal clues (提案线索): anyone hands one in, the office triages them."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import STAFF
from cppcc.api.base import ActionRolesMixin, request_fields, staff_readable, valid
from cppcc.api.filters import IdFilterSet
from evaluations.ratelimit import WINDOW_SECONDS, over_limit

from .. import services
from ..admin.forms import AdoptClueForm, ReferClueForm
from ..models import ProposalClue
from ..public_forms import PublicClueForm
from ..public_views import RATE_LIMIT_SCOPE
from .common import checked_input, fields_named
from .serializers import (
    AdoptClueSerializer,
    ClueInputSerializer,
    ClueReceiptSerializer,
    ClueSerializer,
    NoteSerializer,
    ReferSerializer,
)


class ClueFilter(IdFilterSet):
    submitted_after = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__gte")
    submitted_before = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__lte")

    class Meta:
        model = ProposalClue
        fields = ["committee", "status", "channel"]


@extend_schema_view(
    list=extend_schema(
        responses={
            200: ClueSerializer(many=True),
        }
    ),
    retrieve=extend_schema(responses={200: ClueSerializer}),
    create=extend_schema(
        request=ClueInputSerializer,
        responses={
            201: ClueReceiptSerializer,
            429: OpenApiResponse(description=_("Too many submissions from this address")),
        },
        auth=[{}],
    ),
)
class ClueViewSet(ActionRolesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """提案线索: anyone may hand one in (as on the public form); staff read and triage."""

    queryset = ProposalClue.objects.select_related("committee").order_by("-submitted_at", "-pk")
    serializer_class = ClueSerializer
    filterset_class = ClueFilter
    search_fields = ["title"]
    ordering_fields = ["submitted_at", "title", "status"]
    scopes = {STAFF: staff_readable()}
    action_roles = {
        "start_review": (STAFF,),
        "decline": (STAFF,),
        "refer": (STAFF,),
        "adopt": (STAFF,),
    }

    def get_permissions(self):
        if self.action == "create":
            return [permissions.AllowAny()]
        return super().get_permissions()

    def create(self, request, *args, **kwargs):
        if over_limit(request, scope=RATE_LIMIT_SCOPE, limit=settings.PUBLIC_CLUE_RATE_LIMIT):
            raise exceptions.Throttled(wait=WINDOW_SECONDS)
        form = PublicClueForm(request_fields(request))
        receipt = {"detail": str(_("Thank you: your clue was received."))}
        if form.is_robot:
            # As on the page: a robot is thanked and nothing is stored.
            return Response(receipt, status=status.HTTP_201_CREATED)
        data = valid(form)
        services.clue_submit(
            committee=data["committee"],
            title=data["title"],
            content=data["content"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
        )
        return Response(receipt, status=status.HTTP_201_CREATED)

    def _clue_response(self, clue) -> Response:
        return Response(ClueSerializer(ProposalClue.objects.get(pk=clue.pk)).data)

    @extend_schema(request=None, responses={200: ClueSerializer})
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request, pk=None):
        clue = self.get_object()
        services.clue_start_review(clue=clue, by=request.user)
        return self._clue_response(clue)

    @extend_schema(request=NoteSerializer, responses={200: ClueSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        clue = self.get_object()
        note = checked_input(NoteSerializer, request.data).get("note", "")
        services.clue_decline(clue=clue, note=note, by=request.user)
        return self._clue_response(clue)

    @extend_schema(request=ReferSerializer, responses={200: ClueSerializer})
    @action(detail=True, methods=["post"])
    def refer(self, request, pk=None):
        """Staff pass the clue to an active member of the committee, who may make it a proposal."""
        clue = self.get_object()
        data = valid(ReferClueForm(request_fields(request), committee_id=clue.committee_id))
        with fields_named(referred_member="member"):
            services.clue_refer(clue=clue, by=request.user, **data)
        return self._clue_response(clue)

    @extend_schema(request=AdoptClueSerializer, responses={200: ClueSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        """Staff record the committee's proposal the clue became (part of)."""
        clue = self.get_object()
        data = valid(AdoptClueForm(request_fields(request), committee_id=clue.committee_id))
        with fields_named(resulting_proposal="proposal"):
            services.clue_adopt(clue=clue, by=request.user, **data)
        return self._clue_response(clue)
