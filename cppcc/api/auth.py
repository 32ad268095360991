"""Token sign-in for other systems: POST a username and password, get the person's token."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny

from .throttles import TokenSignInThrottle


@extend_schema(
    tags=["auth"],
    summary="Sign in for a token",
    description=(
        "Exchange a username and password for the person's API token; send it as "
        "`Authorization: Token <key>`. A wrong password or a deactivated account is a 400; "
        "guesses are limited per client address (429 with Retry-After)."
    ),
    responses={200: inline_serializer("Token", {"token": serializers.CharField()})},
)
class TokenSignInView(ObtainAuthToken):
    # Credentials are in the body: a stale token or session is neither needed nor read (so no
    # 401 for a bad token header, no CSRF check).
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenSignInThrottle]
