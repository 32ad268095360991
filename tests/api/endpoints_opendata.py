"""Matrix rows of open data: a committee's Popolo JSON, for its staff (and staff above) only."""

from tests.api.matrix import OK, UNAUTHENTICATED, only

ROWS = {
    # Personal data of a whole committee: its staff only; to anyone else it does not exist.
    ("api:popolo-detail", "get"): (
        lambda people, committee: {"pk": committee.pk},
        None,
        {**only({"staff": OK}), "anonymous": UNAUTHENTICATED},
    ),
}
