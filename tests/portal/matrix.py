"""The outcomes and row builders of the route × role matrix (tests/portal/test_access_matrix.py).

Each area of the site keeps its rows in its own ``tests/portal/routes_<area>.py`` module, as a
``ROWS`` dict of ``route name: (method, kwargs builder or None, data, {role: outcome})``; the
matrix gathers every such module, so adding an area never edits another's rows.
"""

from __future__ import annotations

from tests.factories.notifications import NotificationFactory

ROLES = (
    "anonymous",
    "member",
    "other_member",
    "convener",
    "other_convener",
    "leader",
    "unit_user",
    "staff",
    "other_staff",
)
SIGNED_IN = ROLES[1:]

OK, LOGIN, REDIRECT, FORBIDDEN, NOT_FOUND = 200, "login", "redirect", 403, 404


def everyone(outcome):
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome):
    """Anonymous visitors are sent to sign in; every signed-in person gets ``outcome``."""
    return {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, outcome)}


def only(outcome_for: dict, otherwise=NOT_FOUND):
    """Anonymous → sign in; the named roles get their outcome, every other person ``otherwise``."""
    return {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, otherwise), **outcome_for}


def own_notification(people, committee):
    return {"pk": NotificationFactory(committee=committee, recipient=people.member).pk}


MEMBERS = ("member", "other_member", "convener", "other_convener", "leader")


def members_only(outcome):
    """Members (conveners and leaders are members too) get ``outcome``; other signed-in people
    are refused (403); anonymous visitors are sent to sign in."""
    return {
        "anonymous": LOGIN,
        **dict.fromkeys(SIGNED_IN, FORBIDDEN),
        **dict.fromkeys(MEMBERS, outcome),
    }


def scored_year(people, committee):
    """The committee's 2024 scheme in force and everyone's result computed (once)."""
    from assessment.engine import recompute
    from assessment.models import AssessmentScheme
    from tests.assessment.test_engine_year import county_scheme

    scheme = AssessmentScheme.objects.filter(committee=committee, year=2024).first()
    if scheme is None:
        scheme = county_scheme(committee)
        recompute(committee_id=committee.pk, year=2024)
    return {"year": 2024, "rule_id": scheme.rules.first().pk}
