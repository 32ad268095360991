"""Members read their committee's bulletins: on the home page, in the list, on the bulletin's
page; opening one leaves a single read receipt."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bulletins import services
from bulletins.models import BulletinKind, BulletinRead
from tests.factories.bulletins import BulletinFactory
from tests.factories.core import SectorFactory, UserFactory
from tests.factories.proposals import member_of

pytestmark = pytest.mark.django_db

HOME = reverse("portal:home")
LIST = reverse("bulletins:list")


def detail(bulletin):
    return reverse("bulletins:detail", kwargs={"pk": bulletin.pk})


@pytest.fixture
def reader(committee):
    return member_of(committee, user=UserFactory(committee=committee))


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader.user)
    return client


def test_it_lists_the_committees_published_bulletins_and_those_of_the_members_sector(
    reader_client, reader, committee, other_committee
):
    BulletinFactory(committee=committee, title="三月工作简报")
    BulletinFactory(
        committee=committee,
        kind=BulletinKind.LEARNING,
        title="本界别学习要点",
        sector=reader.sector,
    )
    BulletinFactory(
        committee=committee, title="别的界别的提案线索", sector=SectorFactory(committee=committee)
    )
    BulletinFactory(committee=committee, title="尚未发布的草稿", published_at=None)
    BulletinFactory(
        committee=committee,
        title="明天才发布",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    BulletinFactory(committee=other_committee, title="别的委员会简报")

    for url in (HOME, LIST):
        html = reader_client.get(url).content.decode()
        assert "三月工作简报" in html and "本界别学习要点" in html
        assert "重点学习内容" in html  # the kind, in Chinese
        for hidden in ("别的界别的提案线索", "尚未发布的草稿", "明天才发布", "别的委员会简报"):
            assert hidden not in html, (url, hidden)


def test_opening_a_bulletin_records_one_read_receipt_however_often_it_is_opened(
    reader_client, reader, committee
):
    bulletin = BulletinFactory(committee=committee, title="学习全会精神", body="第一段\n\n第二段")
    assert "新" in reader_client.get(HOME).content.decode().split("学习全会精神")[1][:80]

    first = reader_client.get(detail(bulletin))
    assert first.status_code == 200
    assert "<p>第一段</p>" in first.content.decode()
    receipt = BulletinRead.objects.get(bulletin=bulletin, member=reader)

    assert reader_client.get(detail(bulletin)).status_code == 200
    assert BulletinRead.objects.filter(bulletin=bulletin).count() == 1
    assert BulletinRead.objects.get().read_at == receipt.read_at  # the first time is kept
    assert "新" not in reader_client.get(HOME).content.decode().split("学习全会精神")[1][:80]


def test_the_service_records_a_read_once(committee, reader):
    bulletin = BulletinFactory(committee=committee)
    first = services.bulletin_mark_read(bulletin=bulletin, member_id=reader.pk)
    again = services.bulletin_mark_read(bulletin=bulletin, member_id=reader.pk)
    assert first.pk == again.pk
    assert BulletinRead.objects.count() == 1


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda c, o, m: BulletinFactory(committee=o), id="another committee"),
        pytest.param(
            lambda c, o, m: BulletinFactory(committee=c, sector=SectorFactory(committee=c)),
            id="another sector",
        ),
        pytest.param(lambda c, o, m: BulletinFactory(committee=c, published_at=None), id="draft"),
    ],
)
def test_a_bulletin_not_meant_for_the_member_does_not_exist_for_them(
    reader_client, reader, committee, other_committee, make
):
    bulletin = make(committee, other_committee, reader)
    assert reader_client.get(detail(bulletin)).status_code == 404
    assert not BulletinRead.objects.exists()


def test_someone_who_is_not_a_member_is_refused(client, staff, committee):
    bulletin = BulletinFactory(committee=committee)
    client.force_login(staff)
    assert client.get(detail(bulletin)).status_code == 403
    assert client.get(LIST).status_code == 403


@pytest.mark.parametrize("url", [HOME, LIST])
def test_the_query_count_does_not_grow_with_the_bulletins(reader_client, reader, committee, url):
    def publish(n):
        for _ in range(n):
            bulletin = BulletinFactory(committee=committee)
            BulletinFactory(committee=committee, sector=reader.sector)
            services.bulletin_mark_read(bulletin=bulletin, member_id=reader.pk)

    publish(1)  # two bulletins
    reader_client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert reader_client.get(url).status_code == 200
    publish(4)  # ten bulletins
    with CaptureQueriesContext(connection) as many:
        page = reader_client.get(url)
    assert page.content.decode().count(reverse("bulletins:list")) >= 1
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
