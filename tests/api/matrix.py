"""Outcomes and row builders of the endpoint × role matrix (tests/api/test_endpoint_matrix.py).

Each area keeps its rows in ``tests/api/endpoints_<area>.py`` as ``ROWS = {(route name, method):
(kwargs builder(people, committee) or None, data or data builder, {role: status code})}``, where
the route name is the router's (``api:<basename>-list``, ``api:<basename>-detail``,
``api:<basename>-<action>``) and the method is the client's (``"get"``, ``"post"``, ``"put"``,
``"patch"``, ``"delete"``): every method a route answers has a row of its own. Status codes are the API's: 200/201/204 for success, 401 for no
credentials, 403 for a role that may not, 404 for an object outside the person's scope, 400 for
data the endpoint refuses.
"""

from __future__ import annotations

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
MEMBERS = ("member", "other_member", "convener", "other_convener", "leader")

OK, CREATED, NO_CONTENT = 200, 201, 204
BAD, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND = 400, 401, 403, 404


def signed_in(outcome, anonymous=UNAUTHENTICATED):
    return {"anonymous": anonymous, **dict.fromkeys(SIGNED_IN, outcome)}


def only(outcome_for: dict, otherwise=NOT_FOUND):
    """Anonymous → 401; the named roles get their outcome, every other person ``otherwise``."""
    return {"anonymous": UNAUTHENTICATED, **dict.fromkeys(SIGNED_IN, otherwise), **outcome_for}


def members(outcome, otherwise=FORBIDDEN, **overrides):
    """Members (conveners and leaders are members too) get ``outcome``; others ``otherwise``."""
    return {
        "anonymous": UNAUTHENTICATED,
        **dict.fromkeys(SIGNED_IN, otherwise),
        **dict.fromkeys(MEMBERS, outcome),
        **overrides,
    }
