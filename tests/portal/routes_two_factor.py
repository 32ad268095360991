"""Two-factor sign-in pages (portal/two_factor_views.py): every signed-in person's own.

The people of the matrix have no device and no code pending, and staff need none here (the test
settings turn the requirement off; tests/security/test_two_factor.py turns it on): the code page
sends them on, and the posts come back with a message.
"""

from tests.portal.matrix import OK, REDIRECT, signed_in

ROWS = {
    "portal:two_factor": ("get", None, None, signed_in(OK)),
    "portal:two_factor_setup": ("get", None, None, signed_in(OK)),
    "portal:two_factor_start": ("post", None, None, signed_in(REDIRECT)),
    "portal:two_factor_verify": ("get", None, None, signed_in(REDIRECT)),
    "portal:two_factor_disable": ("post", None, {"password": "wrong"}, signed_in(REDIRECT)),
    "portal:two_factor_backup_codes": ("post", None, None, signed_in(REDIRECT)),
}
