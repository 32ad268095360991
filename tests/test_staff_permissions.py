"""What the committee-staff group may touch: their committee's records, not the platform's."""

import pytest
from django.urls import reverse

from accounts.services import staff_group_sync


@pytest.mark.django_db
def test_staff_cannot_reach_the_platform_wide_task_schedules(staff_client):
    response = staff_client.get(reverse("admin:django_celery_beat_periodictask_changelist"))
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_staff_group_may_work_on_committee_records_but_not_create_committees():
    codenames = set(staff_group_sync().permissions.values_list("codename", flat=True))
    assert {"change_member", "add_proposal", "change_attendance", "view_committee"} <= codenames
    assert "add_committee" not in codenames
    assert not any(code.endswith("periodictask") for code in codenames)
