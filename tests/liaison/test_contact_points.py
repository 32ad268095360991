"""Contact points and the "ten haves" standard staff check them against."""

import pytest

from liaison import selectors
from liaison.models import TEN_HAVES, ContactPoint
from tests.factories.core import CommitteeFactory
from tests.factories.liaison import ContactPointFactory, LiaisonGroupFactory, MemberFactory
from tests.liaison.helpers import refused_by_db, refused_with

pytestmark = pytest.mark.django_db


def test_it_refuses_two_points_of_one_name_in_a_committee(point):
    with refused_by_db(
        "contact_point_unique_name",
        "liaison_contactpoint.committee_id",
        "liaison_contactpoint.name",
    ):
        ContactPointFactory(committee=point.committee, name=point.name)


@pytest.mark.parametrize(
    ("ticked", "constraint"),
    [
        ({"has_phone": True, "phone": ""}, "contact_point_phone_given"),
        ({"has_place": True, "address": ""}, "contact_point_place_has_address"),
        ({"has_convener": True}, "contact_point_convener_named"),
        ({"has_liaison_person": True}, "contact_point_liaison_person_named"),
    ],
)
def test_a_ticked_item_needs_the_datum_behind_it(committee, ticked, constraint):
    with refused_by_db(constraint):
        ContactPointFactory(committee=committee, **ticked)


def test_a_liaison_person_may_be_township_staff_rather_than_a_member(committee):
    point = ContactPointFactory(
        committee=committee, has_liaison_person=True, liaison_person_name="李干事"
    )
    assert point.has_liaison_person


@pytest.mark.parametrize("field", ["convener", "liaison_person"])
def test_it_refuses_a_member_of_another_committee_on_a_point(committee, field):
    with refused_by_db("cross_committee_reference"):
        ContactPointFactory(committee=committee, **{field: MemberFactory()})


def test_it_refuses_a_liaison_group_of_another_committee(committee):
    with refused_by_db("cross_committee_reference"):
        ContactPointFactory(committee=committee, liaison_group=LiaisonGroupFactory())


def test_the_form_check_names_the_foreign_record(committee):
    point = ContactPointFactory.build(
        committee=committee, convener=MemberFactory(committee=CommitteeFactory())
    )
    with refused_with("Choose one of this committee's own records."):
        point.full_clean()


def test_it_counts_the_ten_haves_each_point_meets_in_one_query(
    committee, django_assert_num_queries
):
    complete = ContactPointFactory(committee=committee, complete=True)
    partial = ContactPointFactory(
        committee=committee, has_sign=True, has_rules=True, has_place=True
    )
    bare = ContactPointFactory(committee=committee)

    with django_assert_num_queries(1):
        counts = {
            p.pk: p.ten_haves_met
            for p in selectors.with_ten_haves_count(ContactPoint.objects.all())
        }
    assert counts == {complete.pk: 10, partial.pk: 3, bare.pk: 0}
    assert partial.standard_met_count == 3 and not partial.meets_ten_haves
    assert complete.meets_ten_haves


def test_it_finds_the_points_meeting_all_ten_and_those_falling_short(committee):
    complete = ContactPointFactory(committee=committee, complete=True)
    nearly = ContactPointFactory(committee=committee, complete=True, has_archives=False)
    points = ContactPoint.objects.all()
    assert list(selectors.meeting_all_ten_haves(points)) == [complete]
    assert list(selectors.missing_any_ten_haves(points)) == [nearly]


def test_there_are_ten_haves():
    assert len(TEN_HAVES) == 10
    labels = [str(ContactPoint._meta.get_field(item).verbose_name) for item in TEN_HAVES]
    assert labels == [
        "premises",
        "convener",
        "liaison person",
        "sign",
        "phone number",
        "member mailbox",
        "work rules",
        "work plan",
        "public notice board",
        "archives",
    ]
