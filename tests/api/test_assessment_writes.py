"""Schemes' lifecycle and parts, the year finalised and re-opened, disputes, through the API."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment import services
from assessment.models import (
    AssessmentScheme,
    Dispute,
    MinimumRequirement,
    SchemeCategory,
    SchemeRule,
    YearAction,
)
from notifications.models import Notification
from tests.api.endpoints_assessment_writes import open_dispute, parts_of, scheme_of
from tests.api.helpers_meetings import assert_chinese, client_for, ids, queries_for
from tests.factories.assessment import SchemeCategoryFactory, SchemeRuleFactory
from tests.portal.matrix import scored_year

pytestmark = pytest.mark.django_db

SCHEMES = "/api/v1/assessment-schemes/"
CATEGORIES = "/api/v1/assessment-scheme-categories/"
RULES = "/api/v1/assessment-scheme-rules/"
MINIMUMS = "/api/v1/assessment-scheme-minimums/"
QUALITATIVE = "/api/v1/assessment-scheme-qualitative-parts/"
GRADES = "/api/v1/assessment-scheme-grades/"
DISPUTES = "/api/v1/assessment-disputes/"


def post(user, url, body=None):
    return client_for(user).post(url, body or {}, format="json")


def state_of(scheme) -> str:
    return AssessmentScheme.objects.get(pk=scheme.pk).state


# --- lifecycle --------------------------------------------------------------------------------


def test_it_puts_a_draft_into_force_then_freezes_it(people, committee):
    scheme = scheme_of(committee, 2060)
    response = post(people.staff, f"{SCHEMES}{scheme.pk}/activate/")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "active" and state_of(scheme) == "active"
    assert [g["code"] for g in response.json()["grades"]] == ["competent"]

    response = post(people.staff, f"{SCHEMES}{scheme.pk}/freeze/")
    assert response.status_code == 200 and state_of(scheme) == "frozen"


def test_it_refuses_a_scheme_without_grades_and_an_illegal_move(people, committee):
    ungraded = scheme_of(committee, 2060, graded=False)
    response = post(people.staff, f"{SCHEMES}{ungraded.pk}/activate/")
    assert response.status_code == 400
    assert_chinese(response.json()["non_field_errors"])
    assert state_of(ungraded) == "draft"

    draft = scheme_of(committee, 2061)
    response = post(people.staff, f"{SCHEMES}{draft.pk}/freeze/")
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert_chinese(response.json()["detail"])
    assert state_of(draft) == "draft"


def test_only_the_committees_staff_move_a_scheme(people, committee):
    scheme = scheme_of(committee, 2060)
    assert post(people.member, f"{SCHEMES}{scheme.pk}/activate/").status_code == 403
    assert post(people.other_staff, f"{SCHEMES}{scheme.pk}/activate/").status_code == 404
    assert state_of(scheme) == "draft"


def test_it_copies_last_years_scheme_with_its_parts(people, committee):
    def copy(year):
        url = f"{SCHEMES}copy-from-previous-year/"
        return post(people.staff, url, {"committee": committee.pk, "year": year})

    previous = parts_of(committee, 2066)
    response = copy(2067)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["year"] == 2067 and body["state"] == "draft"
    copied = AssessmentScheme.objects.get(pk=body["id"])
    assert copied.copied_from == previous
    assert [r["code"] for r in body["rules"]] == ["speech"]
    assert body["minimums"][0]["rules"] == [copied.rules.get().pk]

    again = copy(2067)
    assert again.status_code == 400
    assert_chinese(again.json()["non_field_errors"])
    assert copy(2080).status_code == 400  # nothing in 2079 to copy
    assert not AssessmentScheme.objects.filter(committee=committee, year=2080).exists()


# --- the year ---------------------------------------------------------------------------------


def test_it_finalises_an_up_to_date_year_and_reopens_it_with_a_reason(
    people, committee, django_capture_on_commit_callbacks
):
    scored_year(people, committee)
    scheme = AssessmentScheme.objects.get(committee=committee, year=2024)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(people.staff, f"{SCHEMES}{scheme.pk}/finalise/")
    assert response.status_code == 201, response.content
    assert response.json()["action"] == "finalise" and response.json()["results"] > 0
    assert state_of(scheme) == "frozen"
    # Each member is told their result.
    told = Notification.objects.get(recipient=people.member, reason="assessment_result")
    assert "2024" in told.title

    twice = post(people.staff, f"{SCHEMES}{scheme.pk}/finalise/")
    assert twice.status_code == 409 and twice.json()["code"] == "illegal_transition"

    no_reason = post(people.staff, f"{SCHEMES}{scheme.pk}/reopen/", {"reason": ""})
    assert no_reason.status_code == 400
    assert_chinese(no_reason.json()["reason"])
    assert state_of(scheme) == "frozen"

    response = post(people.staff, f"{SCHEMES}{scheme.pk}/reopen/", {"reason": "申诉成立"})
    assert response.status_code == 201
    assert state_of(scheme) == "active"
    assert list(YearAction.objects.filter(scheme=scheme).values_list("action", flat=True)) == [
        "reopen",
        "finalise",
    ]


def test_a_year_not_recomputed_is_not_finalised(people, committee):
    scheme = scheme_of(committee, 2063, state="active")  # no results computed
    response = post(people.staff, f"{SCHEMES}{scheme.pk}/finalise/")
    assert response.status_code == 400
    assert_chinese(response.json()["non_field_errors"])
    assert state_of(scheme) == "active" and not YearAction.objects.exists()


def test_a_draft_year_is_not_reopened(people, committee):
    scheme = scheme_of(committee, 2060)
    response = post(people.staff, f"{SCHEMES}{scheme.pk}/reopen/", {"reason": "试试"})
    assert response.status_code == 409


# --- parts ------------------------------------------------------------------------------------


def test_staff_add_change_and_remove_parts_each_bumping_the_version(people, committee):
    scheme = parts_of(committee)
    version = AssessmentScheme.objects.get(pk=scheme.pk).version
    response = post(people.staff, CATEGORIES, {"scheme": scheme.pk, "name": "学习培训", "cap": 10})
    assert response.status_code == 201, response.content
    category = SchemeCategory.objects.get(pk=response.json()["id"])
    assert category.cap == Decimal(10)

    client = client_for(people.staff)
    response = client.patch(f"{CATEGORIES}{category.pk}/", {"cap": "12.5"}, format="json")
    assert response.status_code == 200 and response.json()["scheme"] == scheme.pk
    assert client.delete(f"{CATEGORIES}{category.pk}/").status_code == 204
    assert not SchemeCategory.objects.filter(pk=category.pk).exists()
    assert AssessmentScheme.objects.get(pk=scheme.pk).version == version + 3


def test_a_part_in_use_is_not_removed(people, committee):
    scheme = parts_of(committee)
    category = scheme.categories.get()  # the speech rule counts under it
    response = client_for(people.staff).delete(f"{CATEGORIES}{category.pk}/")
    assert response.status_code == 409 and response.json()["code"] == "protected"
    assert_chinese([response.json()["detail"]])
    assert SchemeCategory.objects.filter(pk=category.pk).exists()


def test_a_frozen_scheme_refuses_new_parts(people, committee):
    scheme = scheme_of(committee, 2062, state="frozen")
    response = post(people.staff, CATEGORIES, {"scheme": scheme.pk, "name": "学习培训"})
    assert response.status_code == 400
    assert_chinese(response.json()["non_field_errors"])
    assert not scheme.categories.exists()


def test_bad_parts_are_refused_per_field_in_chinese(people, committee, other_committee):
    scheme = parts_of(committee)
    foreign = SchemeCategoryFactory(scheme__committee=other_committee)
    response = post(
        people.staff,
        RULES,
        {
            "scheme": scheme.pk,
            "code": "x",
            "label": "规则",
            "duty_kind": "speech",
            "points": "abc",
            "category": foreign.pk,
        },
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"points", "category"}
    for messages in body.values():
        assert_chinese(messages)

    # A rule's filter that does not fit its duty kind: the constraint's own message.
    response = post(
        people.staff,
        RULES,
        {
            "scheme": scheme.pk,
            "code": "y",
            "label": "规则",
            "duty_kind": "proposal",
            "speech_kind": "oral",
            "points": "1",
        },
    )
    assert response.status_code == 400
    assert_chinese(response.json()["non_field_errors"])
    assert not SchemeRule.objects.filter(scheme=scheme, code__in=["x", "y"]).exists()


def test_a_minimum_counts_rules_of_its_own_scheme_only(people, committee):
    scheme = parts_of(committee)
    other_scheme_rule = SchemeRuleFactory(scheme=scheme_of(committee, 2060))
    response = post(
        people.staff,
        MINIMUMS,
        {
            "scheme": scheme.pk,
            "label": "发言两次",
            "rules": [other_scheme_rule.pk],
            "grade_cap": scheme.grades.get().pk,
        },
    )
    assert response.status_code == 400
    assert_chinese(response.json()["rules"])
    assert not MinimumRequirement.objects.filter(label="发言两次").exists()


def test_evaluation_weights_add_up_to_one_at_most(people, committee):
    scheme = parts_of(committee)  # the public evaluation weighs 0.2
    response = post(
        people.staff,
        QUALITATIVE,
        {
            "scheme": scheme.pk,
            "kind": "liaison_group",
            "weight": "0.9",
        },
    )
    assert response.status_code == 400
    assert_chinese(response.json()["weight"])


def test_members_read_their_committees_parts_and_may_not_write(people, committee, other_committee):
    mine = parts_of(committee)
    parts_of(other_committee)
    assert {r["scheme"] for r in client_for(people.member).get(RULES).json()["results"]} == {
        mine.pk
    }
    response = post(people.member, CATEGORIES, {"scheme": mine.pk, "name": "学习"})
    assert response.status_code == 403
    other = post(people.other_staff, CATEGORIES, {"scheme": mine.pk, "name": "学习"})
    assert other.status_code == 400 and "scheme" in other.json()
    assert mine.categories.count() == 1


@pytest.mark.parametrize("url", [CATEGORIES, GRADES, QUALITATIVE, RULES, MINIMUMS, SCHEMES])
def test_scheme_and_part_lists_queries_do_not_grow(
    people, committee, django_assert_num_queries, url
):
    for year in (2065, 2066):
        parts_of(committee, year)
    client = client_for(people.staff)
    count = queries_for(client, url)
    for year in range(2067, 2072):
        parts_of(committee, year)
    with django_assert_num_queries(count):
        assert len(ids(client.get(url))) == 7


# --- disputes ---------------------------------------------------------------------------------


def test_members_read_their_own_disputes_and_staff_their_committees(people, committee):
    dispute = open_dispute(people, committee)["pk"]
    assert ids(client_for(people.member).get(DISPUTES)) == [dispute]
    assert ids(client_for(people.other_member).get(DISPUTES)) == []
    assert ids(client_for(people.staff).get(DISPUTES)) == [dispute]
    assert ids(client_for(people.other_staff).get(DISPUTES)) == []
    assert ids(client_for(people.staff).get(DISPUTES, {"state": "upheld"})) == []
    assert ids(client_for(people.staff).get(DISPUTES, {"year": 2024})) == [dispute]


def test_staff_resolve_a_dispute_once(people, committee):
    pk = open_dispute(people, committee)["pk"]
    url = f"{DISPUTES}{pk}/resolve/"
    empty = post(people.staff, url, {"uphold": True, "resolution": ""})
    assert empty.status_code == 400
    assert_chinese(empty.json()["resolution"])
    assert Dispute.objects.get(pk=pk).state == "open"

    assert post(people.member, url, {"uphold": True, "resolution": "有误"}).status_code == 403
    response = post(people.staff, url, {"uphold": True, "resolution": "补记一次出席"})
    assert response.status_code == 200, response.content
    dispute = Dispute.objects.get(pk=pk)
    assert dispute.state == "upheld" and dispute.resolved_by == people.staff
    assert dispute.history.count() == 2

    again = post(people.staff, url, {"uphold": False, "resolution": "驳回"})
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"


def test_dispute_list_queries_do_not_grow(people, committee, django_assert_num_queries):
    from assessment.models import Result

    scored_year(people, committee)
    results = list(Result.objects.filter(committee=committee, year=2024))
    rule = results[0].scheme.rules.first()

    def dispute(result):
        services.dispute_raise(result=result, rule=rule, comment="少算", by=people.staff)

    for result in results[:2]:
        dispute(result)
    client = client_for(people.staff)
    count = queries_for(client, DISPUTES)
    for result in results[2:]:
        dispute(result)
    with django_assert_num_queries(count):
        assert len(ids(client.get(DISPUTES))) == len(results) > 2
