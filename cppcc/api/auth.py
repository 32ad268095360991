"""Token sign-in for other systems: POST a username and password, get the person's token."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

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
    responses={
        200: inline_serializer("Token", {"token": serializers.CharField()}),
        403: OpenApiResponse(
            description="The account is locked after too many wrong passwords "
            "(code `account_locked`); committee staff unlock it."
        ),
    },
)
class TokenSignInView(ObtainAuthToken):
    # Credentials are in the body: a stale token or session is neither needed nor read (so no
    # 401 for a bad token header, no CSRF check).
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenSignInThrottle]

    def post(self, request, *args, **kwargs):
        # A refused sign-in is answered here, not raised: a raised error rolls the request's
        # transaction back, and with it django-axes' record of the failure, which must stay to
        # count towards the lock.
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # django-axes marks the request when the account is (or has just become) locked.
            if getattr(request, "axes_locked_out", False):
                locked = AccountLocked()
                return Response(
                    {"detail": locked.detail, "code": locked.default_code},
                    status=locked.status_code,
                )
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
