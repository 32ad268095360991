"""Token sign-in for other systems: POST a username and password, get the person's token."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from accounts import two_factor

from .throttles import TokenSignInThrottle


class AccountLocked(exceptions.PermissionDenied):
    default_detail = _(
        "This account is locked after too many wrong passwords. Ask your committee office to "
        "unlock it."
    )
    default_code = "account_locked"


class TwoFactorSetupRequired(exceptions.PermissionDenied):
    default_detail = _(
        "Staff must sign in with two-factor authentication. Set it up on the website first "
        "(account area, two-factor sign-in)."
    )
    default_code = "two_factor_setup_required"


class TokenSignInSerializer(AuthTokenSerializer):
    otp = serializers.CharField(
        label=_("Two-factor code"),
        required=False,
        allow_blank=True,
        max_length=32,
        help_text=(
            "The six-digit code of the person's authenticator app, or one of their backup "
            "codes. Required for people who have turned two-factor sign-in on."
        ),
    )


@extend_schema(
    tags=["auth"],
    summary="Sign in for a token",
    description=(
        "Exchange a username and password for the person's API token; send it as "
        "`Authorization: Token <key>`. A wrong password or a deactivated account is a 400; "
        "guesses are limited per client address (429 with Retry-After). After too many wrong "
        "passwords the account is locked, even against the right one, until committee staff "
        "unlock it: a 403 with the code `account_locked`. A person who has turned two-factor "
        "sign-in on must also send `otp`, the current code of their authenticator app or a "
        "backup code: without it, or with a wrong one, a 400 naming `otp` (wrong codes in a row "
        "are refused for a growing delay). Staff and superusers who have not set up two-factor "
        "sign-in on the website get no token: a 403 with the code `two_factor_setup_required`."
    ),
    request=TokenSignInSerializer,
    responses={
        200: inline_serializer("Token", {"token": serializers.CharField()}),
        403: OpenApiResponse(
            description="The account is locked after too many wrong passwords "
            "(code `account_locked`); committee staff unlock it. Or a staff account has not set "
            "up two-factor sign-in yet (code `two_factor_setup_required`)."
        ),
    },
)
class TokenSignInView(ObtainAuthToken):
    # Credentials are in the body: a stale token or session is neither needed nor read (so no
    # 401 for a bad token header, no CSRF check).
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenSignInThrottle]
    serializer_class = TokenSignInSerializer

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
        user = serializer.validated_data["user"]
        if two_factor.totp_device_confirmed(user) is not None:
            code = serializer.validated_data.get("otp", "")
            if not code:
                return Response(
                    {"otp": [_("Enter the code of your authenticator app.")]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            try:
                two_factor.two_factor_verify(user=user, code=code)
            except ValidationError as error:
                return Response({"otp": error.messages}, status=status.HTTP_400_BAD_REQUEST)
        elif two_factor.two_factor_required(user):
            refused = TwoFactorSetupRequired()
            return Response(
                {"detail": refused.detail, "code": refused.default_code},
                status=refused.status_code,
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
