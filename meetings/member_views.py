"""A member's own meetings in the browser: the year's invitations with attendance and leave,
asking for leave and withdrawing an undecided request, writing the report of a research trip
(with its file) and a study note after a training.

Only meetings the member is invited to exist here; another member's request or report is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import MEMBER, own_member_or_404, role_required, roles_for
from committees.form_errors import add_service_error
from committees.submissions import already_sent, create_once
from committees.uploads import upload_response
from members.models import Member

from . import selectors, services
from .member_forms import LeaveRequestForm, ResearchReportForm, StudyNoteForm
from .models import LEARNING_KINDS, RESEARCH_KINDS, LeaveRequest


def _me(request: HttpRequest) -> Member:
    return get_object_or_404(Member, pk=roles_for(request).member_id)


def _invitation(request: HttpRequest, meeting_id: int):
    invitation = selectors.member_invitation(
        member_id=roles_for(request).member_id, meeting_id=meeting_id
    )
    if invitation is None:
        raise Http404
    return invitation


def _file_link_message(request: HttpRequest, text: str) -> None:
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            text,
            reverse("portal:performance"),
            _("Open my performance file"),
        ),
    )


@role_required(MEMBER)
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    invitations = selectors.member_invitations(member_id=roles_for(request).member_id, year=year)
    return render(
        request,
        "meetings/member/meeting_list.html",
        {
            "year": year,
            "invitations": invitations,
            "today": timezone.localdate(),
            "research_kinds": RESEARCH_KINDS,
            "learning_kinds": LEARNING_KINDS,
        },
    )


@role_required(MEMBER)
def leave_request(request: HttpRequest, meeting_id: int) -> HttpResponse:
    invitation = _invitation(request, meeting_id)
    form = LeaveRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_request_submit_by_member(
                meeting=invitation.meeting,
                member=invitation.member,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Your leave request for “%(meeting)s” was sent; staff will decide.")
                % {"meeting": invitation.meeting.title},
            )
            return redirect("portal:duties")
    return render(
        request, "meetings/member/leave_form.html", {"form": form, "invitation": invitation}
    )


@role_required(MEMBER)
@require_POST
def leave_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    leave = own_member_or_404(request, LeaveRequest.objects.select_related("meeting"), pk=pk)
    try:
        services.leave_request_withdraw(leave_request=leave, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your leave request for “%(meeting)s” was withdrawn; you are expected to attend.")
            % {"meeting": leave.meeting.title},
        )
    return redirect("portal:duties")


@role_required(MEMBER)
def report_create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    invitation = _invitation(request, meeting_id)
    if invitation.meeting.kind not in RESEARCH_KINDS:
        raise Http404
    member = invitation.member
    form = ResearchReportForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        member=member,
        meeting=invitation.meeting,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = create_once(
                request,
                lambda: services.research_report_record(
                    meeting=invitation.meeting,
                    title=data["title"],
                    written_on=data["written_on"],
                    summary=data["summary"],
                    authors=[member, *data["co_authors"]],
                    lead=member,
                    attachment=data["attachment"] or None,
                ),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if not sent.first:
                return already_sent(
                    request, sent, to="my_meetings:report", fallback="portal:duties"
                )
            report = sent.record
            _file_link_message(
                request,
                _("Your report “%(title)s” was recorded.") % {"title": report.title},
            )
            return redirect("my_meetings:report", pk=report.pk)
    return render(
        request, "meetings/member/report_form.html", {"form": form, "invitation": invitation}
    )


@role_required(MEMBER)
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.readable_research_report(
        user=request.user, member_id=roles_for(request).member_id, pk=pk
    )
    if report is None:
        raise Http404
    return render(request, "meetings/member/report_detail.html", {"report": report})


@role_required()
@require_GET
def report_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's file, for its authors and the staff who may read its committee."""
    report = selectors.readable_research_report(
        user=request.user, member_id=roles_for(request).member_id, pk=pk
    )
    if report is None:
        raise Http404
    return upload_response(report.attachment, download_name=report.title)


@role_required(MEMBER)
def note_create(request: HttpRequest) -> HttpResponse:
    member = _me(request)
    initial = {"written_on": timezone.localdate()}
    if request.GET.get("meeting", "").isdigit():
        initial["meeting"] = int(request.GET["meeting"])
    form = StudyNoteForm(
        request.POST if request.method == "POST" else None, initial=initial, member=member
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = create_once(
                request,
                lambda: services.study_note_record(
                    member=member,
                    meeting=data["meeting"],
                    title=data["title"],
                    body=data["body"],
                    written_on=data["written_on"],
                ),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if not sent.first:
                return already_sent(request, sent, fallback="portal:duties")
            note = sent.record
            _file_link_message(
                request, _("Your study note “%(title)s” was recorded.") % {"title": note.title}
            )
            return redirect("portal:duties")
    return render(request, "meetings/member/note_form.html", {"form": form})
