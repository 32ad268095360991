"""The liaison back office: groups and their leaders, plans and reports, contact points,
contact activities and the on-duty roster."""

from . import contact, groups  # noqa: F401  (registers the ModelAdmins)
