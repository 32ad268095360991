"""Two-factor sign-in: six-digit codes from an authenticator app (TOTP) and one-time backup codes
(django-otp's TOTP and static devices).

Anyone may turn it on; staff and superusers must (``ACCOUNTS_STAFF_REQUIRE_TWO_FACTOR``). Signing
in is then two steps: the password signs the session in, and the session is *verified*
(``django_otp.login``) once a code is entered. Until then ``TwoFactorMiddleware`` lets the session
reach only the code page, the set-up page, signing out and the language switch; a session of
staff without a confirmed device is sent to set one up. Only a confirmed device counts.

Wrong codes are throttled by django-otp itself, per device: after n wrong codes in a row the next
one is refused for ``OTP_TOTP_THROTTLE_FACTOR`` × 2^(n-1) seconds, even the right one. Each
verification, failure, set-up, removal and reset is one line on the ``cppcc.security`` logger.
"""

from __future__ import annotations

import logging
import math
import re
from base64 import b32encode
from collections.abc import Iterable

import django_otp
import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .lockout import now_iso, security_log
from .models import User
from .sessions import user_sessions_end, users_sessions_end

#: Session key: the password was right, the code is still to be entered.
CODE_PENDING = "cppcc_two_factor_pending"
DEVICE_NAME = "authenticator"
WRONG_CODE = gettext_lazy(
    "This code is not right, or has already been used. Please enter the current code."
)

#: Routes a session waiting for its second factor may still reach.
OPEN_ROUTES = frozenset(
    {
        "portal:login",
        "portal:logout",
        "admin:logout",
        "set_language",
        "portal:two_factor_verify",
        "portal:two_factor_setup",
        "portal:two_factor_start",
        # Reads no session: credentials (and the code) in the body.
        "api:api_token",
    }
)


# Reads.


def two_factor_required(user) -> bool:
    """Staff and superusers must sign in with a second factor (when the setting says so)."""
    return settings.ACCOUNTS_STAFF_REQUIRE_TWO_FACTOR and (user.is_staff or user.is_superuser)


