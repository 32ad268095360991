"""The shared admin action steps: one refused row is reported and the others still run."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from committees.admin_actions import run_per_item


@pytest.fixture
def request_with_messages(staff):
    request = RequestFactory().post("/admin/")
    request.user = staff
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_each_refusal_is_reported_against_its_row_and_the_rest_still_run(request_with_messages):
    done = []

    def step(name):
        if name == "乙":
            raise PermissionDenied("无权处理此提案。")
        if name == "丙":
            raise ValidationError("提案当前状态不能撤回。")
        done.append(name)

    count = run_per_item(request_with_messages, ["甲", "乙", "丙", "丁"], step)

    assert (count, done) == (2, ["甲", "丁"])
    assert [str(m) for m in get_messages(request_with_messages)] == [
        "乙：无权处理此提案。",
        "丙：提案当前状态不能撤回。",
        "已更新 2 条记录。",
    ]


def test_a_permission_refusal_without_a_reason_still_says_why(request_with_messages):
    def step(name):
        raise PermissionDenied

    assert run_per_item(request_with_messages, ["甲"], step) == 0
    assert [str(m) for m in get_messages(request_with_messages)] == ["甲：无权执行此操作。"]
