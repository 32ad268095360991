"""A handling unit's side: its inbox of proposals to answer, the proposal page and the reply."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import HANDLING_UNIT, role_required, roles_for

from .. import selectors, services
from ..forms import ReplyForm, add_service_errors
from ..models import Proposal

ANSWERED_PAGE_SIZE = 30


@role_required(HANDLING_UNIT)
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    inbox = selectors.unit_inbox(unit_ids=roles_for(request).handling_units, on=today)
    answered = Paginator(inbox["answered"], ANSWERED_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/inbox.html",
        {
            "open": list(inbox["open"]),
            "answered": answered,
            "today": today,
            "due_soon": inbox["due_soon"],
        },
    )


def _render_unit_detail(
    request: HttpRequest, proposal: Proposal, *, bound: ReplyForm | None = None
) -> HttpResponse:
    assignments = list(
        selectors.unit_assignments(unit_ids=roles_for(request).handling_units)
        .filter(proposal=proposal)
        .order_by("round", "pk")
    )
    awaiting = [
        a
        for a in assignments
        if not a.has_replied
        and a.round == proposal.handling_round
        and proposal.state in selectors.REPLYING_STATES
    ]
    forms = [
        bound if bound is not None and bound.assignment.pk == a.pk else ReplyForm(assignment=a)
        for a in awaiting
    ]
    return render(
        request,
        "proposals/unit_detail.html",
        {
            "proposal": proposal,
            "assignments": assignments,
            "reply_forms": forms,
            "replies": list(selectors.proposal_replies(proposal)),
            "cosigners": list(selectors.proposal_confirmed_cosigners(proposal)),
            "today": timezone.localdate(),
        },
    )


@role_required(HANDLING_UNIT)
@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        selectors.unit_proposals(unit_ids=roles_for(request).handling_units), pk=pk
    )
    return _render_unit_detail(request, proposal)


@role_required(HANDLING_UNIT)
@require_POST
def reply(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        selectors.unit_assignments(unit_ids=roles_for(request).handling_units),
        pk=assignment_pk,
    )
    proposal = assignment.proposal
    try:
        # What the workflow refuses whatever was typed (already replied, no longer waiting) is
        # said first: the page shows no reply form for such an assignment to put errors on.
        services.proposal_reply_check(
            assignment=assignment, category=request.POST.get("reply_category", "")
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            messages.error(request, " ".join(error.messages))
            return redirect("proposals:unit_detail", pk=proposal.pk)
    form = ReplyForm(request.POST, assignment=assignment)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_reply_submit(
                assignment=assignment,
                body=data["reply_body"],
                category=data.get("reply_category", ""),
                signer=data["reply_signer"],
                replied_on=data["replied_on"],
                by=request.user,
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect("proposals:unit_detail", pk=proposal.pk)
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your reply was sent to the proposer."))
            return redirect("proposals:unit_detail", pk=proposal.pk)
    return _render_unit_detail(request, proposal, bound=form)
