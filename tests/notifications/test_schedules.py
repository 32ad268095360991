"""Periodic schedules: defined in cppcc/schedules.py, synced into beat, operators' edits kept."""

import pytest
from django.core.management import call_command
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from cppcc.schedules import SCHEDULES, Entry, schedules_sync

pytestmark = pytest.mark.django_db

DAILY = Entry(
    name="test: daily",
    task="notifications.tasks.send_due_reminders",
    crontab={"minute": "0", "hour": "8"},
)


def test_the_project_schedules_include_the_reminders_and_the_nightly_recompute():
    report = schedules_sync()
    assert sorted(report.created) == sorted(entry.name for entry in SCHEDULES)
    recompute = PeriodicTask.objects.get(task="assessment.tasks.recompute_open_years")
    assert (recompute.crontab.hour, recompute.crontab.minute) == ("2", "30")
    assert str(recompute.crontab.timezone) == "Asia/Shanghai"
    assert recompute.enabled
    assert PeriodicTask.objects.filter(task="notifications.tasks.send_due_reminders").exists()


def test_syncing_twice_changes_nothing():
    schedules_sync([DAILY])
    first = PeriodicTask.objects.values().get(name=DAILY.name)
    report = schedules_sync([DAILY])
    assert report.unchanged == [DAILY.name]
    assert PeriodicTask.objects.values().get(name=DAILY.name) == first
    assert CrontabSchedule.objects.count() == 1


def test_a_change_in_the_code_reaches_an_untouched_schedule():
    schedules_sync([DAILY])
    later = Entry(
        name=DAILY.name,
        task=DAILY.task,
        crontab={"minute": "15", "hour": "7"},
        kwargs={"today_iso": None},
    )
    assert schedules_sync([later]).updated == [DAILY.name]
    task = PeriodicTask.objects.get(name=DAILY.name)
    assert (task.crontab.hour, task.crontab.minute, task.kwargs) == (
        "7",
        "15",
        '{"today_iso": null}',
    )


def test_a_schedule_switched_off_in_the_admin_stays_off():
    schedules_sync([DAILY])
    PeriodicTask.objects.filter(name=DAILY.name).update(enabled=False)
    assert schedules_sync([DAILY]).kept_as_edited == [DAILY.name]
    assert PeriodicTask.objects.get(name=DAILY.name).enabled is False


def test_a_time_changed_in_the_admin_is_kept_even_when_the_code_changes(admin_client):
    schedules_sync([DAILY])
    task = PeriodicTask.objects.get(name=DAILY.name)
    crontab = CrontabSchedule.objects.create(minute="0", hour="6", timezone="Asia/Shanghai")
    task.crontab = crontab
    task.save()
    moved = Entry(name=DAILY.name, task=DAILY.task, crontab={"minute": "0", "hour": "9"})
    assert schedules_sync([moved]).kept_as_edited == [DAILY.name]
    assert PeriodicTask.objects.get(name=DAILY.name).crontab.hour == "6"


def test_a_schedule_deleted_in_the_admin_comes_back_with_the_next_sync():
    schedules_sync([DAILY])
    PeriodicTask.objects.filter(name=DAILY.name).delete()
    assert schedules_sync([DAILY]).created == [DAILY.name]


def test_the_command_reports_what_it_did(capsys):
    call_command("sync_schedules")
    call_command("sync_schedules")
    out = capsys.readouterr().out
    assert "created: assessment: nightly score recompute" in out
    assert "unchanged: assessment: nightly score recompute" in out


def test_operators_see_the_schedules_in_the_admin(admin_client):
    schedules_sync()
    response = admin_client.get("/admin/django_celery_beat/periodictask/")
    assert response.status_code == 200
    assert "assessment: nightly score recompute" in response.content.decode()
