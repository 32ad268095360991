"""Password validation: Django's rules, with the Chinese messages they lack."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its error message in the project's catalog.

    Django 5.2 changed the message's English text; its zh_Hans catalog still carries the old one,
    so the refusal came out in English.
    """

    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
