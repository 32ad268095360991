from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OPTIONAL_REASONS


class PreferencesForm(forms.Form):
    muted = forms.MultipleChoiceField(
        label=_("Mute these reminders"),
        choices=[(reason.value, reason.label) for reason in OPTIONAL_REASONS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
