"""Assessment schemes and results through the API: who sees which result, each line explained,
ordering by score and rank, a member's dispute of a line, staff editing a scheme's settings."""

from __future__ import annotations

import datetime

import pytest

from assessment import services
from assessment.engine import recompute
from assessment.models import AssessmentScheme, Dispute, Result
from meetings.models import MeetingKind
from members.models import Member
from tests.api.helpers_meetings import assert_chinese, client_for, ids, queries_for
from tests.assessment.engine_helpers import attend, meeting
from tests.assessment.test_engine_year import county_scheme
from tests.factories.core import CommitteeFactory
from tests.factories.liaison import LiaisonGroupMembershipFactory
from tests.factories.meetings import member_of

pytestmark = pytest.mark.django_db

RESULTS = "/api/v1/assessment-results/"
SCHEMES = "/api/v1/assessment-schemes/"


def me(user) -> Member:
    return Member.objects.get(user=user)


@pytest.fixture
def scored(people, committee):
    """2024 scored: the member attended the plenary; one member in the convened sector, one in
    the led group."""
    scheme = county_scheme(committee)
    plenary = meeting(committee, MeetingKind.PLENARY, day=datetime.date(2024, 3, 10))
    attend(me(people.member), plenary)
    in_sector = member_of(committee, sector=people.sector_convened)
    attend(in_sector, plenary)
    in_group = member_of(committee)
    LiaisonGroupMembershipFactory(group=people.group_led, member=in_group)
    recompute(committee_id=committee.pk, year=2024)
    results = {r.member_id: r for r in Result.objects.filter(committee=committee, year=2024)}
    return {
        "scheme": scheme,
        "mine": results[me(people.member).pk],
        "sector": results[in_sector.pk],
        "group": results[in_group.pk],
        "convener_own": results[me(people.convener).pk],
        "leader_own": results[me(people.leader).pk],
        "all": results,
    }


def test_who_sees_which_result(people, scored):
    assert ids(client_for(people.member).get(RESULTS)) == [scored["mine"].pk]
    assert set(ids(client_for(people.convener).get(RESULTS))) == {
        scored["sector"].pk,
        scored["convener_own"].pk,
    }
    assert set(ids(client_for(people.leader).get(RESULTS))) == {
        scored["group"].pk,
        scored["leader_own"].pk,
    }
    assert set(ids(client_for(people.staff).get(RESULTS, {"page_size": 100}))) == {
        r.pk for r in scored["all"].values()
    }
    assert ids(client_for(people.other_staff).get(RESULTS)) == []
    assert ids(client_for(people.unit_user).get(RESULTS)) == []
    other = scored["mine"].pk
    assert client_for(people.other_member).get(f"{RESULTS}{other}/").status_code == 404
    assert client_for(people.other_convener).get(f"{RESULTS}{other}/").status_code == 404
    assert client_for(people.other_staff).get(f"{RESULTS}{other}/").status_code == 404


