"""Forms for the steps in a member's service: a move to another sector, a departure.

The admin's bulk actions and the API (``members.api``) check the same fields through them.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sectors.models import Sector

from .services import LEAVING_STATUSES


class LeavingForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"), choices=[(s.value, s.label) for s in LEAVING_STATUSES]
    )
    left_on = forms.DateField(label=_("left on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("status note"), max_length=200, required=False)


class MoveSectorForm(forms.Form):
    sector = forms.ModelChoiceField(label=_("sector"), queryset=Sector.objects.none())
    effective_date = forms.DateField(
        label=_("effective date"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, committee_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(committee_id=committee_id)
