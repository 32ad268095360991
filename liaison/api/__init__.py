"""Liaison groups, their memberships, contact points, duty rosters and contact activities.

Who sees what (the web pages' role model, ``accounts.roles``):
- staff: their committee's rows and those of the committees below it; in their own committee they
  create and change groups and contact points, move members between groups, end memberships,
  give an approved leader their role and plan duty rosters (``liaison.services``, the moves
  with the admin's forms, ``liaison.admin.forms``); they verify or return submitted activities
  (``liaison.services.activities``);
- members: the groups, contact points and duty rosters of their own committee (public inside
  it), their own group memberships, and the activities they took part in, which they log
  themselves through the same form and service as the web page (``liaison.member_forms``,
  ``liaison.services.member``);
- group leaders: also their group's memberships and the activities its members took part in.
"""

from .activities import ContactActivityViewSet
from .groups import GroupMembershipViewSet, LiaisonGroupViewSet
from .points import ContactPointViewSet, DutyShiftViewSet

ROUTES = [
    ("liaison-groups", LiaisonGroupViewSet, "liaison-group"),
    ("liaison-group-memberships", GroupMembershipViewSet, "liaison-group-membership"),
    ("contact-points", ContactPointViewSet, "contact-point"),
    ("duty-shifts", DutyShiftViewSet, "duty-shift"),
    ("contact-activities", ContactActivityViewSet, "contact-activity"),
]
