"""Token sign-in for other systems: POST a username and password, get the person's token."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny

from .throttles import TokenSignInThrottle


class AccountLocked(exceptions.PermissionDenied):
    default_detail = _(
        "This account is locked after too many wrong passwords. Ask your committee office to "
        "unlock it."
    )
    default_code = "account_locked"


@extend_schema(
    tags=["auth"],
    summary="Sign in for a token",
    description=(
        "Exchange a username and password for the person's API token; send it as "
        "`Authorization: Token <key>`. A wrong password or a deactivated account is a 400; "
        "guesses are limited per client address (429 with Retry-After). After too many wrong "
        "passwords the account is locked, even against the right one, until committee staff "
        "unlock it: a 403 with the code `account_locked`."
    ),
    responses={200: inline_serializer("Token", {"token": serializers.CharField()})},
)
class TokenSignInView(ObtainAuthToken):
    # Credentials are in the body: a stale token or session is neither needed nor read (so no
    # 401 for a bad token header, no CSRF check).
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenSignInThrottle]

    @classmethod
    def as_view(cls, **initkwargs):
        # Outside the request's transaction: a refused sign-in rolls that transaction back, and
        # with it django-axes' record of the failure, which must stay to count towards the lock.
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except exceptions.ValidationError:
            # django-axes marks the request when the account is (or has just become) locked.
            if getattr(request, "axes_locked_out", False):
                raise AccountLocked from None
            raise
