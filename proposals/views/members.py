"""A member's proposals: the list, drafting, co-signing, the proposal page and the rating."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import MEMBER, role_required, roles_for
from committees.submissions import already_sent, create_once
from members.models import Member

from .. import selectors, services
from ..forms import InviteForm, ProposalForm, RatingForm, add_service_errors
from ..models import Proposal, ProposalCoSigner, ProposalState, SubmitterKind
from ._common import current_member, error_text, is_htmx, redirect_next

PAGE_SIZE = 30


def _own_proposal(request: HttpRequest, pk: int) -> Proposal:
    """A proposal the member drafted or was invited to co-sign; anything else is a 404."""
    proposal = selectors.member_proposal_or_none(member_id=roles_for(request).member_id, pk=pk)
    if proposal is None:
        raise Http404
    return proposal


def _drafted_proposal(request: HttpRequest, pk: int) -> Proposal:
    """A proposal the member is the first proposer of; a co-signer's is a 404 here."""
    return get_object_or_404(
        Proposal.objects.select_related("committee", "term"),
        pk=pk,
        first_proposer_id=roles_for(request).member_id,
    )


@role_required(MEMBER)
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    page = Paginator(
        selectors.member_proposals(member_id=roles_for(request).member_id), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "proposals/mine.html", {"page": page, "State": ProposalState})


@role_required(MEMBER)
def create(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    form = ProposalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = create_once(
                request,
                lambda: services.proposal_create(
                    committee=member.committee,
                    term=member.term,
                    year=timezone.localdate().year,
                    first_proposer=member,
                    by=request.user,
                    **form.cleaned_data,
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not sent.first:
                return already_sent(request, sent, to="proposals:detail", fallback="proposals:mine")
            proposal = sent.record
            messages.success(request, _("Your draft is saved. Submit it when it is ready."))
            return redirect("proposals:detail", pk=proposal.pk)
    return render(request, "proposals/proposal_form.html", {"form": form})


@role_required(MEMBER)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _drafted_proposal(request, pk)
    if proposal.state != ProposalState.DRAFT:
        messages.error(request, _("Only a draft can be edited."))
        return redirect("proposals:detail", pk=proposal.pk)
    initial = {name: getattr(proposal, name) for name in ProposalForm.base_fields}
    form = ProposalForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(proposal=proposal, by=request.user, **form.changes(proposal))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your draft is saved."))
            return redirect("proposals:detail", pk=proposal.pk)
    return render(request, "proposals/proposal_form.html", {"form": form, "proposal": proposal})


def _render_detail(
    request: HttpRequest, proposal: Proposal, *, rating_form: RatingForm | None = None
) -> HttpResponse:
    member_id = roles_for(request).member_id
    is_proposer = proposal.first_proposer_id == member_id
    is_draft = proposal.state == ProposalState.DRAFT
    cosigners = list(selectors.proposal_cosigners(proposal))
    can_invite = is_proposer and is_draft and proposal.submitter_kind == SubmitterKind.JOINT
    query = request.GET.get("q", "") if can_invite else ""
    candidates = selectors.cosigner_candidates(proposal=proposal, query=query)
    context = {
        "proposal": proposal,
        "is_proposer": is_proposer,
        "is_draft": is_draft,
        "my_invitation": next((c for c in cosigners if c.member_id == member_id), None),
        "cosigners": cosigners,
        "can_invite": can_invite,
        "query": query,
        "candidates": candidates,
        "history": selectors.proposal_state_history(proposal),
        "replies": list(selectors.proposal_replies(proposal)),
        "can_rate": is_proposer and proposal.state == ProposalState.ANSWERED,
        "rating_form": rating_form or RatingForm(),
    }
    if is_htmx(request) and "q" in request.GET:
        return render(request, "proposals/_candidates.html", context)
    return render(request, "proposals/detail.html", context)


@role_required(MEMBER)
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _own_proposal(request, pk))


@role_required(MEMBER)
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _drafted_proposal(request, pk)
    try:
        services.proposal_submit(proposal=proposal, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Your proposal was submitted to the committee."))
    return redirect("proposals:detail", pk=proposal.pk)


@role_required(MEMBER)
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _drafted_proposal(request, pk)
    form = InviteForm(request.POST)
    member = None
    if form.is_valid():
        member = Member.objects.filter(
            pk=form.cleaned_data["member"], committee_id=proposal.committee_id
        ).first()
    if member is None:
        messages.error(request, _("Choose a member of your committee to invite."))
        return redirect("proposals:detail", pk=proposal.pk)
    try:
        services.proposal_cosigner_invite(proposal=proposal, member=member, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("%(name)s is invited to co-sign.") % {"name": member.name})
    return redirect("proposals:detail", pk=proposal.pk)


@role_required(MEMBER)
@require_POST
def cosigner_remove(request: HttpRequest, pk: int, cosigner_pk: int) -> HttpResponse:
    proposal = _drafted_proposal(request, pk)
    cosigner = get_object_or_404(
        ProposalCoSigner.objects.select_related("member"), pk=cosigner_pk, proposal=proposal
    )
    try:
        services.proposal_cosigner_remove(cosigner=cosigner, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("%(name)s is no longer a co-signer.") % {"name": cosigner.member.name}
        )
    return redirect("proposals:detail", pk=proposal.pk)


@role_required(MEMBER)
@require_POST
def cosign_respond(request: HttpRequest, cosigner_pk: int) -> HttpResponse:
    """The invited member confirms (``accept=1``) or declines (``accept=0``) co-signing."""
    cosigner = get_object_or_404(
        ProposalCoSigner.objects.select_related("proposal"),
        pk=cosigner_pk,
        member_id=roles_for(request).member_id,
    )
    accept = request.POST.get("accept") == "1"
    try:
        services.proposal_cosigner_respond(cosigner=cosigner, accept=accept, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        title = cosigner.proposal.title
        if accept:
            messages.success(request, _("You co-sign “%(title)s”.") % {"title": title})
        else:
            messages.success(request, _("You declined to co-sign “%(title)s”.") % {"title": title})
    return redirect_next(request, reverse("proposals:detail", args=[cosigner.proposal_id]))


@role_required(MEMBER)
@require_POST
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    """The first proposer rates the handling units' answer, once per answer."""
    proposal = _own_proposal(request, pk)
    if proposal.first_proposer_id != roles_for(request).member_id:
        raise Http404
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_rate(
                proposal=proposal,
                satisfaction=form.cleaned_data["satisfaction"],
                comment=form.cleaned_data["satisfaction_comment"],
                by=request.user,
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Nothing the form can fix: e.g. the answer was rated already.
                messages.error(request, error_text(error))
                return redirect("proposals:detail", pk=proposal.pk)
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your rating was recorded."))
            return redirect("proposals:detail", pk=proposal.pk)
    return _render_detail(request, proposal, rating_form=form)
