"""Duty records members produce — speeches, research reports, study notes — through the API.

A member reads their own (the reports they wrote or co-wrote); staff read their committee's.
A member records a research report or a study note through the web page's form
(``meetings.member_forms``) for a meeting they were invited to; staff record any of the three
for a member of their committee (``member`` in the body), with the same form where there is one,
through the same ``meetings.services.*_record``. Speeches have no member form: staff record them.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from accounts.roles import MEMBER, STAFF, roles_for, scope_own
from committees.voiding import COUNTED
from cppcc.api.base import (
    ActionRolesMixin,
    OwnCommitteeField,
    request_fields,
    staff_readable,
    valid,
)
from cppcc.api.filters import IdFilter, IdFilterSet, year_filter
from members.models import Member

from . import selectors, services
from .member_forms import ResearchReportForm, StudyNoteForm
from .models import Attendance, ResearchReport, ResearchReportAuthor, Speech, StudyNote

# --- who the record is for, and the meeting it follows ------------------------------------------


class RecordedForSerializer(serializers.Serializer):
    member = OwnCommitteeField(
        Member, help_text="Staff only: the member of their committee the record is for."
    )


class MeetingRefSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(min_value=1, help_text="A meeting the member attended.")


def recorded_member(request) -> Member:
    """Staff name the member (one of their committee); a member records for themself."""
    if roles_for(request).is_staff:
        body = RecordedForSerializer(data=request_fields(request), context={"request": request})
        body.is_valid(raise_exception=True)
        return body.validated_data["member"]
    return get_object_or_404(Member, pk=roles_for(request).member_id)


def invitation(request, member: Member) -> Attendance:
    """The member's invitation to the body's meeting; a meeting they were not invited to is a
    404, as on the web page."""
    body = MeetingRefSerializer(data=request_fields(request))
    body.is_valid(raise_exception=True)
    found = selectors.member_invitation(
        member_id=member.pk, meeting_id=body.validated_data["meeting"]
    )
    if found is None:
        raise Http404
    return found


class RecordViewSet(ActionRolesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """A kind of duty record: read by its member and the committee's staff; ``record`` makes one
    for the request's member (``recorded_member``) and answers with the record as read."""

    def create(self, request, *args, **kwargs):
        record = self.record(request, recorded_member(request))
        record = self.base_queryset().get(pk=record.pk)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)

    def record(self, request, member: Member):
        raise NotImplementedError


_NOT_INVITED = OpenApiResponse(description="The member was not invited to that meeting.")


def _create_schema(request, response, who: str):
    return extend_schema_view(
        create=extend_schema(
            request=request,
            responses={201: response, 404: _NOT_INVITED},
            description=who,
        )
    )


# --- speeches ---------------------------------------------------------------------------------


class SpeechSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)

    class Meta:
        model = Speech
        fields = [
            "id",
            "meeting",
            "meeting_title",
            "member",
            "member_name",
            "kind",
            "title",
            "text",
            "recorded_at",
            "voided_at",
            "voided_reason",
        ]
        read_only_fields = fields


class SpeechCreateSerializer(RecordedForSerializer, MeetingRefSerializer):
    kind = serializers.ChoiceField(choices=Speech.Kind.choices, default=Speech.Kind.ORAL)
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(required=False, allow_blank=True, default="")


class SpeechFilter(IdFilterSet):
    year = year_filter("meeting__start_date")

    class Meta:
        model = Speech
        fields = ["member", "meeting", "kind"]


@_create_schema(
    SpeechCreateSerializer,
    SpeechSerializer,
    "Staff record a member's speech (发言) at a meeting the member was invited to; an oral "
    "speech needs the member there.",
)
class SpeechViewSet(RecordViewSet):
    """Speeches (发言): a member's own; staff by committee."""

    queryset = Speech.objects.select_related("meeting", "member")
    serializer_class = SpeechSerializer
    scopes = {MEMBER: scope_own, STAFF: staff_readable("meeting__committee")}
    action_roles = {"create": (STAFF,)}
    committee_path = "meeting__committee"
    filterset_class = SpeechFilter
    search_fields = ["title", "member__name"]
    ordering_fields = ["recorded_at", "meeting__start_date"]
    ordering = ["-meeting__start_date", "-pk"]

    def record(self, request, member):
        meeting = invitation(request, member).meeting
        body = SpeechCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = {k: v for k, v in body.validated_data.items() if k not in ("member", "meeting")}
        return services.speech_record(meeting=meeting, member=member, **data)


# --- research reports -------------------------------------------------------------------------


class ReportAuthorSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = ResearchReportAuthor
        fields = ["member", "member_name", "is_lead", "voided_at"]
        read_only_fields = fields


