"""A member's meetings as a private iCalendar feed: the link is made (and remade, which revokes
the old one) on the member's own page; calendar apps read the feed with the token in the link."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from icalendar import Calendar

from meetings.models import AttendanceStatus, MeetingKind
from members.models import Member
from opendata.ical import meeting_uid
from opendata.models import CalendarFeed
from opendata.services import calendar_feed_regenerate
from tests.factories.meetings import (
    AttendanceFactory,
    DecidedLeaveRequestFactory,
    MeetingFactory,
    PlenaryFactory,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def me(people) -> Member:
    return Member.objects.get(user=people.member)


@pytest.fixture
def invitations(me, committee):
    today = timezone.localdate()
    standing = MeetingFactory(
        committee=committee,
        title="常委会第三次会议",
        place="县政协三楼会议室",
        start_date=today + datetime.timedelta(days=3),
        start_time=datetime.time(9, 0),
    )
    plenary = PlenaryFactory(
        committee=committee,
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=32),
    )
    excused = MeetingFactory(
        committee=committee,
        kind=MeetingKind.SPECIAL_CONSULTATION,
        title="专题协商会",
        start_date=today + datetime.timedelta(days=10),
    )
    AttendanceFactory(meeting=standing, member=me)
    AttendanceFactory(meeting=plenary, member=me)
    AttendanceFactory.marked(AttendanceStatus.APPROVED_LEAVE, meeting=excused, member=me)
    DecidedLeaveRequestFactory(meeting=excused, member=me)
    # Not the member's: another member's invitation; a meeting from two years ago.
    AttendanceFactory(meeting=MeetingFactory(committee=committee, title="别人的会议"))
    old = MeetingFactory(
        committee=committee, title="两年前的会议", start_date=today.replace(year=today.year - 2)
    )
    AttendanceFactory(meeting=old, member=me)
    return {"standing": standing, "plenary": plenary, "excused": excused}


def _feed(client, token: str):
    return client.get(reverse("calendar_feed:feed", kwargs={"token": token}))


def _events(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_the_member_makes_a_link_and_sees_it_once(client, people, me):
    client.force_login(people.member)
    page = reverse("calendar_feed:settings")

    response = client.post(page, follow=True)

    feed = CalendarFeed.objects.get(member=me)
    link = response.context["link"]
    token = link.rsplit("/", 1)[1].removesuffix(".ics")
    assert link.startswith("http://testserver/calendar/")
    assert link in response.content.decode()
    assert token not in feed.token_hash  # only the hash is kept
    assert client.get(page).context["link"] is None  # not shown a second time
    assert _feed(client, token).status_code == 200


def test_the_feed_lists_the_members_meetings_with_time_place_and_leave(client, me, invitations):
    token = calendar_feed_regenerate(member=me)

    response = _feed(client, token)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response)
    wanted = {meeting_uid(meeting.pk) for meeting in invitations.values()}
    assert set(events) == wanted
    standing = events[meeting_uid(invitations["standing"].pk)]
    start = standing.decoded("dtstart")
    assert start == datetime.datetime.combine(
        invitations["standing"].start_date, datetime.time(9, 0), tzinfo=SHANGHAI
    )
    assert start.utcoffset() == datetime.timedelta(hours=8)
    assert str(standing["location"]) == "县政协三楼会议室"
    plenary = events[meeting_uid(invitations["plenary"].pk)]
    assert plenary.decoded("dtstart") == invitations["plenary"].start_date
    assert plenary.decoded("dtend") == invitations["plenary"].end_date + datetime.timedelta(days=1)
    excused = events[meeting_uid(invitations["excused"].pk)]
    with override("zh-hans"):
        assert str(AttendanceStatus.APPROVED_LEAVE.label) in str(excused["description"])
        assert "已批准" in str(excused["description"])
    assert str(excused["transp"]) == "TRANSPARENT"


def test_times_carry_the_shanghai_time_zone(client, me, invitations):
    response = _feed(client, calendar_feed_regenerate(member=me))
    calendar = Calendar.from_ical(response.content)

    zones = [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")]
    assert zones == ["Asia/Shanghai"]
    assert b"DTSTART;TZID=Asia/Shanghai:" in response.content


def test_uids_are_stable_between_fetches_and_new_links(client, me, invitations):
    first = set(_events(_feed(client, calendar_feed_regenerate(member=me))))
    second = set(_events(_feed(client, calendar_feed_regenerate(member=me))))

    assert first == second and len(first) == 3


def test_an_unknown_token_is_not_found(client, me, invitations):
    calendar_feed_regenerate(member=me)

    assert _feed(client, "not-a-token").status_code == 404


def test_a_new_link_revokes_the_old_one(client, people, me):
    old = calendar_feed_regenerate(member=me)
    client.force_login(people.member)

    client.post(reverse("calendar_feed:settings"))

    assert _feed(client, old).status_code == 404
    assert CalendarFeed.objects.filter(member=me).count() == 1


def test_each_member_has_their_own_feed(client, people, me, invitations):
    other = Member.objects.get(user=people.other_member)
    mine = set(_events(_feed(client, calendar_feed_regenerate(member=me))))
    theirs = set(_events(_feed(client, calendar_feed_regenerate(member=other))))

    assert mine and not (mine & theirs)


def test_the_query_count_does_not_grow_with_the_meetings(
    client, me, committee, django_assert_num_queries
):
    token = calendar_feed_regenerate(member=me)
    start = timezone.localdate()

    def measure(count: int) -> None:
        while me.attendances.count() < count:
            meeting = MeetingFactory(committee=committee, start_date=start)
            AttendanceFactory(meeting=meeting, member=me)
        # The request's transaction (a savepoint and its release), the feed with its member, the
        # invitations with their meetings and leave states.
        with django_assert_num_queries(4):
            assert len(_events(_feed(client, token))) == count

    measure(2)
    measure(10)
