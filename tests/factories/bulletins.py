"""Factories for bulletins and read receipts."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from bulletins.models import Bulletin, BulletinKind, BulletinRead
from tests.factories.core import CommitteeFactory, MemberFactory


class BulletinFactory(DjangoModelFactory):
    """A bulletin published yesterday to every member of its committee."""

    class Meta:
        model = Bulletin

    committee = factory.SubFactory(CommitteeFactory)
    kind = BulletinKind.WORK_BRIEF
    title = factory.Sequence(lambda n: f"政协工作简报第{n}期")
    body = "本期简报介绍县政协近期履职工作情况。"
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class BulletinReadFactory(DjangoModelFactory):
    class Meta:
        model = BulletinRead

    bulletin = factory.SubFactory(BulletinFactory)
    member = factory.LazyAttribute(lambda o: MemberFactory(committee=o.bulletin.committee))
