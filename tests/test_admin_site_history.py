"""The history pages of the admin stay inside the committee and are for reading only.

django-simple-history's pages look a record up by id (a deleted one too) rather than through the
changelist's scoped queryset; the scoping mixin must refuse them for records of committees the
user may not read, and must never let anyone save an old version over the current one.
"""

import pytest
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from committees.admin_mixins import CommitteeScopedAdmin
from members.models import Member
from tests.factories.core import CommitteeFactory, MemberFactory, StaffUserFactory
from tests.factories.liaison import ContactActivityFactory
from tests.factories.meetings import (
    AttendanceFactory,
    MeetingFactory,
    ResearchReportAuthorFactory,
    SpeechFactory,
    StudyNoteFactory,
    member_of,
)
from tests.factories.members import CommendationFactory
from tests.factories.proposals import ProposalFactory
from tests.factories.supervision import SupervisionParticipantFactory, SupervisionTopicFactory

pytestmark = pytest.mark.django_db

RECORDS = {
    "member": lambda committee: MemberFactory(committee=committee),
    "proposal": lambda committee: ProposalFactory(committee=committee),
    "attendance": lambda committee: AttendanceFactory(meeting=MeetingFactory(committee=committee)),
    "contact activity": lambda committee: ContactActivityFactory(committee=committee),
    "speech": lambda committee: SpeechFactory(meeting=MeetingFactory(committee=committee)),
    "research report author": lambda committee: ResearchReportAuthorFactory(
        member=member_of(committee),
        report__meeting__committee=committee,
    ),
    "research report": lambda committee: (
        ResearchReportAuthorFactory(
            member=member_of(committee), report__meeting__committee=committee
        ).report
    ),
    "study note": lambda committee: StudyNoteFactory(member=member_of(committee)),
    "commendation": lambda committee: CommendationFactory(member=member_of(committee)),
    "supervision participant": lambda committee: SupervisionParticipantFactory(
        topic=SupervisionTopicFactory(committee=committee)
    ),
}


@pytest.fixture(params=RECORDS, ids=str)
def record(request, committee):
    return RECORDS[request.param](committee)


def history_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])


def version_url(obj):
    meta = obj._meta
    version = obj.history.earliest()
    return reverse(
        f"admin:{meta.app_label}_{meta.model_name}_simple_history",
        args=[obj.pk, version.history_id],
    )


def test_staff_of_the_committee_read_its_history(staff_client, record):
    assert staff_client.get(history_url(record)).status_code == 200
    version = staff_client.get(version_url(record))
    assert version.status_code == 200
    assert version.context["revert_disabled"] is True


def test_staff_of_another_committee_are_refused_its_history(client, record):
    client.force_login(StaffUserFactory(committee=CommitteeFactory(name="政协远山县委员会")))

    for page in (history_url(record), version_url(record)):
        response = client.get(page)
        assert response.status_code in (302, 403), page
        assert str(record) not in response.content.decode()


def test_staff_of_another_committee_are_refused_a_deleted_records_history(client, committee):
    member = MemberFactory(committee=committee, name="已删委员")
    pk = member.pk
    member.sector_periods.all().delete()
    member.delete()
    client.force_login(StaffUserFactory(committee=CommitteeFactory()))

    url = reverse("admin:members_member_history", args=[pk])
    assert client.get(url).status_code == 403


def test_the_committee_above_reads_the_history_below(client, committee):
    city = CommitteeFactory(level="municipal")
    committee.parent = city
    committee.save()
    member = MemberFactory(committee=committee)
    client.force_login(StaffUserFactory(committee=city))

    assert client.get(history_url(member)).status_code == 200


def test_an_old_version_cannot_be_saved_back(staff_client, committee):
    member = MemberFactory(committee=committee, name="原名")
    member.name = "新名"
    member.save()

    response = staff_client.post(version_url(member), {"name": "原名", "_save": "1"})

    assert response.status_code == 403
    assert Member.objects.get(pk=member.pk).name == "新名"


def test_every_history_admin_is_scoped_and_read_only(staff):
    request = RequestFactory().get("/admin/")
    request.user = staff
    history_admins = [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if hasattr(model, "history") and model._meta.app_label != "auth"
    ]
    assert len(history_admins) >= 10
    for model_admin in history_admins:
        assert isinstance(model_admin, SimpleHistoryAdmin), model_admin
        assert isinstance(model_admin, CommitteeScopedAdmin), model_admin
        assert model_admin.revert_disabled(request) is True, model_admin


def test_a_history_admin_that_lists_the_scoping_second_is_refused():
    with pytest.raises(ImproperlyConfigured, match="before SimpleHistoryAdmin"):

        class WronglyOrderedAdmin(SimpleHistoryAdmin, CommitteeScopedAdmin):
            pass
