"""The forms a liaison-group leader fills in: the annual work plan, the year-end report and the
group's contact activities. They only read and check input; the services write."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from committees.form_fields import ModelMultipleChoiceField

from .models import ContactActivity, ContactPoint, WorkPlan, YearEndReport

#: The button that asks for the document to be submitted as well as saved.
SUBMIT = "submit"


class _DocumentForm(forms.ModelForm):
    #: Fields that must be filled in before the document can be submitted.
    required_to_submit: tuple[str, ...] = ()

    def __init__(self, *args, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        for field in self.fields.values():
            field.widget.attrs.setdefault("rows", 4)

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            for name in self.required_to_submit:
                if not (cleaned.get(name) or "").strip():
                    self.add_error(name, _("Fill this in before submitting."))
        return cleaned


class WorkPlanForm(_DocumentForm):
    required_to_submit = ("tasks", "goals")

    class Meta:
        model = WorkPlan
        fields = ["tasks", "goals", "learning_content", "activity_methods", "requirements"]


class YearEndReportForm(_DocumentForm):
    required_to_submit = ("body",)

    class Meta:
        model = YearEndReport
        fields = ["body", "highlights"]


class GroupActivityForm(forms.Form):
    """A contact activity organised by the group; the participants are the group's members."""

    kind = forms.ChoiceField(label=_("kind"), choices=ContactActivity.Kind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    date = forms.DateField(
        label=_("date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    contact_point = forms.ModelChoiceField(
        label=_("contact point"), queryset=ContactPoint.objects.none(), required=False
    )
    place = forms.CharField(
        label=_("place"),
        max_length=200,
        required=False,
        help_text=_("Where, when not at a contact point."),
    )
    participants = ModelMultipleChoiceField(
        label=_("participating members"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people_reached = forms.IntegerField(label=_("people reached"), min_value=0, initial=0)
    issues_raised = forms.IntegerField(label=_("issues raised"), min_value=0, initial=0)
    issues_resolved = forms.IntegerField(label=_("issues resolved"), min_value=0, initial=0)
    summary = forms.CharField(
        label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, committee, members, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.fields["contact_point"].queryset = ContactPoint.objects.filter(committee=committee)
        self.fields["participants"].queryset = members.order_by("name")

    def clean(self):
        cleaned = super().clean()
        raised, resolved = cleaned.get("issues_raised"), cleaned.get("issues_resolved")
        if raised is not None and resolved is not None and resolved > raised:
            self.add_error(
                "issues_resolved", _("Issues resolved cannot be more than the issues raised.")
            )
        if "contact_point" in cleaned and not cleaned.get("contact_point"):
            if not (cleaned.get("place") or "").strip():
                self.add_error("place", _("Give the contact point or the place."))
        if self.submitting and "participants" in cleaned and not cleaned["participants"]:
            self.add_error(
                "participants", _("List at least one participating member before submitting.")
            )
        return cleaned


def add_service_errors(form: forms.BaseForm, error: ValidationError, renames=None) -> None:
    """Show a service's refusal next to the field it concerns, or above the form."""
    renames = renames or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            name = renames.get(name, name)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
