"""The public's proposal-clue form (no sign-in)."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from committees.models import Committee

CONTENT_MAX_LENGTH = 5000

phone_number = RegexValidator(
    r"^\+?[0-9][0-9 ()\-]{4,28}$",
    _("Enter a phone number in digits (a hyphen or a leading + is allowed)."),
)


class PublicClueForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        queryset=Committee.objects.order_by("path", "name"),
        empty_label=_("Choose a committee"),
        error_messages={
            "required": _("Choose the committee the clue is for."),
            "invalid_choice": _("Choose the committee the clue is for."),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("In one line: what should be improved, e.g. “Add a bus stop near the market”."),
        error_messages={
            "required": _("Give the clue a short title."),
            "max_length": _("Keep the title under %(limit_value)d characters."),
        },
    )
    content = forms.CharField(
        label=_("The problem and your suggestion"),
        max_length=CONTENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Describe the problem and what you suggest."),
            "max_length": _("Keep the description under %(limit_value)d characters."),
        },
    )
    contact_name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=50,
        required=False,
        error_messages={"max_length": _("Keep the name under %(limit_value)d characters.")},
    )
    contact_phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=30,
        required=False,
        validators=[phone_number],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address such as name@example.com.")},
    )
    #: A honeypot: hidden from people, filled in by form-filling robots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
