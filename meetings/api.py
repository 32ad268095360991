"""Meetings, invitations/attendance and leave requests through the API.

Staff read their committee's (and lower committees') meetings, invitations and leave requests;
a member reads the meetings they are invited to, their own invitations and leave requests.
Members ask for leave for their own invitation with the web form's rules
(``LeaveRequestForm`` and ``leave_request_submit_by_member``) and may withdraw a pending request;
staff of the meeting's committee approve or refuse (``leave_request_approve``/``_reject``) and
mark attendance (``attendance_mark``). A refused move is a 400 with the service's message.
"""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import MEMBER, STAFF, roles_for, scope_own
from cppcc.api.base import (
    HasRole,
    RoleScopedMixin,
    WritableCommitteeField,
    form_errors,
    staff_readable,
)
from cppcc.api.filters import IdFilter, IdFilterSet, year_filter

from . import services
from .api_records import ROUTES as RECORD_ROUTES
from .member_forms import LeaveRequestForm
from .models import (
    MARKED_STATUSES,
    Attendance,
    AttendanceStatus,
    LeaveRequest,
    Meeting,
    MeetingKind,
    TrainingCompletion,
)

# --- meetings ---------------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    organiser_name = serializers.CharField(
        source="organiser.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "committee",
            "committee_name",
            "kind",
            "title",
            "topic",
            "organiser",
            "organiser_name",
            "place",
            "start_date",
            "end_date",
            "start_time",
            "half_days",
            "off_site",
            "notes",
        ]


class MeetingWriteSerializer(serializers.ModelSerializer):
    """Staff create and change meetings; ``meetings.services`` validate them (``full_clean``:
    dates in order, the organiser of the same committee, recorded attendance still fitting)."""

    committee = WritableCommitteeField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "committee",
            "kind",
            "title",
            "topic",
            "organiser",
            "place",
            "start_date",
            "end_date",
            "start_time",
            "half_days",
            "off_site",
            "notes",
        ]

    def create(self, validated_data):
        return services.meeting_create(**validated_data)

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return services.meeting_save(meeting=instance)

    def to_representation(self, instance):
        return MeetingSerializer(instance, context=self.context).data


class MeetingFilter(IdFilterSet):
    year = year_filter("start_date")
    date_from = django_filters.DateFilter(field_name="start_date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="start_date", lookup_expr="lte")
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices)

    member = IdFilter(
        field_name="attendances__member", label=_("Meetings this member is invited to")
    )

    class Meta:
        model = Meeting
        fields = ["committee", "kind", "organiser"]


def _invited_meetings(queryset, request):
    member_id = roles_for(request).member_id
    return queryset.filter(
        pk__in=Attendance.objects.filter(member_id=member_id).values("meeting_id")
    )


_MEETING_WRITE = extend_schema(request=MeetingWriteSerializer, responses={200: MeetingSerializer})


