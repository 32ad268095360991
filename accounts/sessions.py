"""Sessions: ending a person's sessions server-side, and the idle and absolute timeouts.

Sessions are kept in the database (Django's default ``SESSION_ENGINE``), so signing out deletes
the session row and a cookie copied before is worth nothing afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.models import Session
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

#: Session keys: when the person signed in, and when they were last seen (Unix seconds).
SIGNED_IN_AT = "cppcc_signed_in_at"
LAST_SEEN_AT = "cppcc_last_seen_at"
#: The last-seen time is rewritten only when older than this, so that a page view does not
#: cost a session write each time (the idle timeout is then exact to within this margin).
LAST_SEEN_RESOLUTION = 60


def user_sessions_end(*, user_id: int, keep: str | None = None) -> int:
    """Delete every unexpired session of the user (but ``keep``, a session key); return how many."""
    return users_sessions_end(user_ids=[user_id], keep=keep)


def users_sessions_end(*, user_ids: Iterable[int], keep: str | None = None) -> int:
    """Delete every unexpired session of these users (but ``keep``); return how many.

    Sessions are stored signed and encoded, so each unexpired one is decoded to find its owner:
    once, however many users."""
    owners = {str(pk) for pk in user_ids}
    ended = []
    live = Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep)
    for session in live.iterator():
        if session.get_decoded().get(SESSION_KEY) in owners:
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


@receiver(user_logged_in, dispatch_uid="cppcc_session_signed_in_at")
def _stamp_sign_in(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


class SessionTimeoutMiddleware:
    """Sign out a session idle too long (``SESSION_IDLE_TIMEOUT``) or signed in too long ago
    (``SESSION_ABSOLUTE_TIMEOUT``, whatever the activity), and send the person to sign in again.

    Only sessions are concerned: a request with an API token and no session cookie passes
    untouched. An API request whose session timed out goes on signed out (the API answers 401).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "reads_no_session", False):
            return None  # a probe (``/healthz``) must not touch the session store
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            signed_in = session.get(SIGNED_IN_AT)
            last_seen = session.get(LAST_SEEN_AT, signed_in)
            if (
                signed_in is None
                or now - signed_in >= settings.SESSION_ABSOLUTE_TIMEOUT
                or now - last_seen >= settings.SESSION_IDLE_TIMEOUT
            ):
                return self._timed_out(request)
            if now - last_seen >= LAST_SEEN_RESOLUTION:
                session[LAST_SEEN_AT] = now
        return None

    def _timed_out(self, request):
        logout(request)
        if request.path.startswith("/api/"):
            return None  # the view goes on, signed out
        messages.warning(request, _("Your session has timed out. Please sign in again."))
        return redirect_to_login(request.get_full_path())
