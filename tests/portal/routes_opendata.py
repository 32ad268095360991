"""Matrix rows of the members' calendar feed: the page to get the private link (members only)
and the feed, opened by calendar apps with the secret token in the link instead of a sign-in."""

from __future__ import annotations

from members.models import Member
from opendata.services import calendar_feed_regenerate
from tests.portal.matrix import OK, everyone, members_only


def member_feed_token(people, committee):
    return {"token": calendar_feed_regenerate(member=Member.objects.get(user=people.member))}


ROWS = {
    "calendar_feed:settings": ("get", None, None, members_only(OK)),
    # The token is the credential: whoever holds the link gets the feed, signed in or not.
    "calendar_feed:feed": ("get", member_feed_token, None, everyone(OK)),
}
