"""The proposals workflow moves added to the API: who may take each (see endpoints_proposals.py).

The proposer's moves are the first proposer's (other members 404, other roles 403); the office's
are staff of the record's committee (another committee's staff 404, every other role 403).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from proposals import services
from proposals.models import ClueStatus, ProposalState, SocialReportAuthor, SocialReportState
from tests.api.endpoints_proposals import (
    FOR_PROPOSER,
    FOR_STAFF,
    _outcomes,
    assigned,
    clue,
    in_state,
    invited,
    report,
    unit_of,
)
from tests.api.matrix import CREATED
from tests.factories.proposals import (
    ProposalFactory,
    SocialReportAuthorFactory,
    member_of,
    social_report_in_state,
)

#: A staff action that makes a record: 201 for the committee's staff.
STAFF_CREATES = {**FOR_STAFF, "staff": CREATED}


def today() -> str:
    return timezone.localdate().isoformat()


def adopted_report(people, committee, *, forwarded=False):
    row = social_report_in_state(SocialReportState.ADOPTED, committee=committee)
    SocialReportAuthorFactory(report=row, member=people.member.member, order=2)
    if forwarded:
        services.social_report_forward(
            report=row, forwarded_to="市政协", forwarded_on=timezone.localdate(), by=people.staff
        )
    return {"pk": row.pk}


def draft_with_coauthor(people, committee):
    """A draft by the member and a co-author who is none of the personas."""
    pk = report(SocialReportState.DRAFT)(people, committee)["pk"]
    SocialReportAuthorFactory(report_id=pk, member=member_of(committee), order=2)
    return {"pk": pk}


def coauthor(people, committee):
    return {"member": SocialReportAuthor.objects.filter(order=2).latest("pk").member_id}


ROWS = {
    ("api:proposal-withdraw", "post"): (
        in_state(ProposalState.SUBMITTED),
        {"reason": "与另一件提案合并"},
        _outcomes(["member", "staff"], forbidden=["unit_user"]),
    ),
    ("api:proposal-return-for-revision", "post"): (
        in_state(ProposalState.SUBMITTED),
        {"reason": "请补充调研数据"},
        FOR_STAFF,
    ),
    ("api:proposal-remove-cosigner", "post"): (
        invited,
        lambda people, committee: {"member": people.other_member.member.pk},
        FOR_PROPOSER,
    ),
    ("api:proposal-change-units", "post"): (
        lambda people, committee: {"pk": assigned(people, committee).pk},
        lambda people, committee: {
            "lead_unit": unit_of(people).pk,
            "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        },
        FOR_STAFF,
    ),
    ("api:proposal-close", "post"): (in_state(ProposalState.EVALUATED), None, FOR_STAFF),
    ("api:proposal-follow-up", "post"): (
        in_state(ProposalState.REGISTERED),
        lambda people, committee: {"kind": "other", "followed_on": today(), "summary": "已走访"},
        STAFF_CREATES,
    ),
    ("api:proposal-mark-key", "post"): (
        in_state(ProposalState.REGISTERED),
        {"supervising_leader": "王副主席"},
        FOR_STAFF,
    ),
    ("api:proposal-unmark-key", "post"): (in_state(ProposalState.REGISTERED), None, FOR_STAFF),
    ("api:proposal-mark-excellent", "post"): (in_state(ProposalState.REGISTERED), None, FOR_STAFF),
    ("api:social-report-detail", "patch"): (
        report(SocialReportState.DRAFT),
        {"title": "关于老旧小区加装电梯的建议"},
        FOR_PROPOSER,
    ),
    ("api:social-report-add-author", "post"): (
        report(SocialReportState.DRAFT),
        lambda people, committee: {"member": people.other_member.member.pk},
        FOR_PROPOSER,
    ),
    ("api:social-report-remove-author", "post"): (draft_with_coauthor, coauthor, FOR_PROPOSER),
    ("api:social-report-return-for-revision", "post"): (
        report(SocialReportState.SUBMITTED),
        {"reason": "请核实数据来源"},
        FOR_STAFF,
    ),
    ("api:social-report-forward", "post"): (
        adopted_report,
        lambda people, committee: {"forwarded_to": "市政协", "forwarded_on": today()},
        FOR_STAFF,
    ),
    ("api:social-report-record-higher-adoption", "post"): (
        lambda people, committee: adopted_report(people, committee, forwarded=True),
        lambda people, committee: {"adopted_by": "省政协", "adopted_on": today()},
        FOR_STAFF,
    ),
    ("api:social-report-record-instruction", "post"): (
        adopted_report,
        lambda people, committee: {
            "leader": "李市长",
            "level": "municipal",
            "instructed_on": today(),
            "content": "请市住建局研究落实。",
        },
        STAFF_CREATES,
    ),
    ("api:proposal-clue-refer", "post"): (
        clue(ClueStatus.UNDER_REVIEW),
        lambda people, committee: {"member": people.member.member.pk, "note": "请酌情提出提案"},
        FOR_STAFF,
    ),
    ("api:proposal-clue-adopt", "post"): (
        clue(ClueStatus.UNDER_REVIEW),
        lambda people, committee: {"proposal": ProposalFactory(committee=committee).pk},
        FOR_STAFF,
    ),
}
