"""Factories for committees, accounts, sectors and members: the ground every test stands on."""

import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from accounts.services import staff_group_sync
from committees.models import Committee, SpecialCommittee, Term
from members.models import Member, Party, SectorMembership
from sectors.models import Sector


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"政协第{n}县委员会")
    level = Committee.Level.COUNTY
    region = factory.Sequence(lambda n: f"第{n}县")


class TermFactory(DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("committee", "number")

    committee = factory.SubFactory(CommitteeFactory)
    number = 12
    start_date = datetime.date(2022, 1, 10)
    end_date = datetime.date(2027, 1, 9)


class SpecialCommitteeFactory(DjangoModelFactory):
    class Meta:
        model = SpecialCommittee

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"专门委员会{n}")


class SectorFactory(DjangoModelFactory):
    class Meta:
        model = Sector

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"界别{n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("pass-for-tests-only")


class StaffUserFactory(UserFactory):
    """A committee staff member who works in the admin site."""

    committee = factory.SubFactory(CommitteeFactory)
    is_staff = True

    @factory.post_generation
    def staff_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(staff_group_sync())


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    committee = factory.SubFactory(CommitteeFactory)
    term = factory.LazyAttribute(lambda o: TermFactory(committee=o.committee))
    sector = factory.LazyAttribute(lambda o: SectorFactory(committee=o.committee))
    name = factory.Sequence(lambda n: f"委员{n}")
    gender = Member.Gender.FEMALE
    party = Party.NON_PARTY
    work_unit = "县人民医院"
    joined_on = datetime.date(2022, 1, 10)

    @factory.post_generation
    def sector_history(self, create, extracted, **kwargs):
        if create:
            SectorMembership.objects.create(
                member=self, sector=self.sector, start_date=self.joined_on
            )
