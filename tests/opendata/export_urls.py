"""A test-only list endpoint with nested objects, lists, booleans and numbers, to see how the CSV
and Excel renderers flatten what real endpoints (results, attendance, proposals) will send."""

from django.urls import include, path
from rest_framework import serializers, viewsets
from rest_framework.routers import SimpleRouter

from members.models import Member
from sectors.models import Sector


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "name"]


class MemberExportSerializer(serializers.ModelSerializer):
    sector = SectorSerializer()
    positions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="kind")
    active = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = ["id", "name", "sector", "positions", "active", "half_days"]

    half_days = serializers.IntegerField(source="pk", label="数字")

    def get_active(self, member) -> bool:
        return member.left_on is None


class MemberExportViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Member.objects.select_related("sector").prefetch_related("positions").order_by("pk")
    serializer_class = MemberExportSerializer
    filterset_fields = ["sector"]
    search_fields = ["name"]
    ordering_fields = ["name"]


router = SimpleRouter()
router.register("test-members", MemberExportViewSet, basename="test-member")

urlpatterns = [
    path("api/", include(("cppcc.api.urls", "api"))),
    path("export-test/", include(router.urls)),
]
