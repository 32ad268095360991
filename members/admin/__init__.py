"""The members back office: the roster, its dated periods, seats and commendations."""

from . import members, periods  # noqa: F401  (registers the ModelAdmins)
