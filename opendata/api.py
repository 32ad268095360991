"""Open data through the API: a committee's members, sectors and seats as Popolo JSON."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.roles import STAFF
from committees.models import Committee
from cppcc.api.base import RoleScopedMixin, staff_readable

from .popolo import committee_popolo

PopoloSerializer = inline_serializer(
    "Popolo",
    fields={
        "persons": serializers.ListField(
            child=serializers.DictField(), help_text="Popolo persons (person.json)."
        ),
        "organizations": serializers.ListField(
            child=serializers.DictField(),
            help_text=(
                "Popolo organizations (organization.json): the committee, its sectors and "
                "special committees, the parties and the members' work units, told apart by "
                "classification."
            ),
        ),
        "memberships": serializers.ListField(
            child=serializers.DictField(),
            help_text="Popolo memberships (membership.json), with start and end dates.",
        ),
        "posts": serializers.ListField(
            child=serializers.DictField(),
            help_text="Popolo posts (post.json): the leadership and Standing Committee seats.",
        ),
    },
)


@extend_schema(
    summary="A committee's members as Popolo JSON",
    description=(
        "Persons, organizations, memberships and posts in the Popolo format "
        "(https://www.popoloproject.com/specs/), each valid against its published JSON schema. "
        "Only what the committee publishes about its members: name, gender, party, sector, work "
        "unit and title, memberships with their dates; never a phone number, an email, an "
        "identity number or a birth date. Staff of the committee or of a committee above it; "
        "any other committee is a 404."
    ),
    responses={
        200: PopoloSerializer,
        401: OpenApiResponse(description="Not signed in."),
        404: OpenApiResponse(description="No such committee, or not one the user may read."),
    },
)
class PopoloViewSet(RoleScopedMixin, viewsets.GenericViewSet):
    queryset = Committee.objects.all()
    scopes = {STAFF: staff_readable(committee_path="pk")}
    renderer_classes = [JSONRenderer]
    pagination_class = None
    filter_backends = []

    def retrieve(self, request, *args, **kwargs):
        return Response(committee_popolo(self.get_object()))


ROUTES = [("popolo", PopoloViewSet, "popolo")]
