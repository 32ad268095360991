"""The member's calendar feed: a page to get (or renew) the private link, and the feed itself.

The feed is read by calendar apps, which cannot sign in: the secret token in the link is the
credential. An unknown or revoked token is a 404, like any link that does not exist.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import MEMBER, role_required, roles_for
from meetings.selectors import member_invitations
from members.models import Member

from .ical import member_calendar
from .models import CalendarFeed
from .services import calendar_feed_member, calendar_feed_regenerate

#: How far back the feed reaches; later meetings are all listed.
FEED_PAST = datetime.timedelta(days=365)
_SESSION_KEY = "opendata_calendar_token"


@role_required(MEMBER)
@require_http_methods(["GET", "POST"])
def calendar_feed(request: HttpRequest) -> HttpResponse:
    member = get_object_or_404(Member, pk=roles_for(request).member_id)
    if request.method == "POST":
        token = calendar_feed_regenerate(member=member)
        # Shown once, on the next page only: the token itself is never stored.
        request.session[_SESSION_KEY] = token
        messages.success(
            request, _("A new calendar link was made. The previous link no longer works.")
        )
        return redirect("calendar_feed:settings")
    token = request.session.pop(_SESSION_KEY, None)
    link = (
        request.build_absolute_uri(reverse("calendar_feed:feed", kwargs={"token": token}))
        if token
        else None
    )
    feed = CalendarFeed.objects.filter(member=member).first()
    return render(request, "opendata/calendar_feed.html", {"feed": feed, "link": link})


@require_GET
def calendar_feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    member = calendar_feed_member(token=token)
    if member is None:
        raise Http404
    invitations = member_invitations(member_id=member.pk, from_day=timezone.localdate() - FEED_PAST)
    body = member_calendar(invitations, name=_("%(name)s's meetings") % {"name": member.name})
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
