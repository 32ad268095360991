from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models.public import STARS_MAX, STARS_MIN

STAR_CHOICES = [
    (5, _("★★★★★ Very satisfied")),
    (4, _("★★★★ Satisfied")),
    (3, _("★★★ Fair")),
    (2, _("★★ Dissatisfied")),
    (1, _("★ Very dissatisfied")),
]


class PublicRatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=STAR_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how satisfied you are.")},
    )
    comment = forms.CharField(
        label=_("Comments or suggestions (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    #: A honeypot: hidden from people, filled in by form-filling robots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_stars(self) -> int:
        stars = self.cleaned_data["stars"]
        if not STARS_MIN <= stars <= STARS_MAX:  # the choices already say so; kept explicit
            raise forms.ValidationError(_("Give between 1 and 5 stars."))
        return stars
