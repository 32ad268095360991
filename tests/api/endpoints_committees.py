from tests.api.matrix import NOT_FOUND, OK, UNAUTHENTICATED, signed_in

ROWS = {
    # Staff read their committee (and those below); members their own; others see none.
    ("api:committee-list", "get"): (None, None, signed_in(OK)),
    ("api:committee-detail", "get"): (
        lambda people, committee: {"pk": committee.pk},
        None,
        {
            **signed_in(OK),
            "anonymous": UNAUTHENTICATED,
            "unit_user": NOT_FOUND,
            "other_staff": NOT_FOUND,
        },
    ),
}
