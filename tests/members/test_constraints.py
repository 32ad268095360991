"""The database refuses what must never be stored, whatever code path writes it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from committees.models import Committee, Term
from members.models import Member, Position, SectorMembership, SpecialCommitteeMembership
from sectors.models import Sector, SectorConvener
from tests.factories.core import (
    CommitteeFactory,
    MemberFactory,
    SectorFactory,
    SpecialCommitteeFactory,
    TermFactory,
    UserFactory,
)
from tests.factories.members import (
    CommendationFactory,
    PositionFactory,
    SectorConvenerFactory,
    SpecialCommitteeMembershipFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DAY = datetime.date(2023, 5, 1)


def refused(match=None):
    return pytest.raises(IntegrityError, match=match)


def test_it_refuses_a_duplicate_member_number_within_a_term(member):
    member.member_number = "A001"
    member.save()
    with refused(), transaction.atomic():
        MemberFactory(committee=member.committee, term=member.term, member_number="A001")


def test_it_accepts_the_same_member_number_in_another_term_and_blank_numbers(member):
    member.member_number = "A001"
    member.save()
    next_term = TermFactory(
        committee=member.committee,
        number=13,
        start_date=datetime.date(2027, 1, 10),
        end_date=datetime.date(2032, 1, 9),
    )
    MemberFactory(committee=member.committee, term=next_term, member_number="A001")
    MemberFactory(committee=member.committee, term=member.term, member_number="")
    MemberFactory(committee=member.committee, term=member.term, member_number="")
    assert Member.objects.filter(member_number="A001").count() == 2


def test_it_refuses_a_leaving_date_before_the_joining_date(member):
    with refused(), transaction.atomic():
        Member.objects.filter(pk=member.pk).update(
            status="resigned", left_on=member.joined_on - datetime.timedelta(days=1)
        )


@pytest.mark.parametrize(
    ("status", "left_on"),
    [("active", DAY), ("resigned", None), ("replaced", None), ("removed", None), ("gone", DAY)],
)
def test_it_refuses_a_leaving_date_inconsistent_with_the_status(member, status, left_on):
    with refused(), transaction.atomic():
        Member.objects.filter(pk=member.pk).update(status=status, left_on=left_on)


@pytest.mark.parametrize(("field", "value"), [("gender", "other"), ("party", "whig")])
def test_it_refuses_unknown_gender_or_party(member, field, value):
    with refused(), transaction.atomic():
        Member.objects.filter(pk=member.pk).update(**{field: value})


def test_it_refuses_sector_periods_out_of_order(member):
    with refused(), transaction.atomic():
        SectorMembership.objects.filter(member=member).update(
            end_date=member.joined_on - datetime.timedelta(days=1)
        )


def test_it_refuses_two_open_sector_periods(member, other_sector):
    with refused(), transaction.atomic():
        SectorMembership.objects.create(member=member, sector=other_sector, start_date=DAY)


def test_it_refuses_two_sector_periods_starting_the_same_day(member, other_sector):
    SectorMembership.objects.filter(member=member).update(end_date=DAY)
    with refused(), transaction.atomic():
        SectorMembership.objects.create(
            member=member, sector=other_sector, start_date=member.joined_on, end_date=DAY
        )


def test_it_refuses_a_position_out_of_order_or_held_twice(member):
    PositionFactory(member=member, kind=Position.Kind.STANDING_MEMBER)
    with refused(), transaction.atomic():
        PositionFactory(member=member, kind=Position.Kind.STANDING_MEMBER)
    with refused(), transaction.atomic():
        PositionFactory(
            member=member, kind=Position.Kind.VICE_CHAIR, start_date=DAY, end_date=member.joined_on
        )


def test_it_refuses_a_second_open_seat_on_the_same_special_committee(member):
    place = SpecialCommitteeMembershipFactory(member=member)
    with refused(), transaction.atomic():
        SpecialCommitteeMembershipFactory(member=member, special_committee=place.special_committee)
    with refused(), transaction.atomic():
        SpecialCommitteeMembership.objects.filter(pk=place.pk).update(
            end_date=place.start_date - datetime.timedelta(days=1)
        )


def test_it_refuses_a_special_committee_of_another_committee(member):
    with refused("cross_committee_reference"), transaction.atomic():
        SpecialCommitteeMembershipFactory(
            member=member, special_committee=SpecialCommitteeFactory()
        )


def test_it_refuses_a_convener_from_another_committee_or_twice(member):
    SectorConvenerFactory(member=member)
    with refused(), transaction.atomic():
        SectorConvenerFactory(member=member)
    with refused("cross_committee_reference"), transaction.atomic():
        SectorConvenerFactory(member=member, sector=SectorFactory())


def test_it_refuses_a_convener_period_out_of_order(member):
    convener = SectorConvenerFactory(member=member)
    with refused(), transaction.atomic():
        SectorConvener.objects.filter(pk=convener.pk).update(end_date=datetime.date(2000, 1, 1))


def test_it_refuses_duplicate_sector_names_or_codes_in_one_committee(committee, sector):
    with refused(), transaction.atomic():
        Sector.objects.create(committee=committee, name=sector.name)
    Sector.objects.filter(pk=sector.pk).update(code="JY")
    with refused(), transaction.atomic():
        Sector.objects.create(committee=committee, name="另一个", code="JY")
    # Blank codes and the same name in another committee are fine.
    Sector.objects.create(committee=committee, name="无代码一")
    Sector.objects.create(committee=committee, name="无代码二")
    Sector.objects.create(committee=CommitteeFactory(), name=sector.name, code="JY")


def test_it_refuses_bad_terms(committee, term):
    start, end = datetime.date(2027, 1, 10), datetime.date(2032, 1, 9)
    with refused(), transaction.atomic():
        Term.objects.create(committee=committee, number=term.number, start_date=start, end_date=end)
    with refused(), transaction.atomic():
        Term.objects.create(committee=committee, number=13, start_date=end, end_date=start)
    with refused(), transaction.atomic():
        Term.objects.create(committee=committee, number=0, start_date=start, end_date=end)


def test_it_refuses_bad_committees(committee):
    with refused(), transaction.atomic():
        Committee.objects.filter(pk=committee.pk).update(level="township")
    with refused(), transaction.atomic():
        CommitteeFactory(level=Committee.Level.NATIONAL, parent=committee)
    with refused(), transaction.atomic():
        Committee.objects.filter(pk=committee.pk).update(parent=committee.pk)


def test_it_keeps_commendations_when_someone_tries_to_delete_the_member(member):
    CommendationFactory(member=member)
    with pytest.raises(ProtectedError), transaction.atomic():
        member.delete()


def test_model_validation_explains_cross_committee_and_term_dates(member):
    foreign = CommitteeFactory()
    member.term = TermFactory(committee=foreign)
    member.sector = SectorFactory(committee=foreign)
    member.user = UserFactory(committee=foreign)
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    assert caught.value.message_dict["term"] == ["The term belongs to another committee."]
    assert caught.value.message_dict["sector"] == ["The sector belongs to another committee."]
    assert caught.value.message_dict["user"] == ["The user account belongs to another committee."]


def test_model_validation_explains_a_joining_date_outside_the_term(member):
    member.joined_on = datetime.date(2030, 1, 1)
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    assert "must fall within the term" in caught.value.message_dict["joined_on"][0]


def test_model_validation_explains_constraint_violations(member):
    member.status, member.left_on = Member.Status.RESIGNED, None
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    assert "must have one" in " ".join(caught.value.messages)


def test_term_numbers_are_per_committee(term):
    TermFactory(number=term.number)
    assert Term.objects.filter(number=term.number).count() == 2


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (PositionFactory, "kind", "emperor"),
        (SpecialCommitteeMembershipFactory, "role", "boss"),
        (SectorConvenerFactory, "role", "chief"),
        (CommendationFactory, "level", "galactic"),
        (CommendationFactory, "title", ""),
    ],
)
def test_it_refuses_unknown_choices_and_blank_titles(factory, field, value):
    record = factory()
    with refused(), transaction.atomic():
        type(record).objects.filter(pk=record.pk).update(**{field: value})


@pytest.mark.parametrize("model", [Member, Sector, Committee])
def test_it_refuses_a_blank_name(member, model):
    row = {Member: member, Sector: member.sector, Committee: member.committee}[model]
    with refused(), transaction.atomic():
        model.objects.filter(pk=row.pk).update(name="")


def test_it_refuses_a_blank_special_committee_name(committee):
    special = SpecialCommitteeFactory(committee=committee)
    with refused(), transaction.atomic():
        type(special).objects.filter(pk=special.pk).update(name="")