@extend_schema_view(
    create=extend_schema(request=MeetingWriteSerializer, responses={201: MeetingSerializer}),
    update=_MEETING_WRITE,
    partial_update=_MEETING_WRITE,
)
class MeetingViewSet(
    RoleScopedMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Meetings and activities: staff by committee; a member those they are invited to. Staff
    of a committee create and change its meetings."""

    queryset = Meeting.objects.select_related("committee", "organiser")
    serializer_class = MeetingSerializer
    scopes = {STAFF: staff_readable(), MEMBER: _invited_meetings}
    write_roles = (STAFF,)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return MeetingWriteSerializer
        return MeetingSerializer

    filterset_class = MeetingFilter
    search_fields = ["title", "topic", "place"]
    ordering_fields = ["start_date", "title", "kind"]
    ordering = ["-start_date", "title"]


# --- invitations and attendance ---------------------------------------------------------------


class AttendanceSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    meeting_start_date = serializers.DateField(source="meeting.start_date", read_only=True)

    class Meta:
        model = Attendance
        fields = [
            "id",
            "meeting",
            "meeting_title",
            "meeting_start_date",
            "member",
            "member_name",
            "status",
            "half_days_present",
            "training_completion",
            "note",
            "invited_at",
            "marked_at",
        ]
        read_only_fields = fields


class AttendanceMarkSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=MARKED_STATUSES)
    half_days_present = serializers.IntegerField(
        min_value=0, max_value=32767, required=False, allow_null=True
    )
    training_completion = serializers.ChoiceField(
        choices=TrainingCompletion.choices, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class AttendanceFilter(IdFilterSet):
    committee = IdFilter(field_name="meeting__committee")
    year = year_filter("meeting__start_date")
    date_from = django_filters.DateFilter(field_name="meeting__start_date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="meeting__start_date", lookup_expr="lte")
    kind = django_filters.ChoiceFilter(field_name="meeting__kind", choices=MeetingKind.choices)
    status = django_filters.ChoiceFilter(choices=AttendanceStatus.choices)

    class Meta:
        model = Attendance
        fields = ["meeting", "member"]


def _staff_attendance(queryset, request):
    return staff_readable("meeting__committee")(queryset, request)


@extend_schema_view(
    mark=extend_schema(
        request=AttendanceMarkSerializer,
        responses={200: AttendanceSerializer},
        description="Staff of the meeting's committee mark this invitation's attendance.",
    )
)
class AttendanceViewSet(RoleScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Invitations with their attendance: staff by committee; a member their own."""

    queryset = Attendance.objects.select_related("meeting", "member")
    serializer_class = AttendanceSerializer
    scopes = {STAFF: _staff_attendance, MEMBER: scope_own}
    write_roles = (STAFF,)
    committee_path = "meeting__committee"
    filterset_class = AttendanceFilter
    search_fields = ["member__name", "meeting__title"]
    ordering_fields = ["meeting__start_date", "member__name", "status"]
    ordering = ["-meeting__start_date", "member__name", "pk"]

    @action(detail=True, methods=["post"])
    def mark(self, request, pk=None):
        attendance = self.get_object()
        data = AttendanceMarkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.attendance_mark(
            meeting=attendance.meeting,
            members=[attendance.member],
            status=values["status"],
            by=request.user,
            half_days_present=values.get("half_days_present"),
            training_completion=values.get("training_completion", ""),
            note=values.get("note"),
        )
        attendance.refresh_from_db()
        return Response(AttendanceSerializer(attendance).data)


# --- leave requests ---------------------------------------------------------------------------


class LeaveRequestSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)

    class Meta:
        model = LeaveRequest
        fields = [
            "id",
            "meeting",
            "meeting_title",
            "member",
            "member_name",
            "reason",
            "state",
            "submitted_at",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class LeaveRequestCreateSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(
        min_value=1, help_text="The meeting the member is invited to."
    )
    reason = serializers.CharField(help_text="Reason for leave (the web form's rules).")


class LeaveDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class LeaveRequestFilter(IdFilterSet):
    committee = IdFilter(field_name="meeting__committee")
    year = year_filter("meeting__start_date")
    date_from = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__gte")
    date_to = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__lte")
    status = django_filters.ChoiceFilter(field_name="state", choices=LeaveRequest.State.choices)

    class Meta:
        model = LeaveRequest
        fields = ["meeting", "member"]


def _staff_leave(queryset, request):
    return staff_readable("meeting__committee")(queryset, request)


_decision = extend_schema(
    request=LeaveDecisionSerializer,
    responses={200: LeaveRequestSerializer},
    description="Staff of the meeting's committee decide a pending request; one already "
    "decided or withdrawn is a 409.",
)


@extend_schema_view(
    create=extend_schema(
        request=LeaveRequestCreateSerializer,
        responses={
            201: LeaveRequestSerializer,
            404: OpenApiResponse(description="The person is not invited to that meeting."),
        },
        description="A member asks for leave from a meeting they are invited to, before it ends.",
    ),
    approve=_decision,
    reject=_decision,
    withdraw=extend_schema(
        request=None,
        responses={204: None},
        description="The member takes back a request nobody has decided yet.",
    ),
)
class LeaveRequestViewSet(RoleScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Leave requests: staff by committee; a member their own."""

    queryset = LeaveRequest.objects.select_related("meeting", "member")
    serializer_class = LeaveRequestSerializer
    scopes = {STAFF: _staff_leave, MEMBER: scope_own}
    write_roles = (STAFF, MEMBER)
    committee_path = "meeting__committee"
    filterset_class = LeaveRequestFilter
    search_fields = ["member__name", "meeting__title", "reason"]
    ordering_fields = ["submitted_at", "meeting__start_date", "state"]
    ordering = ["-submitted_at", "-pk"]

    def get_queryset(self):
        # Members write only their own requests (withdraw, create); staff decide their
        # committee's. The write scope per action:
        if self.action in ("create", "withdraw"):
            return scope_own(self.base_queryset(), self.request)
        return super().get_queryset()

    def get_permissions(self):
        perms = super().get_permissions()
        if self.action in ("approve", "reject"):
            perms.append(HasRole((STAFF,)))
        elif self.action in ("create", "withdraw"):
            perms.append(HasRole((MEMBER,)))
        return perms

    def create(self, request, *args, **kwargs):
        body = LeaveRequestCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        form = LeaveRequestForm({"reason": body.validated_data["reason"]})
        invitation = get_object_or_404(
            scope_own(Attendance.objects.select_related("meeting", "member"), request),
            meeting_id=body.validated_data["meeting"],
        )
        if not form.is_valid():
            raise form_errors(form)
        leave = services.leave_request_submit_by_member(
            meeting=invitation.meeting,
            member=invitation.member,
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        return Response(LeaveRequestSerializer(leave).data, status=status.HTTP_201_CREATED)

    def _decide(self, request, service):
        leave = self.get_object()
        body = LeaveDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decided = service(
            leave_request=leave, approver=request.user, note=body.validated_data["note"]
        )
        return Response(LeaveRequestSerializer(decided).data)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, services.leave_request_approve)

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, services.leave_request_reject)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        leave = self.get_object()
        services.leave_request_withdraw(leave_request=leave, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


ROUTES = [
    ("meetings", MeetingViewSet, "meeting"),
    ("attendances", AttendanceViewSet, "attendance"),
    ("leave-requests", LeaveRequestViewSet, "leave-request"),
    *RECORD_ROUTES,
]
