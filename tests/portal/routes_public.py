"""The public pages: contact points and the proposal-clue form, open to everyone."""

from tests.factories.liaison import ContactPointFactory
from tests.portal.matrix import OK, everyone


def active_point(people, committee):
    return {"pk": ContactPointFactory(committee=committee).pk}


ROWS = {
    "contact_points:list": ("get", None, None, everyone(OK)),
    "contact_points:detail": ("get", active_point, None, everyone(OK)),
    "clues:submit": ("get", None, None, everyone(OK)),
    "clues:thanks": ("get", None, None, everyone(OK)),
}
