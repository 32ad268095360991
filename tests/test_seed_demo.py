"""`manage.py seed_demo` builds the picture the README promises, and running it again changes nothing."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from bulletins.models import Bulletin, BulletinRead
from committees.models import Committee
from cppcc.demo.people import DEMO_PASSWORD
from liaison.models import ContactActivity, LiaisonGroup, LiaisonGroupMembership
from meetings.models import Attendance, Meeting
from members.models import Member
from proposals.models import Proposal, ProposalClue, ProposalState, SocialReport
from sectors.models import Sector


@pytest.mark.django_db
def test_it_builds_the_demo_county_and_is_idempotent():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    county = Committee.objects.get(name="政协清河县委员会")
    assert county.parent.level == Committee.Level.MUNICIPAL
    assert Member.objects.filter(committee=county).count() == 138
    groups = LiaisonGroup.objects.filter(committee=county)
    assert groups.filter(kind="township").count() == 15
    assert groups.filter(kind="agency").count() == 9
    assert Sector.objects.filter(committee=county).count() >= 10
    # Every member who is still serving sits in exactly one group today.
    serving = Member.objects.filter(committee=county, status="active")
    open_memberships = LiaisonGroupMembership.objects.filter(
        member__in=serving, end_date__isnull=True
    )
    assert open_memberships.count() == serving.count()
    states = set(Proposal.objects.filter(committee=county).values_list("state", flat=True))
    assert states == set(ProposalState.values)
    assert Meeting.objects.filter(committee=county, kind="plenary").exists()
    assert Attendance.objects.filter(meeting__committee=county, status="present").count() > 300
    assert ContactActivity.objects.filter(committee=county, status="verified").count() > 50
    assert SocialReport.objects.filter(committee=county).exists()
    assert ProposalClue.objects.filter(committee=county).exists()
    assert Bulletin.objects.filter(committee=county, published_at__isnull=False).count() == 3
    assert BulletinRead.objects.filter(bulletin__committee=county).count() == 1

    for username in ["admin", "staff", "city_staff", "member", "convener", "leader", "unit"]:
        assert username in out.getvalue()
        assert signed_in(username) is not None, username
    member_user = signed_in("member")
    assert member_user.member.committee == county

    counts = (Member.objects.count(), Proposal.objects.count(), Attendance.objects.count())
    again = io.StringIO()
    call_command("seed_demo", stdout=again)
    assert "already present" in again.getvalue()
    assert (Member.objects.count(), Proposal.objects.count(), Attendance.objects.count()) == counts


def signed_in(username: str):
    """The account the sign-in backends accept for the demo password (as a sign-in form asks:
    with the request, which the lockout backend requires)."""
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=DEMO_PASSWORD)
