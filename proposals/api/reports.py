"""Social-conditions reports (社情民意信息): authors write, the office adopts and forwards."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import MEMBER, STAFF, roles_for
from cppcc.api.base import (
    ActionRolesMixin,
    IllegalTransition,
    request_fields,
    staff_readable,
    valid,
)
from cppcc.api.filters import IdFilter, IdFilterSet, YearFilter
from members.models import Member

from .. import selectors, services
from ..admin.forms import ForwardReportForm, HigherAdoptionForm, InstructionInlineForm, ReasonForm
from ..forms import InviteForm, SocialReportForm
from ..models import SocialReport, SocialReportState
from .common import checked_input, fields_named, merged_form
from .serializers import (
    REPORT_ACTION,
    AdoptSerializer,
    ForwardSerializer,
    HigherAdoptionSerializer,
    InstructionSerializer,
    MemberRefSerializer,
    NoteSerializer,
    ReasonSerializer,
    SocialReportInputSerializer,
    SocialReportSerializer,
    report_response,
)


def _authored(queryset, request):
    """The member's page rule: reports they wrote or co-wrote."""
    member_id = roles_for(request).member_id
    if member_id is None:
        return queryset.none()
    return queryset.filter(pk__in=selectors.member_social_reports(member_id=member_id).values("pk"))


class SocialReportFilter(IdFilterSet):
    year = YearFilter(field_name="year", lookup_expr="exact")
    member = IdFilter(field_name="authors", distinct=True)
    submitted_after = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__gte")
    submitted_before = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__lte")

    class Meta:
        model = SocialReport
        fields = ["committee", "year", "state", "member"]


#: The database check's own message (one authorship per member and report).
ALREADY_AUTHOR = pgettext_lazy("social report", "This member is already an author of the report.")