def totp_device_confirmed(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_device_unconfirmed(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def device_secret(device: TOTPDevice) -> str:
    """The secret as the apps type it in: base 32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def device_qr_svg(device: TOTPDevice) -> str:
    """The set-up link as an inline SVG QR code (drawn here: no image from elsewhere)."""
    qr = segno.make(device.config_url, error="m")
    return qr.svg_inline(scale=5, dark="#000", light="#fff", title=_("QR code to scan"))


def code_expected(request) -> bool:
    """Whether the request's person, signed in with the password, should now enter a code; marks
    the session so (a session from before the device was confirmed may lack the mark)."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    if totp_device_confirmed(user) is None:
        # Turned off or reset since the password was entered.
        request.session.pop(CODE_PENDING, None)
        return False
    if not request.session.get(CODE_PENDING):
        request.session[CODE_PENDING] = True
    return True


def code_pending(request) -> str | None:
    """What the request's session still lacks: ``"verify"`` (a code), ``"setup"`` (a device, for
    staff), or None. Reads the session only: no query for a person without two-factor."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    if request.session.get(CODE_PENDING):
        return "verify"
    if two_factor_required(user):
        return "setup"
    return None


# Writes.


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def _lock_user(user) -> None:
    # One set-up or removal at a time per person.
    User.objects.select_for_update().filter(pk=user.pk).first()


def _locked_device(model, user, *, confirmed: bool):
    """The person's device of ``model`` (the newest unconfirmed one, or the first confirmed),
    locked until the transaction ends; None if there is none."""
    devices = model.objects.select_for_update().filter(user=user, confirmed=confirmed)
    return devices.order_by("pk" if confirmed else "-pk").first()


def _devices_remove(users) -> None:
    """Delete every two-factor device (app and backup codes) of ``users`` (a queryset or list)."""
    TOTPDevice.objects.filter(user__in=users).delete()
    StaticDevice.objects.filter(user__in=users).delete()


def _check(device, code: str) -> str | None:
    """Verify ``code`` on ``device`` (locked by the caller); the error message, or None.

    Must not run inside a block that the caller then rolls back: a wrong code's throttling
    record has to be kept."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        wait = math.ceil((info["locked_until"] - timezone.now()).total_seconds())
        return _(
            "Too many wrong codes in a row. Please wait %(seconds)d seconds and try again."
        ) % {"seconds": max(wait, 1)}
    if device.verify_token(code):
        return None
    return str(WRONG_CODE)


def _log(event: str, user, **extra) -> None:
    details = "".join(f" {key}={value}" for key, value in extra.items())
    level = logging.WARNING if event.endswith(("failed", "reset")) else logging.INFO
    security_log.log(
        level, "%s time=%s username=%s%s", event, now_iso(), user.get_username(), details
    )


def two_factor_start(*, user: User) -> TOTPDevice:
    """Begin setting up: a new secret in an unconfirmed device (replacing an earlier one)."""
    with transaction.atomic():
        _lock_user(user)
        if totp_device_confirmed(user) is not None:
            raise ValidationError(_("Two-factor sign-in is already on."))
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def backup_codes_issue(*, user: User) -> list[str]:
    """New one-time backup codes for the person, replacing any left; shown to them once."""
    with transaction.atomic():
        _lock_user(user)
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name="backup", defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(settings.ACCOUNTS_BACKUP_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def two_factor_confirm(*, user: User, code: str, keep_session: str | None = None):
    """Confirm the device being set up with a current code: two-factor sign-in is on.

    Returns ``(device, backup_codes)``. The person's other sessions end (they were signed in
    with the password alone)."""
    with transaction.atomic():
        _lock_user(user)
        device = _locked_device(TOTPDevice, user, confirmed=False)
        error = (
            _("Start the set-up again: no key is waiting to be confirmed.")
            if device is None
            else _check(device, _normalise(code))
        )
        if error is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = backup_codes_issue(user=user)
    # Raised outside the block: a wrong code's throttling record is kept.
    if error:
        raise ValidationError(error)
    user_sessions_end(user_id=user.pk, keep=keep_session)
    _log("two-factor-on", user)
    return device, codes


def two_factor_verify(*, user: User, code: str):
    """Check a sign-in code: a six-digit code from the app, or a backup code (used up).

    Returns the device that accepted it; a ValidationError in the person's language if none."""
    code = _normalise(code)
    # Backup codes are eight characters long.
    model = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    with transaction.atomic():
        device = _locked_device(model, user, confirmed=True)
        error = _check(device, code) if device else WRONG_CODE
    if error:
        _log("two-factor-failed", user)
        raise ValidationError(error)
    _log("two-factor-verified", user, device=model.__name__)
    return device


def two_factor_disable(*, user: User, code: str = "", password: str = "") -> None:
    """Turn two-factor sign-in off, proved by a current code or the password.

    Refused for staff and superusers, for whom it is required."""
    if two_factor_required(user):
        raise ValidationError(_("Staff must sign in with two-factor authentication."))
    if totp_device_confirmed(user) is None:
        raise ValidationError(_("Two-factor sign-in is not on."))
    if password:
        if not user.check_password(password):
            raise ValidationError(_("The password is not right."))
    elif code:
        with transaction.atomic():
            device = _locked_device(TOTPDevice, user, confirmed=True)
            error = _check(device, _normalise(code))
        if error:
            raise ValidationError(error)
    else:
        raise ValidationError(_("Enter a current code or your password."))
    with transaction.atomic():
        _lock_user(user)
        _devices_remove([user])
    _log("two-factor-off", user)


def two_factor_reset(*, users: Iterable[User], by: User, keep_session: str | None = None) -> int:
    """Remove the two-factor devices of these people (a lost phone) and end their sessions (but
    ``keep_session``, the acting person's own, which then has to set up again if it is staff's).

    Staff and superusers among them must set it up again at their next sign-in. Returns how
    many people had a device."""
    users = list(users)
    ids = sorted(user.pk for user in users)
    with transaction.atomic():
        list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
        had = TOTPDevice.objects.filter(user_id__in=ids, confirmed=True)
        count = had.values("user_id").distinct().count()
        _devices_remove(ids)
    users_sessions_end(user_ids=ids, keep=keep_session)
    for user in users:
        _log("two-factor-reset", user, by=by.get_username())
    return count


def session_verified(request, device) -> None:
    """Mark the request's session as verified by ``device`` (a new session key: more rights)."""
    request.session.cycle_key()
    request.session.pop(CODE_PENDING, None)
    django_otp.login(request, device)


@receiver(user_logged_in, dispatch_uid="two-factor-code-pending")
def _code_pending_after_password(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        request.session[CODE_PENDING] = True


class TwoFactorMiddleware:
    """The one place two-factor sign-in is enforced: a session whose password was right but whose
    code is still to be entered (or, for staff, whose device is still to be set up) reaches
    only ``OPEN_ROUTES``. Pages send it to the code or set-up page; the API answers 403.

    Goes after django-otp's OTPMiddleware and the session timeouts. API calls with a token carry
    no session and are not concerned (the token sign-in asks for the code itself)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "reads_no_session", False):
            return None  # a probe (``/healthz``)
        step = code_pending(request)
        if step is None or request.resolver_match.view_name in OPEN_ROUTES:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": _("Finish signing in with your two-factor code first."),
                    "code": "two_factor_required",
                },
                status=403,
            )
        return redirect_to_login(request.get_full_path(), reverse(f"portal:two_factor_{step}"))
