"""Forms a member fills in about their own meetings: leave, a research report, a study note."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from committees.form_fields import ModelMultipleChoiceField
from committees.uploads import UploadField
from members.models import Member

from .models import LEARNING_KINDS, Meeting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return obj.name


class LeaveRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for leave"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Staff of the committee decide; you are told their decision."),
    )


class ResearchReportForm(forms.Form):
    title = forms.CharField(label=_("Report title"), max_length=200)
    written_on = forms.DateField(label=_("Written on"), widget=DATE)
    summary = forms.CharField(
        label=_("Report summary"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    co_authors = MemberChoiceField(
        label=_("Co-authors"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("You are the lead author. Hold Ctrl (or tap) to choose several."),
    )
    attachment = UploadField(label=_("The report as a file"), required=False)

    def __init__(self, *args, member: Member, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["co_authors"].queryset = (
            Member.objects.filter(committee_id=member.committee_id, status=Member.Status.ACTIVE)
            .exclude(pk=member.pk)
            .order_by("name")
        )

    def clean_written_on(self):
        day = self.cleaned_data["written_on"]
        if day < self.meeting.start_date:
            raise forms.ValidationError(_("The report cannot be written before the trip started."))
        return day


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return str(obj)


class StudyNoteForm(forms.Form):
    meeting = MeetingChoiceField(
        label=_("Training or reading-group session"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("— none: self-study —"),
    )
    title = forms.CharField(label=_("Note title"), max_length=200)
    written_on = forms.DateField(label=_("Written on"), widget=DATE)
    body = forms.CharField(label=_("Note text"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            attendances__member=member, kind__in=LEARNING_KINDS
        ).order_by("-start_date")