@extend_schema_view(
    list=extend_schema(
        responses={
            200: SocialReportSerializer(many=True),
        }
    ),
    retrieve=extend_schema(responses={200: SocialReportSerializer}),
    create=extend_schema(
        request=SocialReportInputSerializer, responses={201: SocialReportSerializer}
    ),
    partial_update=extend_schema(
        request=SocialReportInputSerializer(partial=True), **REPORT_ACTION
    ),
)
class SocialReportViewSet(
    ActionRolesMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """社情民意信息: members write, change and submit theirs; staff adopt or reject, forward the
    adopted ones to the higher level and record what became of them there."""

    queryset = (
        SocialReport.objects.select_related("committee")
        .prefetch_related("authors")
        .order_by("-created_at", "-pk")
    )
    http_method_names = ["get", "post", "patch", "head", "options"]
    #: Changing a report that is no longer a draft is a 409 (schema).
    conflicting_actions = ("partial_update",)
    serializer_class = SocialReportSerializer
    filterset_class = SocialReportFilter
    search_fields = ["title"]
    ordering_fields = ["created_at", "submitted_at", "year", "title"]
    scopes = {MEMBER: _authored, STAFF: staff_readable()}
    action_roles = {
        "create": (MEMBER,),
        "submit": (MEMBER,),
        "adopt": (STAFF,),
        "reject": (STAFF,),
        "partial_update": (MEMBER,),
        "add_author": (MEMBER,),
        "remove_author": (MEMBER,),
        "return_for_revision": (STAFF,),
        "forward": (STAFF,),
        "record_higher_adoption": (STAFF,),
        "record_instruction": (STAFF,),
    }

    def create(self, request, *args, **kwargs):
        data = valid(SocialReportForm(request_fields(request)))
        member = Member.objects.select_related("committee").get(pk=roles_for(request).member_id)
        report = services.social_report_create(
            committee=member.committee,
            year=timezone.localdate().year,
            authors=[member],
            by=request.user,
            **data,
        )
        return report_response(report, status.HTTP_201_CREATED)

    @extend_schema(request=None, **REPORT_ACTION)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        services.social_report_submit(report=report, by=request.user)
        return report_response(report)

    @extend_schema(request=AdoptSerializer, **REPORT_ACTION)
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        report = self.get_object()
        issue = checked_input(AdoptSerializer, request.data).get("issue", "")
        services.social_report_adopt(report=report, issue=issue, by=request.user)
        return report_response(report)

    @extend_schema(request=NoteSerializer, **REPORT_ACTION)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        report = self.get_object()
        note = checked_input(NoteSerializer, request.data).get("note", "")
        services.social_report_reject(report=report, note=note, by=request.user)
        return report_response(report)

    def _draft(self) -> SocialReport:
        """The author's report, while it is still a draft (after that its authors are settled)."""
        report = self.get_object()
        if report.state != SocialReportState.DRAFT:
            raise IllegalTransition(_("Only a draft report can be changed by its authors."))
        return report

    def partial_update(self, request, *args, **kwargs):
        """An author changes the title or text of a draft."""
        report = self._draft()
        form = merged_form(SocialReportForm, report, request)
        valid(form)
        services.social_report_update(report=report, by=request.user, **form.changes(report))
        return report_response(report)

    def _member(self, request, report: SocialReport) -> Member:
        member_id = valid(InviteForm(request_fields(request)))["member"]
        member = Member.objects.filter(pk=member_id, committee_id=report.committee_id).first()
        if member is None:
            raise exceptions.ValidationError({"member": [_("Choose a member of your committee.")]})
        return member

    @extend_schema(request=MemberRefSerializer, **REPORT_ACTION)
    @action(detail=True, methods=["post"], url_path="add-author")
    def add_author(self, request, pk=None):
        """An author adds a co-author of the committee to the draft, after the others."""
        report = self.get_object()
        member = self._member(request, report)
        if report.authorships.filter(member=member).exists():
            raise exceptions.ValidationError({"member": [ALREADY_AUTHOR]})
        services.social_report_author_add(report=report, member=member, by=request.user)
        return report_response(report)

    @extend_schema(request=MemberRefSerializer, **REPORT_ACTION)
    @action(detail=True, methods=["post"], url_path="remove-author")
    def remove_author(self, request, pk=None):
        """An author takes a co-author off the draft."""
        report = self.get_object()
        member = self._member(request, report)
        authorship = report.authorships.filter(member=member).first()
        if authorship is None:
            raise exceptions.ValidationError(
                {"member": [_("This member is not an author of the report.")]}
            )
        services.social_report_author_remove(authorship=authorship, by=request.user)
        return report_response(report)

    @extend_schema(request=ReasonSerializer, **REPORT_ACTION)
    @action(detail=True, methods=["post"], url_path="return-for-revision")
    def return_for_revision(self, request, pk=None):
        """Staff send a submitted report back to its authors as a draft, saying why."""
        report = self.get_object()
        reason = valid(ReasonForm(request_fields(request)))["reason"]
        with fields_named(review_note="reason"):
            services.social_report_return_for_revision(report=report, note=reason, by=request.user)
        return report_response(report)

    @extend_schema(request=ForwardSerializer, **REPORT_ACTION)
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        """Staff send an adopted report on to the committee one level up (报送上级)."""
        report = self.get_object()
        data = valid(ForwardReportForm(request_fields(request)))
        services.social_report_forward(report=report, by=request.user, **data)
        return report_response(report)

    @extend_schema(request=HigherAdoptionSerializer, **REPORT_ACTION)
    @action(detail=True, methods=["post"], url_path="record-higher-adoption")
    def record_higher_adoption(self, request, pk=None):
        """Staff record that the higher level adopted a forwarded report."""
        report = self.get_object()
        data = valid(HigherAdoptionForm(request_fields(request)))
        with fields_named(higher_adopted_by="adopted_by", higher_adopted_on="adopted_on"):
            services.social_report_record_higher_adoption(report=report, by=request.user, **data)
        return report_response(report)

    @extend_schema(request=InstructionSerializer, responses={201: InstructionSerializer})
    @action(detail=True, methods=["post"], url_path="record-instruction")
    def record_instruction(self, request, pk=None):
        """Staff record a leader's instruction (批示) on an adopted report."""
        report = self.get_object()
        data = valid(InstructionInlineForm(request_fields(request)))
        instruction = services.social_report_instruction_record(
            report=report, by=request.user, **data
        )
        return Response(InstructionSerializer(instruction).data, status=status.HTTP_201_CREATED)
