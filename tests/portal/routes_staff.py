"""Matrix rows of the staff area: the committee overview and the members' bulletins."""

from tests.factories.bulletins import BulletinFactory
from tests.portal.matrix import FORBIDDEN, NOT_FOUND, OK, REDIRECT, members_only, only


def published_bulletin(people, committee):
    """A bulletin published to every member of the committee."""
    return {"pk": BulletinFactory(committee=committee).pk}


ROWS = {
    # Staff land on their own committee's overview.
    "overview:index": (
        "get",
        None,
        None,
        only({"staff": REDIRECT, "other_staff": REDIRECT}, otherwise=FORBIDDEN),
    ),
    # Staff of another committee are told it does not exist.
    "overview:committee": (
        "get",
        lambda people, committee: {"committee_id": committee.pk, "year": 2024},
        None,
        only({"staff": OK, "other_staff": NOT_FOUND}, otherwise=FORBIDDEN),
    ),
    "bulletins:list": ("get", None, None, members_only(OK)),
    # Every member of the committee may open it (and is recorded as having read it).
    "bulletins:detail": ("get", published_bulletin, None, members_only(OK)),
}