def test_result_detail_explains_each_line(people, scored):
    response = client_for(people.member).get(f"{RESULTS}{scored['mine'].pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == "10.00"
    plenary = next(line for line in body["lines"] if line["label"] == "出席全体会议")
    assert plenary["count"] == 1 and plenary["points"] == "10.00"
    assert len(plenary["facts"]) == 1
    assert plenary["facts"][0]["occurred_on"] == "2024-03-10"


def test_filters_and_ordering_by_score_and_rank(people, committee, scored):
    client = client_for(people.staff)
    top = [scored["mine"].pk, scored["sector"].pk]
    by_total = ids(client.get(RESULTS, {"ordering": "-total", "page_size": 2}))
    assert set(by_total) == set(top)
    by_rank = ids(client.get(RESULTS, {"ordering": "rank_in_committee", "page_size": 2}))
    assert set(by_rank) == set(top)
    # The convener is a member of the sector they convene.
    assert set(ids(client.get(RESULTS, {"sector": people.sector_convened.pk}))) == {
        scored["sector"].pk,
        scored["convener_own"].pk,
    }
    assert ids(
        client.get(
            RESULTS, {"liaison_group": people.group_led.pk, "member": scored["group"].member_id}
        )
    ) == [scored["group"].pk]
    # The leader belongs to the group they lead.
    assert set(ids(client.get(RESULTS, {"group": people.group_led.pk}))) == {
        scored["group"].pk,
        scored["leader_own"].pk,
    }
    assert ids(client.get(RESULTS, {"year": 2023})) == []
    assert ids(client.get(RESULTS, {"search": scored["mine"].member.name})) == [scored["mine"].pk]
    assert client.get(RESULTS, {"committee": committee.pk}).json()["count"] == len(scored["all"])


def test_result_list_queries_do_not_grow_with_rows(people, committee, django_assert_num_queries):
    county_scheme(committee)
    recompute(committee_id=committee.pk, year=2024)  # the people: 5 results
    client = client_for(people.staff)
    count = queries_for(client, RESULTS)
    for _ in range(5):
        member_of(committee)
    recompute(committee_id=committee.pk, year=2024)
    with django_assert_num_queries(count):
        assert len(ids(client.get(RESULTS))) == 10


def test_a_member_disputes_a_line_of_their_own_result(people, scored):
    rule = scored["scheme"].rules.get(code="plenary")
    url = f"{RESULTS}{scored['mine'].pk}/dispute/"
    client = client_for(people.member)
    response = client.post(url, {"rule": rule.pk, "comment": "  少算了一次  "}, format="json")
    assert response.status_code == 201
    dispute = Dispute.objects.get()
    assert dispute.comment == "少算了一次" and dispute.raised_by == people.member
    # Twice is refused; an empty comment is a field error; a rule of another scheme is a 404.
    response = client.post(url, {"rule": rule.pk, "comment": "再提一次"}, format="json")
    assert response.status_code == 400
    assert_chinese(response.json()["non_field_errors"])
    contact = scored["scheme"].rules.get(code="contact")
    response = client.post(url, {"rule": contact.pk, "comment": "   "}, format="json")
    assert response.status_code == 400
    assert_chinese(response.json()["comment"])
    foreign = county_scheme(CommitteeFactory()).rules.first()
    response = client.post(url, {"rule": foreign.pk, "comment": "别的办法"}, format="json")
    assert response.status_code == 404
    assert Dispute.objects.count() == 1
    # The convener sees the sector member's result but may not dispute it.
    sector_url = f"{RESULTS}{scored['sector'].pk}/dispute/"
    response = client_for(people.convener).post(sector_url, {"rule": rule.pk, "comment": "x"})
    assert response.status_code == 404


# --- schemes ----------------------------------------------------------------------------------


def test_schemes_are_read_by_the_committees_staff_and_members(people, committee, other_committee):
    scheme = county_scheme(committee)
    foreign = county_scheme(other_committee)
    assert ids(client_for(people.member).get(SCHEMES)) == [scheme.pk]
    assert ids(client_for(people.staff).get(SCHEMES, {"year": 2024})) == [scheme.pk]
    assert ids(client_for(people.staff).get(SCHEMES, {"status": "draft"})) == []
    assert ids(client_for(people.other_staff).get(SCHEMES)) == [foreign.pk]
    assert ids(client_for(people.unit_user).get(SCHEMES)) == []
    body = client_for(people.member).get(f"{SCHEMES}{scheme.pk}/").json()
    assert {rule["code"] for rule in body["rules"]} == {"plenary", "contact"}
    assert client_for(people.member).get(f"{SCHEMES}{foreign.pk}/").status_code == 404


def test_scheme_list_queries_do_not_grow_with_rows(people, committee, django_assert_num_queries):
    for year in (2020, 2021):
        services.scheme_create(
            committee=committee, year=year, name=f"{year}年办法", scoring_mode="from_zero"
        )
    client = client_for(people.staff)
    count = queries_for(client, SCHEMES)
    for year in range(2010, 2018):
        services.scheme_create(
            committee=committee, year=year, name=f"{year}年办法", scoring_mode="from_zero"
        )
    with django_assert_num_queries(count):
        assert len(ids(client.get(SCHEMES))) == 10


def test_staff_edit_a_schemes_settings_through_the_services(people, committee, other_committee):
    scheme = county_scheme(committee)
    version = scheme.version
    client = client_for(people.staff)
    response = client.patch(
        f"{SCHEMES}{scheme.pk}/", {"name": "新办法", "year": 2030}, format="json"
    )
    assert response.status_code == 200
    scheme.refresh_from_db()
    assert scheme.name == "新办法" and scheme.year == 2024 and scheme.version == version + 1
    response = client.patch(
        f"{SCHEMES}{scheme.pk}/", {"name": "", "scoring_mode": "x"}, format="json"
    )
    assert response.status_code == 400
    assert_chinese(response.json()["name"])
    assert_chinese(response.json()["scoring_mode"])
    response = client.post(
        SCHEMES,
        {"committee": committee.pk, "year": 2024, "name": "重复", "scoring_mode": "from_zero"},
        format="json",
    )
    assert response.status_code == 400
    assert_chinese(str(response.json()))
    services.scheme_freeze(scheme=scheme)
    response = client.patch(f"{SCHEMES}{scheme.pk}/", {"name": "冻结后"}, format="json")
    assert response.status_code == 400
    assert_chinese(response.json()["non_field_errors"])
    foreign = county_scheme(other_committee)
    assert client.patch(f"{SCHEMES}{foreign.pk}/", {"name": "越权"}).status_code == 404
    assert (
        client_for(people.member).patch(f"{SCHEMES}{scheme.pk}/", {"name": "委员"}).status_code
        == 403
    )
    scheme.refresh_from_db()
    assert scheme.name == "新办法"
    assert AssessmentScheme.objects.filter(committee=committee).count() == 1
