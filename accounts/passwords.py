"""Password validation: Django's rules, with the Chinese messages they lack."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its error message in the project's catalog.

    Django 5.2's validator asks for the message with a new English text (``%d``) that its zh_Hans
    catalog does not have, so the refusal came out in English; this one asks with the text the
    catalog has (``%(min_length)d``), also in the project's catalog with the same Chinese.
    """

    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
