"""Contact activities: members log theirs, staff verify or return them."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.datastructures import MultiValueDict
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.roles import LEADER, MEMBER, STAFF, roles_for
from cppcc.api.base import (
    RoleScopedMixin,
    form_errors,
    staff_readable,
)
from cppcc.api.filters import IdFilter, IdFilterSet, YearFilter
from members.models import Member

from ..member_forms import ActivityForm
from ..models import (
    ContactActivity,
    ContactActivityParticipant,
    LiaisonGroupMembership,
)
from ..services import activities as activity_services
from ..services import member as member_services


def _pk_in(subquery_for):
    """A scope giving rows whose pk is in ``subquery_for(request)`` (no duplicate rows)."""

    def scope(queryset, request):
        return queryset.filter(pk__in=subquery_for(request))

    return scope


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = ContactActivityParticipant
        fields = ["member", "name"]


class ContactActivitySerializer(serializers.ModelSerializer):
    participants = ParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = ContactActivity
        fields = [
            "id",
            "committee",
            "kind",
            "title",
            "date",
            "contact_point",
            "place",
            "liaison_group",
            "people_reached",
            "issues_raised",
            "issues_resolved",
            "summary",
            "status",
            "returned_reason",
            "voided_reason",
            "submitted_at",
            "verified_at",
            "participants",
        ]
        read_only_fields = fields


class ActivityInputSerializer(serializers.Serializer):
    """What a member sends to log an activity: the web form's fields (checked by that form)."""

    kind = serializers.ChoiceField(choices=ContactActivity.Kind.choices)
    title = serializers.CharField(max_length=200, allow_blank=True)
    date = serializers.DateField()
    contact_point = serializers.IntegerField(required=False, allow_null=True)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    people_reached = serializers.IntegerField(required=False, min_value=0, default=0)
    issues_raised = serializers.IntegerField(required=False, min_value=0, default=0)
    issues_resolved = serializers.IntegerField(required=False, min_value=0, default=0)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    co_participants = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )
    submit = serializers.BooleanField(
        required=False, default=False, help_text="Send it to staff for verification at once."
    )


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class ContactActivityFilter(IdFilterSet):
    member = IdFilter(field_name="participants__member", distinct=True)
    group = IdFilter(field_name="liaison_group")
    year = YearFilter(field_name="date")
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = ContactActivity
        fields = ["committee", "kind", "status", "contact_point", "group", "member", "year"]


def _activities_taken_part(request):
    return ContactActivityParticipant.objects.filter(member_id=roles_for(request).member_id).values(
        "activity_id"
    )


def _activities_of_led_groups(request):
    led = LiaisonGroupMembership.objects.filter(group_id__in=roles_for(request).leader_of)
    return ContactActivityParticipant.objects.filter(member_id__in=led.values("member_id")).values(
        "activity_id"
    )


def _staff_activities(queryset, request):
    """Staff see activities once they are sent; drafts stay with the member who logs them."""
    return staff_readable()(queryset, request).exclude(status=ContactActivity.Status.DRAFT)


@extend_schema_view(
    create=extend_schema(
        description=(
            "A member logs an activity they took part in (they are listed themselves), as a "
            "draft or, with submit=true, sent to staff for verification. Checked by the web "
            "form's rules."
        ),
        request=ActivityInputSerializer,
        responses={201: ContactActivitySerializer},
    ),
)
class ContactActivityViewSet(
    RoleScopedMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = ContactActivity.objects.prefetch_related(
        Prefetch(
            "participants",
            queryset=ContactActivityParticipant.objects.select_related("member").order_by("pk"),
        )
    ).order_by("-date", "-pk")
    serializer_class = ContactActivitySerializer
    filterset_class = ContactActivityFilter
    scopes = {
        STAFF: _staff_activities,
        MEMBER: _pk_in(_activities_taken_part),
        LEADER: _pk_in(_activities_of_led_groups),
    }
    write_roles = (MEMBER, STAFF)
    search_fields = ["title", "place", "summary"]
    ordering_fields = ["date", "title", "status"]

    def create(self, request, *args, **kwargs):
        roles = roles_for(request)
        if not roles.is_member:
            raise PermissionDenied
        # The types first (DRF's messages), then the web form's rules, word for word.
        given = ActivityInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        member = Member.objects.select_related("committee").get(pk=roles.member_id)
        form = ActivityForm(data=_form_data(given.validated_data), member=member)
        if not form.is_valid():
            raise form_errors(form)
        activity = member_services.activity_log_by_member(
            member=member,
            by=request.user,
            submit=given.validated_data["submit"],
            co_participants=form.cleaned_data["co_participants"],
            **form.service_fields(),
        )
        activity = self.base_queryset().get(pk=activity.pk)
        return Response(
            ContactActivitySerializer(activity, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    def _staff_object(self):
        if not roles_for(self.request).is_staff:
            raise PermissionDenied
        return self.get_object()

    @extend_schema(
        request=None,
        responses={
            200: ContactActivitySerializer,
            409: OpenApiResponse(description="Only a submitted activity can be verified."),
        },
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Staff confirm a submitted activity; it then counts in the member's record."""
        activity = activity_services.activity_verify(activity=self._staff_object(), by=request.user)
        return self._answer(activity)

    @extend_schema(
        request=ReturnSerializer,
        responses={
            200: ContactActivitySerializer,
            400: OpenApiResponse(description="No reason given."),
        },
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_member(self, request, pk=None):
        """Staff send a submitted activity back to the member with the reason."""
        return self._with_reason(request, activity_services.activity_return)

    @extend_schema(
        request=ReturnSerializer,
        responses={
            200: ContactActivitySerializer,
            400: OpenApiResponse(description="No reason given."),
            409: OpenApiResponse(
                description="Only a submitted or verified activity can be voided."
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        """Staff void a submitted or verified activity with the reason: it is kept, with its
        history, and counts for nobody any more. Activities are never deleted."""
        return self._with_reason(request, activity_services.activity_void)

    @extend_schema(
        request=None,
        responses={
            200: ContactActivitySerializer,
            409: OpenApiResponse(description="Only a draft or returned activity can be sent."),
        },
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The member who logged a draft (or returned) activity sends it for verification."""
        if not roles_for(request).is_member:
            raise PermissionDenied
        activity = member_services.activity_send_for_verification(
            activity=self.get_object(), by=request.user
        )
        return self._answer(activity)

    def _with_reason(self, request, service):
        """A staff step that needs a reason (return, void), answered with the activity."""
        activity = self._staff_object()
        reason = ReturnSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        try:
            activity = service(
                activity=activity, by=request.user, reason=reason.validated_data["reason"]
            )
        except DjangoValidationError as error:
            if error.code == "required":  # the missing reason belongs to the reason field
                raise ValidationError({"reason": error.messages}) from error
            raise
        return self._answer(activity)

    def _answer(self, activity):
        activity = self.base_queryset().get(pk=activity.pk)
        return Response(
            ContactActivitySerializer(activity, context=self.get_serializer_context()).data
        )


def _form_data(data) -> dict:
    """The checked body as the web form's POST data (lists stay lists for the multiple choice)."""
    form_data = {}
    for key, value in data.items():
        if key == "co_participants":
            form_data[key] = value if isinstance(value, list) else [value]
        elif value is None:
            form_data[key] = ""
        else:
            form_data[key] = value
    return MultiValueDict({k: (v if isinstance(v, list) else [v]) for k, v in form_data.items()})
