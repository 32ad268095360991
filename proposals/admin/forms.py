"""Forms of the proposals back office: edit forms that check first, and action forms."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from committees.admin_actions import errors_for_form
from committees.admin_mixins import SafeAutocompleteSelect
from committees.form_fields import ModelMultipleChoiceField
from members.models import Member

from .. import services
from ..models import (
    Conversion,
    HandlingUnit,
    Proposal,
    ProposalClue,
    ProposalCoSigner,
    ProposalFollowUp,
    Satisfaction,
    SocialReportInstruction,
)
from ..services.drafting import CONTENT_FIELDS, SUBMITTER_FIELDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class ProposalAdminForm(forms.ModelForm):
    """Checks what the services would refuse, so the clerk reads it on the form."""

    class Meta:
        model = Proposal
        fields = ["committee", *sorted(CONTENT_FIELDS), *sorted(SUBMITTER_FIELDS)]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or self.errors:
            return cleaned
        changes = {
            name: cleaned[name]
            for name in self.changed_data
            if name in CONTENT_FIELDS | SUBMITTER_FIELDS and name in cleaned
        }
        try:
            services.proposal_update_check(proposal=self.instance, changes=changes)
        except ValidationError as error:
            raise errors_for_form(self, error) from None
        return cleaned


class CoSignerInlineForm(forms.ModelForm):
    class Meta:
        model = ProposalCoSigner
        fields = ["member", "status"]

    def clean_member(self):
        member = self.cleaned_data["member"]
        if member is not None and not member.is_active and "member" in self.changed_data:
            raise ValidationError(
                _("%(member)s is no longer an active member.") % {"member": member}
            )
        return member


class CoSignerFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]
        if kept and self.instance.submitter_kind == Proposal.SubmitterKind.MEMBER:
            raise ValidationError(
                _("A proposal by one member has no co-signers; make it a joint proposal first.")
            )


class FollowUpInlineForm(forms.ModelForm):
    class Meta:
        model = ProposalFollowUp
        fields = ["kind", "followed_on", "progress", "summary", "participants"]
        widgets = {"followed_on": DATE_INPUT, "summary": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        proposal = cleaned.get("proposal") or (
            self.instance.proposal if self.instance.proposal_id else None
        )
        if proposal is None or self.instance.pk or self.errors:
            return cleaned
        try:
            services.proposal_followup_check(
                proposal=proposal, kind=cleaned.get("kind"), followed_on=cleaned.get("followed_on")
            )
        except ValidationError as error:
            raise errors_for_form(self, error) from None
        return cleaned


class InstructionInlineForm(forms.ModelForm):
    class Meta:
        model = SocialReportInstruction
        fields = ["leader", "level", "instructed_on", "content"]
        widgets = {"instructed_on": DATE_INPUT, "content": forms.Textarea(attrs={"rows": 2})}


# --- intermediate forms of bulk actions --------------------------------------------------------


class AssignUnitsForm(forms.Form):
    lead_unit = forms.ModelChoiceField(label=_("lead unit"), queryset=HandlingUnit.objects.none())
    co_units = ModelMultipleChoiceField(
        label=_("co-handling units"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = forms.DateField(label=_("reply deadline"), widget=DATE_INPUT)

    def __init__(self, *args, committee_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = HandlingUnit.objects.filter(committee_id=committee_id, is_active=True)
        self.fields["lead_unit"].queryset = units
        self.fields["co_units"].queryset = units

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("lead_unit") and cleaned.get("lead_unit") in cleaned.get("co_units", []):
            raise ValidationError(_("The lead unit cannot also be a co-handling unit."))
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


class DeclineRegistrationForm(ReasonForm):
    conversion = forms.ChoiceField(
        label=_("conversion"), choices=Conversion.choices, initial=Conversion.NONE
    )


class SupervisingLeaderForm(forms.Form):
    supervising_leader = forms.CharField(
        label=_("supervising leader"), max_length=100, help_text=_("Name and title.")
    )


class ForwardReportForm(forms.Form):
    forwarded_to = forms.CharField(label=_("forwarded to"), max_length=120)
    forwarded_on = forms.DateField(label=_("forwarded on"), widget=DATE_INPUT)


class HigherAdoptionForm(forms.Form):
    adopted_by = forms.CharField(label=_("adopted by"), max_length=120)
    adopted_on = forms.DateField(label=_("adopted on"), widget=DATE_INPUT)


class AdoptReportForm(forms.Form):
    issue = forms.CharField(
        label=_("published in"),
        max_length=100,
        required=False,
        help_text=_("e.g. 《社情民意》2024年第12期"),
    )


def _autocomplete(model, field_name: str) -> SafeAutocompleteSelect:
    """A search-as-you-type choice, as on the edit pages (a county has hundreds of members)."""
    return SafeAutocompleteSelect(model._meta.get_field(field_name), admin.site)


class ReferClueForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("member"),
        queryset=Member.objects.none(),
        widget=_autocomplete(ProposalClue, "referred_member"),
    )
    note = forms.CharField(
        label=_("triage note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, committee_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(
            committee_id=committee_id, status=Member.Status.ACTIVE
        )


class AdoptClueForm(forms.Form):
    proposal = forms.ModelChoiceField(
        label=_("resulting proposal"),
        queryset=Proposal.objects.none(),
        widget=_autocomplete(ProposalClue, "resulting_proposal"),
    )

    def __init__(self, *args, committee_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = Proposal.objects.filter(committee_id=committee_id)


class RatingForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("satisfaction"), choices=Satisfaction.choices)
    comment = forms.CharField(
        label=_("proposer's comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
