"""Attendance sheets in and out of Excel and CSV (django-import-export).

The column headers and status labels are the sheet format counties already keep (会议, 委员姓名,
出勤情况 …). They are a file format, not interface text, so they stay the same whatever language
the admin is shown in: a sheet exported in one language imports in the other.

Each row names a meeting of the importing user's committee (by number, or by exact title plus
date) and a member of that committee (by member number, or by a name no one else has), and sets
that member's attendance. Any bad row stops the whole import: nothing is saved until every row is
right, and each bad row is reported with its own message.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from members.models import Member

from .models import ATTENDED_STATUSES, Attendance, AttendanceStatus, Meeting

COL_MEETING_ID = "会议编号"
COL_MEETING = "会议"
COL_MEETING_DATE = "会议日期"
COL_MEMBER_NUMBER = "委员编号"
COL_MEMBER_NAME = "委员姓名"
COL_STATUS = "出勤情况"
COL_HALF_DAYS = "出席半天数"
COL_NOTE = "备注"

STATUS_LABELS = {
    AttendanceStatus.INVITED: "未登记",
    AttendanceStatus.PRESENT: "出席",
    AttendanceStatus.LATE_OR_EARLY: "迟到早退",
    AttendanceStatus.APPROVED_LEAVE: "请假",
    AttendanceStatus.ABSENT_WITHOUT_LEAVE: "缺席",
}
STATUS_BY_LABEL = {label: status for status, label in STATUS_LABELS.items()}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores "0012"-less numbers as floats
    return str(value).strip()


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value).replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-")
    try:
        return datetime.date(*(int(part) for part in text.split("-")))
    except (TypeError, ValueError):
        raise ValidationError(
            _("The meeting date %(value)s is not a date like 2024-03-15.") % {"value": value}
        ) from None


class StatusWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        label = _text(value)
        if not label:
            raise ValueError(_("Fill in the attendance (出席, 迟到早退, 请假 or 缺席)."))
        if label in STATUS_BY_LABEL:
            return STATUS_BY_LABEL[label]
        if label in AttendanceStatus.values:
            return label
        raise ValueError(
            _("Unknown attendance %(value)s; use 出席, 迟到早退, 请假 or 缺席.") % {"value": label}
        )

    def render(self, value, obj=None, **kwargs):
        return STATUS_LABELS.get(value, value or "")


class HalfDaysWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        # Empty means "the whole meeting" for a member present; the model fills it in.
        if _text(value) == "":
            return 0
        try:
            number = super().clean(value, row, **kwargs)
        except (ValueError, ArithmeticError):
            raise ValueError(_("Half-days must be a whole number.")) from None
        if number is None or number < 0:
            raise ValueError(_("Half-days must be a whole number."))
        return number


class AttendanceResource(resources.ModelResource):
    meeting_id = fields.Field(column_name=COL_MEETING_ID, dehydrate_method="export_meeting_id")
    meeting = fields.Field(column_name=COL_MEETING, dehydrate_method="export_meeting_title")
    meeting_date = fields.Field(
        column_name=COL_MEETING_DATE, dehydrate_method="export_meeting_date"
    )
    member_number = fields.Field(
        column_name=COL_MEMBER_NUMBER, dehydrate_method="export_member_number"
    )
    member_name = fields.Field(column_name=COL_MEMBER_NAME, dehydrate_method="export_member_name")
    status = fields.Field(attribute="status", column_name=COL_STATUS, widget=StatusWidget())
    half_days_present = fields.Field(
        attribute="half_days_present", column_name=COL_HALF_DAYS, widget=HalfDaysWidget()
    )
    note = fields.Field(attribute="note", column_name=COL_NOTE, widget=widgets.CharWidget())

    class Meta:
        model = Attendance
        fields = (
            "meeting_id",
            "meeting",
            "meeting_date",
            "member_number",
            "member_name",
            "status",
            "half_days_present",
            "note",
        )
        clean_model_instances = True
        skip_unchanged = False
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.user = None
        self._meetings: dict[tuple, Meeting] = {}
        self._members: dict[int, dict[str, dict[str, list[Member]]]] = {}
        self._seen: set[tuple[int, int]] = set()
        self._current: tuple[Meeting, Member] | None = None

    # Import ---------------------------------------------------------------------------------

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        # All or nothing: one bad row rolls back every row, whoever calls the import.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        if self.user is None or not (self.user.is_superuser or self.user.committee_id):
            raise ValidationError(_("Only committee staff can import attendance."))
        missing = [col for col in (COL_STATUS,) if col not in (dataset.headers or [])]
        if not {COL_MEETING_ID, COL_MEETING} & set(dataset.headers or []):
            missing.append(f"{COL_MEETING_ID} / {COL_MEETING}")
        if not {COL_MEMBER_NUMBER, COL_MEMBER_NAME} & set(dataset.headers or []):
            missing.append(f"{COL_MEMBER_NUMBER} / {COL_MEMBER_NAME}")
        if missing:
            raise ValidationError(
                _("The sheet lacks the columns: %(columns)s.") % {"columns": "、".join(missing)}
            )

    def _meetings_in_scope(self):
        qs = Meeting.objects.all()
        if not self.user.is_superuser:
            qs = qs.filter(committee_id=self.user.committee_id)
        return qs

    def _resolve_meeting(self, row) -> Meeting:
        number = _text(row.get(COL_MEETING_ID))
        title = _text(row.get(COL_MEETING))
        day = _date(row.get(COL_MEETING_DATE))
        key = (number, title, day)
        if key in self._meetings:
            return self._meetings[key]
        if number:
            if not number.isdigit():
                raise ValidationError(
                    _("The meeting number %(value)s is not a number.") % {"value": number}
                )
            found = list(self._meetings_in_scope().filter(pk=int(number)))
            if not found:
                raise ValidationError(
                    _("There is no meeting numbered %(value)s in your committee.")
                    % {"value": number}
                )
        elif title:
            qs = self._meetings_in_scope().filter(title=title)
            if day is not None:
                qs = qs.filter(start_date=day)
            found = list(qs[:2])
            if not found:
                raise ValidationError(
                    _("There is no meeting titled %(value)s on that date in your committee.")
                    % {"value": title}
                )
            if len(found) > 1:
                raise ValidationError(
                    _("Several meetings are titled %(value)s; give the meeting date or number.")
                    % {"value": title}
                )
        else:
            raise ValidationError(_("Give the meeting's number or its title."))
        self._meetings[key] = found[0]
        return found[0]

    def _members_at(self, meeting: Meeting) -> dict[str, dict[str, list[Member]]]:
        """Members of the meeting's committee in the term the meeting fell in, by number and name.

        A re-appointed member has one row per term and may keep their number, so both are looked
        up in the term of the meeting.
        """
        if meeting.pk not in self._members:
            by_number, by_name = defaultdict(list), defaultdict(list)
            day = meeting.start_date
            for m in Member.objects.filter(
                committee_id=meeting.committee_id,
                term__start_date__lte=day,
                term__end_date__gte=day,
            ).only("id", "name", "member_number", "committee_id"):
                by_name[m.name].append(m)
                if m.member_number:
                    by_number[m.member_number].append(m)
            self._members[meeting.pk] = {"number": by_number, "name": by_name}
        return self._members[meeting.pk]

    def _resolve_member(self, row, meeting: Meeting) -> Member:
        number = _text(row.get(COL_MEMBER_NUMBER))
        name = _text(row.get(COL_MEMBER_NAME))
        index = self._members_at(meeting)
        if number:
            found = index["number"].get(number, [])
            if not found:
                raise ValidationError(
                    _("There is no member numbered %(value)s in the committee at that meeting.")
                    % {"value": number}
                )
            if name:
                matching = [m for m in found if m.name == name]
                if not matching:
                    raise ValidationError(
                        _("Member number %(number)s is %(actual)s, not %(name)s.")
                        % {"number": number, "actual": found[0].name, "name": name}
                    )
                found = matching
            if len(found) > 1:
                raise ValidationError(
                    _("Several members have the number %(value)s; give the name too.")
                    % {"value": number}
                )
            return found[0]
        if not name:
            raise ValidationError(_("Give the member's number or name."))
        found = index["name"].get(name, [])
        if not found:
            raise ValidationError(
                _("There is no member named %(value)s in the committee at that meeting.")
                % {"value": name}
            )
        if len(found) > 1:
            raise ValidationError(
                _("Several members are named %(value)s; give the member number instead.")
                % {"value": name}
            )
        return found[0]

    def before_import_row(self, row, **kwargs):
        self._current = None
        meeting = self._resolve_meeting(row)
        member = self._resolve_member(row, meeting)
        key = (meeting.pk, member.pk)
        if key in self._seen:
            raise ValidationError(
                _("%(name)s appears more than once for this meeting in the sheet.")
                % {"name": member.name}
            )
        self._seen.add(key)
        self._current = (meeting, member)

    def get_instance(self, instance_loader, row):
        meeting, member = self._current
        return Attendance.objects.filter(meeting=meeting, member=member).first()

    def init_instance(self, row=None):
        meeting, member = self._current
        return Attendance(meeting=meeting, member=member)

    def import_instance(self, instance, row, **kwargs):
        previous_status = instance.status if instance.pk else None
        super().import_instance(instance, row, **kwargs)
        # Who marked the row is part of what the constraints check, so set it before validation.
        if instance.status == AttendanceStatus.INVITED:
            instance.marked_by, instance.marked_at = None, None
        elif instance.status != previous_status or instance.marked_at is None:
            instance.marked_by, instance.marked_at = self.user, timezone.now()
        if instance.status not in ATTENDED_STATUSES:
            instance.training_completion = ""
        instance._history_user = self.user

    # Export ---------------------------------------------------------------------------------

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("meeting", "member")

    def export_meeting_id(self, obj: Attendance):
        return obj.meeting_id

    def export_meeting_title(self, obj: Attendance) -> str:
        return obj.meeting.title

    def export_meeting_date(self, obj: Attendance) -> str:
        return obj.meeting.start_date.isoformat()

    def export_member_number(self, obj: Attendance) -> str:
        return obj.member.member_number

    def export_member_name(self, obj: Attendance) -> str:
        return obj.member.name
