"""Notifications through the API: each person reads only their own and marks them read
(``notifications.services``); another person's notification is a 404."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cppcc.api.filters import IdFilterSet

from . import selectors, services
from .models import Notification, Reason


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "committee",
            "reason",
            "period",
            "title",
            "body",
            "url",
            "created_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields


class MarkedAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were marked read.")


class NotificationFilter(IdFilterSet):
    kind = django_filters.ChoiceFilter(field_name="reason", choices=Reason.choices)
    status = django_filters.ChoiceFilter(
        method="filter_status", choices=[("read", "read"), ("unread", "unread")]
    )
    date_from = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    date_to = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = Notification
        fields = ["committee"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "unread")


NOT_FOUND = OpenApiResponse(description="Not found, or another person's notification.")


@extend_schema_view(
    mark_read=extend_schema(request=None, responses={200: NotificationSerializer, 404: NOT_FOUND}),
    mark_all_read=extend_schema(request=None, responses={200: MarkedAllSerializer}),
)
class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The signed-in person's own notifications, newest first."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    search_fields = ["title", "body"]
    ordering_fields = ["created_at", "read_at"]
    ordering = ["-created_at", "-pk"]
    #: Marking read again is no conflict (schema: no 409).
    stateless_actions = ("mark_read",)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Notification.objects.none()
        return selectors.notifications_for_user(self.request.user)

    @action(detail=True, methods=["post"], url_path="mark-read")
    def mark_read(self, request, pk=None):
        notification = self.get_object()
        notification = services.notification_mark_read(
            user=request.user, notification_id=notification.pk
        )
        return Response(NotificationSerializer(notification).data)

    @action(detail=False, methods=["post"], url_path="mark-all-read")
    def mark_all_read(self, request):
        return Response({"marked": services.notifications_mark_all_read(user=request.user)})


ROUTES = [("notifications", NotificationViewSet, "notification")]
