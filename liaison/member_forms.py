"""The form a member fills in on a phone to log a contact activity."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.form_fields import ModelMultipleChoiceField
from members.models import Member

from . import selectors
from .models import ContactActivity


class MemberChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return obj.name


class ActivityForm(forms.ModelForm):
    """The activity's own fields, plus the fellow members who took part; the member filling it
    in always takes part. The model's constraints are checked again by the service; the common
    mistakes are caught here so that the message sits next to the field."""

    co_participants = MemberChoiceField(
        label=_("Other members who took part"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("You are listed yourself. Hold Ctrl (or tap) to choose several."),
    )

    class Meta:
        model = ContactActivity
        fields = [
            "kind",
            "title",
            "date",
            "contact_point",
            "place",
            "people_reached",
            "issues_raised",
            "issues_resolved",
            "summary",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "people_reached": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "issues_raised": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "issues_resolved": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_point"].queryset = selectors.contact_point_choices(member.committee_id)
        self.fields["co_participants"].queryset = selectors.fellow_member_choices(member)
        if self.instance.pk:
            self.fields["co_participants"].initial = [
                p.member_id for p in self.instance.participants.all() if p.member_id != member.pk
            ]

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("Log an activity once it has taken place: the date cannot be after today.")
            )
        return day

    def clean(self):
        data = super().clean()
        point, place = data.get("contact_point"), (data.get("place") or "").strip()
        if "contact_point" in data and "place" in data and point is None and not place:
            self.add_error("place", _("Give the contact point or the place."))
        if data.get("kind") in ContactActivity.AT_CONTACT_POINT and point is None:
            if "contact_point" in data:
                self.add_error(
                    "contact_point",
                    _("A reception or on-duty day takes place at a contact point; choose it."),
                )
        raised, resolved = data.get("issues_raised"), data.get("issues_resolved")
        if raised is not None and resolved is not None and resolved > raised:
            self.add_error(
                "issues_resolved", _("Issues resolved cannot be more than the issues raised.")
            )
        return data

    def service_fields(self) -> dict:
        """The cleaned values the services take, by name."""
        data = dict(self.cleaned_data)
        data.pop("co_participants", None)
        return data
