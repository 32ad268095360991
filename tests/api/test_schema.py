"""The schema documents every error an endpoint can answer, and the bodies are what it says."""

import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import ProtectedError
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework.test import APIClient

from cppcc.api.base import exception_handler

pytestmark = pytest.mark.django_db

ERROR = {"$ref": "#/components/schemas/Error"}
VALIDATION = {"$ref": "#/components/schemas/ValidationError"}


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def schema() -> dict:
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))


def operations():
    for path, item in schema()["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_the_schema_validates_without_a_warning(tmp_path):
    # --fail-on-warn turns any warning (an unresolvable serializer, a missing type) into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yml")
    assert "/api/v1/committees/" in (tmp_path / "s.yml").read_text()


def test_every_operation_documents_its_errors_with_the_shared_bodies():
    seen = 0
    for path, method, operation in operations():
        responses = operation["responses"]
        where = f"{method.upper()} {path}"
        assert "429" in responses, where
        assert "Retry-After" in responses["429"]["headers"], where
        if path != "/api/v1/auth/token/":
            assert "401" in responses, where
        if "{" in path:
            assert "404" in responses, where
        if method in ("post", "put", "patch"):
            assert "400" in responses, where
            if "requestBody" in operation:
                assert "415" in responses, where
            if path != "/api/v1/auth/token/":
                assert "403" in responses, where
        if method == "delete":
            assert "409" in responses, where
        for code, response in responses.items():
            if code.startswith(("4", "5")):
                body = response["content"]["application/json"]["schema"]
                assert body == (VALIDATION if code == "400" else ERROR), (where, code)
        seen += 1
    assert seen >= 3


def test_the_token_sign_in_documents_no_401_and_a_403_only_for_a_locked_account():
    responses = schema()["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert set(responses) == {"200", "400", "403", "415", "429"}
    assert "account_locked" in responses["403"]["description"]


def test_a_filtered_list_documents_the_400_of_a_bad_filter_value(staff):
    responses = schema()["paths"]["/api/v1/committees/"]["get"]["responses"]
    assert {"400", "401", "404", "429"} <= responses.keys()
    client = APIClient()
    client.force_authenticate(staff)
    response = client.get(reverse("api:committee-list"), {"parent": "not-an-id"})
    assert response.status_code == 400
    assert list(response.json()) == ["parent"]


def test_error_bodies_have_the_documented_shape(committee, other_committee, staff):
    client = APIClient()
    client.force_authenticate(staff)
    hidden = client.get(reverse("api:committee-detail", kwargs={"pk": other_committee.pk}))
    assert hidden.status_code == 404
    assert hidden.json() == {"detail": "未找到。", "code": "not_found"}

    past_the_end = client.get(reverse("api:committee-list"), {"page": 9})
    assert past_the_end.status_code == 404
    assert past_the_end.json()["code"] == "not_found"

    refused = client.post(reverse("api:sector-membership-list"), {"name": "x"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"


def test_a_path_the_router_does_not_take_is_a_json_404(staff):
    client = APIClient()
    client.force_authenticate(staff)
    response = client.get("/api/v1/committees/1.5/")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。", "code": "not_found"}
    # Outside the API the site's own page still answers.
    assert APIClient().get("/no-such-page/")["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("parameter", ["page_size", "page"])
@pytest.mark.parametrize("value", ["abc", "0", "-3", ""])
def test_a_page_or_page_size_that_is_not_a_whole_number_is_a_400_in_chinese(
    staff, parameter, value
):
    client = APIClient()
    client.force_authenticate(staff)
    response = client.get(reverse("api:committee-list"), {parameter: value})
    assert response.status_code == 400
    assert response.json() == {parameter: ["请输入不小于 1 的整数。"]}


def test_a_large_page_size_gets_the_largest_page(staff):
    client = APIClient()
    client.force_authenticate(staff)
    assert client.get(reverse("api:committee-list"), {"page_size": 10_000}).status_code == 200


def test_a_body_that_is_not_json_is_a_400_for_the_whole_request(staff):
    client = APIClient()
    client.force_authenticate(staff)
    response = client.post(
        reverse("api:sector-membership-list"), "{not json", content_type="application/json"
    )
    # The role check comes first for this read-only endpoint; shown on the token sign-in instead.
    assert response.status_code == 403
    response = APIClient().post("/api/v1/auth/token/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]


def test_a_delete_refused_for_rows_still_referring_is_a_409():
    response = exception_handler(ProtectedError("still used", set()), {})
    assert response.status_code == 409
    assert response.data == {
        "detail": "仍有其他记录引用此条记录，无法删除。",
        "code": "protected",
    }


def test_a_services_validation_error_is_a_400_per_field():
    from django.core.exceptions import ValidationError

    by_field = exception_handler(ValidationError({"title": ["太长"]}), {})
    whole = exception_handler(ValidationError("状态不允许此操作"), {})
    assert (by_field.status_code, by_field.data) == (400, {"title": ["太长"]})
    assert (whole.status_code, whole.data) == (400, {"non_field_errors": ["状态不允许此操作"]})


def test_a_workflow_move_the_state_forbids_is_a_409_saying_why():
    from django.core.exceptions import ValidationError

    response = exception_handler(
        ValidationError("提案当前为“已提交”，不能“提交”。", code="illegal_transition"), {}
    )
    assert response.status_code == 409
    assert response.data == {
        "detail": "提案当前为“已提交”，不能“提交”。",
        "code": "illegal_transition",
    }


def test_an_unexpected_error_is_a_logged_json_500_and_nothing_is_saved(
    staff, committee, monkeypatch, caplog
):
    """A bug behind an endpoint answers the documented JSON body, not the site's HTML page, and
    the half-done write is rolled back."""
    from members.services import members as member_services
    from tests.factories.core import MemberFactory

    member = MemberFactory(committee=committee, name="原名")
    real_update = member_services.member_update

    def broken_update(*args, **kwargs):
        real_update(*args, **kwargs)  # the change is written …
        raise RuntimeError("boom")  # … then something unexpected happens

    monkeypatch.setattr("members.api.member_update", broken_update)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(staff)
    response = client.patch(
        reverse("api:member-detail", args=[member.pk]), {"name": "新名"}, format="json"
    )
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "服务器出错，错误已记录。", "code": "server_error"}
    member.refresh_from_db()
    assert member.name == "原名"
    logged = [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]
    assert [r.exc_info[1].args for r in logged] == [("boom",)]


def test_a_body_without_a_media_type_is_the_documented_415(staff):
    responses = schema()["paths"]["/api/v1/meetings/"]["post"]["responses"]
    assert "415" in responses
    client = APIClient()
    client.force_authenticate(staff)
    response = client.generic("POST", reverse("api:meeting-list"), b"\xf0\xb8", content_type="")
    assert response.status_code == 415
    assert set(response.json()) == {"detail", "code"}
    assert response.json()["code"] == "unsupported_media_type"
