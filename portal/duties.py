"""The member's "My duties" page: this year's own records with their states, and a way to
log each kind. Every list is one query, whatever the number of rows."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.roles import MEMBER, role_required, roles_for
from liaison import selectors as liaison_selectors
from meetings import selectors as meeting_selectors
from meetings.models import LEARNING_KINDS, RESEARCH_KINDS


@role_required(MEMBER)
@require_GET
def my_duties(request: HttpRequest) -> HttpResponse:
    member_id = roles_for(request).member_id
    today = timezone.localdate()
    year = today.year
    invitations = list(meeting_selectors.member_invitations(member_id=member_id, year=year))
    return render(
        request,
        "portal/duties.html",
        {
            "year": year,
            "today": today,
            "activities": liaison_selectors.member_activities(member_id, year=year),
            "research": [i for i in invitations if i.meeting.kind in RESEARCH_KINDS],
            "reports": meeting_selectors.member_research_reports(member_id=member_id, year=year),
            "learning": [i for i in invitations if i.meeting.kind in LEARNING_KINDS],
            "notes": meeting_selectors.member_study_notes(member_id=member_id, year=year),
            "upcoming": meeting_selectors.member_invitations(member_id=member_id, from_day=today),
            "leave_requests": meeting_selectors.member_leave_requests(
                member_id=member_id, year=year
            ),
        },
    )