class ResearchReportSerializer(serializers.ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    authors = ReportAuthorSerializer(source="author_links", many=True, read_only=True)

    class Meta:
        model = ResearchReport
        fields = [
            "id",
            "committee",
            "meeting",
            "meeting_title",
            "title",
            "summary",
            "written_on",
            "authors",
            "voided_at",
            "voided_reason",
        ]
        read_only_fields = fields


class ResearchReportCreateSerializer(MeetingRefSerializer):
    """Documents the body; ``ResearchReportForm`` (the web page's) checks it."""

    member = serializers.IntegerField(
        required=False, help_text="Staff only: the lead author, a member of their committee."
    )
    title = serializers.CharField(max_length=200)
    written_on = serializers.DateField()
    summary = serializers.CharField(required=False, allow_blank=True)
    co_authors = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, help_text="Members."
    )


class ResearchReportFilter(IdFilterSet):
    year = year_filter("written_on")
    member = IdFilter(field_name="author_links__member", label=_("author"))

    class Meta:
        model = ResearchReport
        fields = ["meeting", "committee"]


def _authored(queryset, request):
    """The reports the person is an author of (a subquery: no row twice)."""
    links = scope_own(ResearchReportAuthor.objects.filter(COUNTED), request)
    return queryset.filter(pk__in=links.values("report_id"))


@_create_schema(
    ResearchReportCreateSerializer,
    ResearchReportSerializer,
    "A member records the report of a research or inspection trip they were on, as its lead "
    "author (the web page's form); staff record one for a member of their committee.",
)
class ResearchReportViewSet(RecordViewSet):
    """Research reports (调研报告): those a member wrote or co-wrote; staff by committee."""

    queryset = ResearchReport.objects.select_related("meeting").prefetch_related(
        "author_links__member"
    )
    serializer_class = ResearchReportSerializer
    scopes = {
        MEMBER: _authored,
        STAFF: staff_readable(),
    }
    action_roles = {"create": (MEMBER, STAFF)}
    filterset_class = ResearchReportFilter
    search_fields = ["title"]
    ordering_fields = ["written_on", "title"]
    ordering = ["-written_on", "-pk"]

    def record(self, request, member):
        meeting = invitation(request, member).meeting
        data = valid(ResearchReportForm(request_fields(request), member=member, meeting=meeting))
        return services.research_report_record(
            meeting=meeting,
            title=data["title"],
            written_on=data["written_on"],
            summary=data["summary"],
            authors=[member, *data["co_authors"]],
            lead=member,
        )


# --- study notes ------------------------------------------------------------------------------


class StudyNoteSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = StudyNote
        fields = [
            "id",
            "member",
            "member_name",
            "meeting",
            "title",
            "body",
            "written_on",
            "voided_at",
            "voided_reason",
        ]
        read_only_fields = fields


class StudyNoteCreateSerializer(serializers.Serializer):
    """Documents the body; ``StudyNoteForm`` (the web page's) checks it."""

    member = serializers.IntegerField(
        required=False, help_text="Staff only: a member of their committee."
    )
    meeting = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="A training or reading-group session the member was invited to; none: "
        "self-study.",
    )
    title = serializers.CharField(max_length=200)
    written_on = serializers.DateField()
    body = serializers.CharField()


class StudyNoteFilter(IdFilterSet):
    year = year_filter("written_on")

    class Meta:
        model = StudyNote
        fields = ["member", "meeting"]


@extend_schema_view(
    create=extend_schema(
        request=StudyNoteCreateSerializer,
        responses={201: StudyNoteSerializer},
        description="A member records a study note (the web page's form); staff record one "
        "for a member of their committee.",
    )
)
class StudyNoteViewSet(RecordViewSet):
    """Study notes (学习心得): a member's own; staff by committee."""

    queryset = StudyNote.objects.select_related("member")
    serializer_class = StudyNoteSerializer
    scopes = {MEMBER: scope_own, STAFF: staff_readable("member__committee")}
    action_roles = {"create": (MEMBER, STAFF)}
    committee_path = "member__committee"
    filterset_class = StudyNoteFilter
    search_fields = ["title"]
    ordering_fields = ["written_on", "title"]
    ordering = ["-written_on", "-pk"]

    def record(self, request, member):
        data = valid(StudyNoteForm(request_fields(request), member=member))
        return services.study_note_record(
            member=member,
            meeting=data["meeting"],
            title=data["title"],
            body=data["body"],
            written_on=data["written_on"],
        )


ROUTES = [
    ("speeches", SpeechViewSet, "speech"),
    ("research-reports", ResearchReportViewSet, "research-report"),
    ("study-notes", StudyNoteViewSet, "study-note"),
]
