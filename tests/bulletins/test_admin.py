"""Staff write and publish bulletins in the admin and see who has read them and who has not."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bulletins import services
from bulletins.models import Bulletin, BulletinKind
from tests.factories.bulletins import BulletinFactory
from tests.factories.core import MemberFactory, SectorFactory
from tests.factories.proposals import member_of

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:bulletins_bulletin_changelist")
ADD = reverse("admin:bulletins_bulletin_add")


def change(bulletin):
    return reverse("admin:bulletins_bulletin_change", args=[bulletin.pk])


def test_staff_write_a_bulletin_for_their_committee(staff_client, staff, committee):
    sector = SectorFactory(committee=committee)
    response = staff_client.post(
        ADD,
        {
            "kind": BulletinKind.PROPOSAL_CLUES,
            "title": "第二季度提案线索选编",
            "body": "群众反映农村饮水安全问题……",
            "sector": sector.pk,
            "published_at_0": "2024-04-01",
            "published_at_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    bulletin = Bulletin.objects.get()
    assert (bulletin.committee, bulletin.sector, bulletin.created_by) == (committee, sector, staff)
    assert bulletin.history.count() == 1
    assert (
        staff_client.get(
            reverse("admin:bulletins_bulletin_history", args=[bulletin.pk])
        ).status_code
        == 200
    )


def test_a_bulletin_without_a_title_is_refused_with_a_message_and_nothing_is_saved(staff_client):
    response = staff_client.post(
        ADD, {"kind": BulletinKind.WORK_BRIEF, "title": "", "body": "正文"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "该字段是必填项" in html.split("field-title")[1][:600]  # next to the title
    assert not Bulletin.objects.exists()


def test_staff_see_how_many_have_read_and_who_has_not(staff_client, committee):
    bulletin = BulletinFactory(committee=committee, title="学习简报")
    read = member_of(committee, name="李已读")
    member_of(committee, name="张未读")
    member_of(committee, name="王未读")
    services.bulletin_mark_read(bulletin=bulletin, member_id=read.pk)

    listing = staff_client.get(CHANGELIST).content.decode()
    assert "3人中1人已读" in listing

    page = staff_client.get(change(bulletin)).content.decode()
    assert "李已读" in page
    not_read = page.split("尚未阅读")[1]
    assert "张未读" in not_read and "王未读" in not_read and "李已读" not in not_read


def test_a_sectors_bulletin_counts_only_that_sectors_members(staff_client, committee):
    sector = SectorFactory(committee=committee)
    bulletin = BulletinFactory(committee=committee, sector=sector)
    member_of(committee, sector=sector, name="本界别委员")
    member_of(committee, name="外界别委员")
    page = staff_client.get(change(bulletin)).content.decode()
    assert "1人中0人已读" in page
    assert "本界别委员" in page and "外界别委员" not in page


def test_another_committees_bulletin_is_not_shown(staff_client, other_committee):
    theirs = BulletinFactory(committee=other_committee, title="外会简报")
    assert "外会简报" not in staff_client.get(CHANGELIST).content.decode()
    response = staff_client.get(change(theirs))
    assert (response.status_code, response.url) == (302, reverse("admin:index"))


def test_publishing_a_draft_sets_its_date_once(staff_client, committee):
    draft = BulletinFactory(committee=committee, published_at=None)
    published = BulletinFactory(committee=committee)
    before = published.published_at
    response = staff_client.post(
        CHANGELIST,
        {"action": "publish_now", "_selected_action": [draft.pk, published.pk]},
        follow=True,
    )
    assert "已发布1份简报" in response.content.decode()
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.published_at is not None
    assert published.published_at == before


def test_the_changelist_query_count_does_not_grow_with_bulletins_and_readers(
    staff_client, committee
):
    def publish(n):
        for _ in range(n):
            bulletin = BulletinFactory(committee=committee)
            reader = MemberFactory(committee=committee, term=member_of(committee).term)
            services.bulletin_mark_read(bulletin=bulletin, member_id=reader.pk)

    publish(2)
    staff_client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(CHANGELIST).status_code == 200
    publish(8)
    with CaptureQueriesContext(connection) as many:
        staff_client.get(CHANGELIST)
    assert len(many) == len(few)
