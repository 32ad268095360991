"""Proposals, assignments, social-conditions reports and clues: who gets what.

Each builder makes a fresh record per role, so one role's workflow move does not change what the
next role finds. Members read their own and co-signed proposals, the unit its assignments, staff
their committee's; every writing action names the one role that may take it (403 for the other
roles, 404 for a member or staff user outside the record).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from proposals.models import (
    ClueStatus,
    HandlingUnitUser,
    ProposalState,
    SocialReportState,
    SubmitterKind,
)
from tests.api.matrix import (
    CREATED,
    FORBIDDEN,
    MEMBERS,
    NOT_FOUND,
    OK,
    ROLES,
    UNAUTHENTICATED,
    signed_in,
)
from tests.factories.proposals import (
    ProposalClueFactory,
    ProposalCoSignerFactory,
    ProposalFactory,
    SocialReportAuthorFactory,
    SocialReportFactory,
    clue_in_state,
    proposal_assigned_to,
    proposal_in_state,
)


def unit_of(people):
    return HandlingUnitUser.objects.get(user=people.unit_user).unit


def _outcomes(ok_roles, *, otherwise=NOT_FOUND, forbidden=()):
    table = {role: otherwise for role in ROLES}
    table.update(dict.fromkeys(forbidden, FORBIDDEN))
    table.update(dict.fromkeys(ok_roles, OK))
    table["anonymous"] = UNAUTHENTICATED
    return table


NOT_MEMBERS = ("unit_user", "staff", "other_staff")
NOT_STAFF = (*MEMBERS, "unit_user")
NOT_UNIT = (*MEMBERS, "staff", "other_staff")

#: A member action on the member's own record: other members 404, other roles 403.
FOR_PROPOSER = _outcomes(["member"], forbidden=NOT_MEMBERS)
#: A staff action: other committee's staff 404, every other role 403.
FOR_STAFF = _outcomes(["staff"], forbidden=NOT_STAFF)


def draft(people, committee, **kwargs):
    return {
        "pk": ProposalFactory(committee=committee, first_proposer=people.member.member, **kwargs).pk
    }


def in_state(state):
    return lambda people, committee: {
        "pk": proposal_in_state(state, committee=committee, first_proposer=people.member.member).pk
    }


def assigned(people, committee):
    return proposal_assigned_to(unit_of(people), first_proposer=people.member.member)


def invited(people, committee):
    cosigner = ProposalCoSignerFactory(
        proposal=ProposalFactory(
            committee=committee,
            first_proposer=people.member.member,
            submitter_kind=SubmitterKind.JOINT,
        ),
        member=people.other_member.member,
    )
    return {"pk": cosigner.proposal_id}


def report(state):
    def build(people, committee):
        row = SocialReportFactory(committee=committee)
        SocialReportAuthorFactory(report=row, member=people.member.member, order=1)
        if state != SocialReportState.DRAFT:
            from proposals import services

            services.social_report_submit(report=row, by=people.staff)
        return {"pk": row.pk}

    return build


def clue(state):
    return lambda people, committee: {"pk": clue_in_state(state, committee=committee).pk}


PROPOSAL = {
    "title": "关于完善农村养老服务体系的建议",
    "category": "social",
    "submitter_kind": "member",
    "session": "十二届三次会议",
    "body": "建议加大投入……",
}


def clue_body(people, committee):
    # Each role's clue counts afresh: the per-address limit is tested in test_throttle.py.
    from django.core.cache import cache

    cache.clear()
    return {
        "committee": committee.pk,
        "title": "学校门口增设红绿灯",
        "content": "上下学高峰期交通拥堵。",
        "contact_name": "张女士",
        "contact_phone": "138-0000-0000",
    }


#: Members draft (in their own committee); staff and units may not.
MEMBERS_CREATE = {
    "anonymous": UNAUTHENTICATED,
    **dict.fromkeys(ROLES[1:], FORBIDDEN),
    **dict.fromkeys(MEMBERS, CREATED),
}

ROWS = {
    ("api:proposal-list", "post"): (None, PROPOSAL, MEMBERS_CREATE),
    ("api:proposal-detail", "patch"): (draft, {"title": "关于完善养老服务的建议"}, FOR_PROPOSER),
    ("api:social-report-list", "post"): (
        None,
        {"title": "关于村级养老站运营困难的情况反映", "body": "调研发现……"},
        MEMBERS_CREATE,
    ),
    # Anyone may hand in a clue, signed in or not, as on the public form.
    ("api:proposal-clue-list", "post"): (
        None,
        clue_body,
        {**dict.fromkeys(ROLES, CREATED)},
    ),
    ("api:proposal-list", "get"): (None, None, signed_in(OK)),
    ("api:proposal-detail", "get"): (
        lambda people, committee: {"pk": assigned(people, committee).pk},
        None,
        _outcomes(["member", "unit_user", "staff"]),
    ),
    ("api:proposal-submit", "post"): (draft, None, FOR_PROPOSER),
    ("api:proposal-invite", "post"): (
        lambda people, committee: draft(people, committee, submitter_kind=SubmitterKind.JOINT),
        lambda people, committee: {"member": people.other_member.member.pk},
        FOR_PROPOSER,
    ),
    # Only the invited member answers; the proposer has no invitation to answer (404).
    ("api:proposal-cosign", "post"): (
        invited,
        {"accept": True},
        _outcomes(["other_member"], forbidden=NOT_MEMBERS),
    ),
    ("api:proposal-rate", "post"): (
        in_state(ProposalState.ANSWERED),
        {"satisfaction": "satisfied", "satisfaction_comment": ""},
        FOR_PROPOSER,
    ),
    ("api:proposal-register", "post"): (in_state(ProposalState.SUBMITTED), None, FOR_STAFF),
    ("api:proposal-decline-registration", "post"): (
        in_state(ProposalState.SUBMITTED),
        {"reason": "属于个人诉求，不予立案"},
        FOR_STAFF,
    ),
    ("api:proposal-assign", "post"): (
        in_state(ProposalState.REGISTERED),
        lambda people, committee: {
            "lead_unit": unit_of(people).pk,
            "deadline": (timezone.localdate() + datetime.timedelta(days=60)).isoformat(),
        },
        FOR_STAFF,
    ),
    ("api:proposal-assignment-list", "get"): (None, None, signed_in(OK)),
    ("api:proposal-assignment-detail", "get"): (
        lambda people, committee: {"pk": assigned(people, committee).assignments.get().pk},
        None,
        _outcomes(["unit_user", "staff"]),
    ),
    ("api:proposal-assignment-reply", "post"): (
        lambda people, committee: {"pk": assigned(people, committee).assignments.get().pk},
        lambda people, committee: {
            "reply_category": "A",
            "reply_body": "已采纳，正在落实。",
            "replied_on": timezone.localdate().isoformat(),
        },
        _outcomes(["unit_user"], forbidden=NOT_UNIT),
    ),
    ("api:social-report-list", "get"): (None, None, signed_in(OK)),
    ("api:social-report-detail", "get"): (
        report(SocialReportState.DRAFT),
        None,
        _outcomes(["member", "staff"]),
    ),
    ("api:social-report-submit", "post"): (report(SocialReportState.DRAFT), None, FOR_PROPOSER),
    ("api:social-report-adopt", "post"): (
        report(SocialReportState.SUBMITTED),
        {"issue": "《社情民意》第3期"},
        FOR_STAFF,
    ),
    ("api:social-report-reject", "post"): (
        report(SocialReportState.SUBMITTED),
        {"note": "内容重复"},
        FOR_STAFF,
    ),
    ("api:proposal-clue-list", "get"): (None, None, signed_in(OK)),
    ("api:proposal-clue-detail", "get"): (
        lambda people, committee: {"pk": ProposalClueFactory(committee=committee).pk},
        None,
        _outcomes(["staff"]),
    ),
    ("api:proposal-clue-start-review", "post"): (clue(ClueStatus.NEW), None, FOR_STAFF),
    ("api:proposal-clue-decline", "post"): (
        clue(ClueStatus.UNDER_REVIEW),
        {"note": "不属于政协职能范围"},
        FOR_STAFF,
    ),
}
