"""Small forms behind the admin actions that need a date, a reason or a choice."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import LiaisonGroup


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class DiscussionForm(forms.Form):
    meeting_on = forms.DateField(label=_("Date of the Chairman's Meeting"), widget=AdminDateWidget)


class ApprovalForm(forms.Form):
    approved_on = forms.DateField(
        label=_("Date of the Standing Committee's approval"), widget=AdminDateWidget
    )
    document_number = forms.CharField(label=_("Document number"), max_length=60)
    effective_date = forms.DateField(
        label=_("Takes up the role on"),
        required=False,
        widget=AdminDateWidget,
        help_text=_("Leave empty to start on the day of approval."),
    )


class DateForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=AdminDateWidget)


class MoveForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Move to liaison group"), queryset=LiaisonGroup.objects)
    effective_date = forms.DateField(label=_("From"), widget=AdminDateWidget)

    def __init__(self, *args, committee_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = LiaisonGroup.objects.filter(
            committee_id=committee_id, is_active=True
        )


class RosterForm(forms.Form):
    start_date = forms.DateField(label=_("From"), widget=AdminDateWidget)
    end_date = forms.DateField(label=_("To"), widget=AdminDateWidget)
    include_weekends = forms.BooleanField(label=_("Include Saturdays and Sundays"), required=False)
    skip_dates = forms.CharField(
        label=_("Days without duty"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Public holidays, one date per line, e.g. 2025-10-01."),
    )

    def clean_skip_dates(self) -> list[datetime.date]:
        days = []
        for line in self.cleaned_data["skip_dates"].split():
            try:
                days.append(datetime.date.fromisoformat(line.strip()))
            except ValueError as error:
                raise ValidationError(
                    _("“%(value)s” is not a date like 2025-10-01.") % {"value": line}
                ) from error
        return days
