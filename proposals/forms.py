"""The browser forms of proposals and reports. They check what a person typed; the services
decide what the workflow allows, and their refusals are shown next to the fields they concern."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    AnswerCategory,
    Proposal,
    ProposalAssignment,
    ProposalCategory,
    Satisfaction,
    SocialReport,
    SubmitterKind,
)


def _label(model, field: str):
    return model._meta.get_field(field).verbose_name


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: next to a field the form has, else above it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            messages = [m for e in errors for m in e.messages]
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ChangesMixin:
    def changes(self, obj) -> dict:
        """The fields whose cleaned value differs from the record's."""
        return {
            name: value for name, value in self.cleaned_data.items() if getattr(obj, name) != value
        }


class ProposalForm(ChangesMixin, forms.Form):
    """A member's own draft: alone or jointly with co-signers they invite."""

    title = forms.CharField(label=_label(Proposal, "title"), max_length=200)
    category = forms.ChoiceField(
        label=_label(Proposal, "category"), choices=[("", "---------"), *ProposalCategory.choices]
    )
    submitter_kind = forms.ChoiceField(
        label=_label(Proposal, "submitter_kind"),
        choices=[
            (SubmitterKind.MEMBER, SubmitterKind.MEMBER.label),
            (SubmitterKind.JOINT, SubmitterKind.JOINT.label),
        ],
        initial=SubmitterKind.MEMBER,
        help_text=_("A joint proposal needs at least one co-signer who confirms."),
    )
    session = forms.CharField(
        label=_label(Proposal, "session"),
        max_length=40,
        required=False,
        help_text=Proposal._meta.get_field("session").help_text,
    )
    body = forms.CharField(
        label=_label(Proposal, "body"), widget=forms.Textarea(attrs={"rows": 14})
    )


class InviteForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)


class RatingForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("How satisfied are you with the reply?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    satisfaction_comment = forms.CharField(
        label=_label(Proposal, "satisfaction_comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you are unsatisfied: the units will handle it again."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("satisfaction") == Satisfaction.UNSATISFIED
            and not (data.get("satisfaction_comment") or "").strip()
        ):
            self.add_error(
                "satisfaction_comment", _("Say what is unsatisfactory about the answer.")
            )
        return data


class ReplyForm(forms.Form):
    """A handling unit's reply; the lead unit's carries the A/B/C/D category."""

    reply_category = forms.ChoiceField(
        label=_label(ProposalAssignment, "reply_category"),
        choices=[("", "---------"), *AnswerCategory.choices],
        required=False,
    )
    reply_body = forms.CharField(
        label=_label(ProposalAssignment, "reply_body"),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    reply_signer = forms.CharField(
        label=_label(ProposalAssignment, "reply_signer"),
        max_length=60,
        required=False,
        help_text=ProposalAssignment._meta.get_field("reply_signer").help_text,
    )
    replied_on = forms.DateField(
        label=_label(ProposalAssignment, "replied_on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, assignment: ProposalAssignment, **kwargs):
        kwargs.setdefault("initial", {"replied_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        if assignment.role == ProposalAssignment.Role.LEAD:
            self.fields["reply_category"].required = True
        else:
            del self.fields["reply_category"]

    def clean_replied_on(self):
        day = self.cleaned_data["replied_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The reply cannot be dated in the future."))
        if day < self.assignment.assigned_on:
            raise ValidationError(_("The reply cannot be dated before the assignment."))
        return day


class SocialReportForm(ChangesMixin, forms.Form):
    title = forms.CharField(label=_label(SocialReport, "title"), max_length=200)
    body = forms.CharField(
        label=_label(SocialReport, "body"), widget=forms.Textarea(attrs={"rows": 14})
    )
