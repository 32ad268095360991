"""Demo handling units, proposals in every workflow state, social-conditions reports and clues.

Everything goes through the workflow services, acted by county staff (who enter paper submissions
for members), so the demo can only hold states the real workflow can reach.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from accounts.models import User
from committees.numerals import chinese_numeral
from members.models import Member
from proposals import services
from proposals.models import (
    AnswerCategory,
    Conversion,
    HandlingUnit,
    ProposalAssignment,
    Satisfaction,
    SubmitterKind,
)

from . import data
from .people import County

#: (final state, how many) — proposals in every state of the workflow.
STATES = [
    ("draft", 3),
    ("submitted", 4),
    ("withdrawn", 2),
    ("not_registered", 3),
    ("registered", 3),
    ("assigned", 6),
    ("answered", 5),
    ("evaluated", 6),
    ("reopened", 2),
    ("closed", 12),
]
PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "withdrawn": ["submit", "withdraw"],
    "not_registered": ["submit", "decline"],
    "registered": ["submit", "register"],
    "assigned": ["submit", "register", "assign"],
    "answered": ["submit", "register", "assign", "answer"],
    "evaluated": ["submit", "register", "assign", "answer", "evaluate"],
    "reopened": ["submit", "register", "assign", "answer", "reopen"],
    "closed": ["submit", "register", "assign", "answer", "evaluate", "close"],
}


def handling_units(county: County, unit_user: User) -> list[HandlingUnit]:
    units = HandlingUnit.objects.bulk_create(
        HandlingUnit(
            committee=county.committee,
            name=name,
            contact_person="办公室主任",
            contact_phone="0571-86100000",
        )
        for name in data.HANDLING_UNITS
    )
    education = next(u for u in units if u.name == "县教育局")
    education.users.add(unit_user)
    return units


def proposals(
    county: County,
    units: list[HandlingUnit],
    *,
    rng: random.Random,
    year: int,
    staff: User,
    proposers: list[Member],
) -> None:
    c = county.committee
    education = next(u for u in units if u.name == "县教育局")
    n = 0
    for state, count in STATES:
        for _ in range(count):
            category, title = data.PROPOSAL_TOPICS[n % len(data.PROPOSAL_TOPICS)]
            proposer = proposers[n % len(proposers)]
            kind = [
                SubmitterKind.MEMBER,
                SubmitterKind.MEMBER,
                SubmitterKind.JOINT,
                SubmitterKind.SECTOR,
                SubmitterKind.PARTY,
                SubmitterKind.SPECIAL_COMMITTEE,
            ][n % 6]
            fields = (
                {"first_proposer": proposer}
                if kind in (SubmitterKind.MEMBER, SubmitterKind.JOINT)
                else {}
            )
            if kind == SubmitterKind.SECTOR:
                fields = {"submitting_sector": proposer.sector}
            elif kind == SubmitterKind.PARTY:
                fields = {"submitting_party": "cdl"}
            elif kind == SubmitterKind.SPECIAL_COMMITTEE:
                fields = {"submitting_special_committee": c.special_committees.first()}
            proposal = services.proposal_create(
                committee=c,
                term=county.term,
                year=year,
                title=title if n < 20 else f"{title}（二）",
                body=f"一、基本情况\n{title[2:-3]}事关群众切身利益。\n二、存在问题\n……\n三、具体建议\n……",
                category=category,
                by=staff,
                submitter_kind=kind,
                session=f"十二届{chinese_numeral(year - county.term.start_date.year + 1)}次会议",
                **fields,
            )
            if kind == SubmitterKind.JOINT:
                others = [m for m in proposers if m.pk != proposer.pk]
                for cosigner_member in rng.sample(others, 2):
                    invitation = services.proposal_cosigner_invite(
                        proposal=proposal, member=cosigner_member, by=staff
                    )
                    if state != "draft":
                        services.proposal_cosigner_respond(
                            cosigner=invitation, accept=True, by=staff
                        )
            lead = education if n % 4 == 0 else units[n % len(units)]
            category_answer = [
                AnswerCategory.A,
                AnswerCategory.B,
                AnswerCategory.B,
                AnswerCategory.C,
                AnswerCategory.D,
            ][n % 5]
            for step in PATHS[state]:
                _step(
                    step,
                    proposal,
                    staff=staff,
                    lead=lead,
                    co_unit=units[(n + 3) % len(units)],
                    category=category_answer,
                    n=n,
                )
            if state in ("evaluated", "closed") and category_answer == AnswerCategory.B:
                services.proposal_followup_record(
                    proposal=proposal,
                    kind="look_back",
                    followed_on=timezone.localdate(),
                    summary="回头看：承办单位已落实部分建议，剩余事项列入明年计划。",
                    by=staff,
                    progress="in_progress",
                )
            if state in ("assigned", "closed") and n % 5 == 0:
                services.proposal_mark_key(
                    proposal=proposal, supervising_leader="县政协主席 王建国", by=staff
                )
            if state == "closed" and n % 3 == 0:
                services.proposal_mark_excellent(proposal=proposal, by=staff)
            n += 1


def _step(step: str, proposal, *, staff, lead, co_unit, category, n) -> None:
    if step == "submit":
        services.proposal_submit(proposal=proposal, by=staff)
    elif step == "withdraw":
        services.proposal_withdraw(
            proposal=proposal, reason="提案人申请撤回，拟修改后另行提交。", by=staff
        )
    elif step == "decline":
        conversion = [Conversion.SOCIAL_REPORT, Conversion.OPINION, Conversion.NONE][n % 3]
        services.proposal_decline_registration(
            proposal=proposal,
            reason="内容属于具体事务，不符合立案标准。",
            conversion=conversion,
            by=staff,
        )
    elif step == "register":
        services.proposal_register(proposal=proposal, by=staff)
    elif step == "assign":
        services.proposal_assign(
            proposal=proposal,
            lead_unit=lead,
            co_units=[co_unit] if co_unit != lead else [],
            deadline=timezone.localdate() + datetime.timedelta(days=5 if n % 7 == 0 else 60),
            by=staff,
        )
    elif step == "answer":
        assignment = proposal.assignments.get(
            round=proposal.handling_round, role=ProposalAssignment.Role.LEAD
        )
        services.proposal_reply_submit(
            assignment=assignment,
            category=category,
            signer="局长 李明",
            body="经认真研究，现答复如下：一、……二、……感谢对我们工作的关心和支持。",
            by=staff,
        )
    elif step in ("evaluate", "reopen"):
        satisfaction = (
            Satisfaction.UNSATISFIED
            if step == "reopen"
            else (Satisfaction.SATISFIED if n % 2 else Satisfaction.BASICALLY_SATISFIED)
        )
        services.proposal_rate(
            proposal=proposal,
            satisfaction=satisfaction,
            by=staff,
            comment="答复未回应核心问题" if step == "reopen" else "",
        )
    elif step == "close":
        services.proposal_close(proposal=proposal, by=staff)


def social_reports(county: County, *, rng: random.Random, year: int, staff: User) -> None:
    today = timezone.localdate()
    for n, title in enumerate(data.REPORT_TOPICS):
        authors = rng.sample(in_office(county.members), 1 + n % 2)
        report = services.social_report_create(
            committee=county.committee,
            year=year,
            title=title,
            by=staff,
            authors=authors,
            body="群众反映：……\n原因分析：……\n建议：……",
        )
        if n == 0:
            continue
        services.social_report_submit(report=report, by=staff)
        if n in (1, 2):
            continue
        if n == 3:
            services.social_report_reject(report=report, note="与已报送信息重复。", by=staff)
            continue
        services.social_report_adopt(
            report=report, issue=f"《清河社情民意》{year}年第{n}期", by=staff
        )
        if n >= 5:
            services.social_report_forward(
                report=report, forwarded_to="政协江州市委员会", forwarded_on=today, by=staff
            )
        if n >= 6:
            services.social_report_record_higher_adoption(
                report=report, adopted_by="政协江州市委员会", adopted_on=today, by=staff
            )
        if n == 7:
            services.social_report_instruction_record(
                report=report,
                leader="县委书记",
                level="county",
                instructed_on=today,
                content="请县交通运输局牵头研究解决。",
                by=staff,
            )


def clues(county: County, *, staff: User) -> None:
    for n, (title, content) in enumerate(data.CLUE_TOPICS):
        clue = services.clue_submit(
            committee=county.committee,
            title=title,
            content=content,
            contact_name="" if n % 2 else "张女士",
            contact_phone="" if n % 2 else "13900001111",
        )
        if n == 1:
            services.clue_start_review(clue=clue, by=staff)
        elif n == 2:
            services.clue_refer(
                clue=clue, member=county.members[5], by=staff, note="请结合调研形成提案。"
            )
        elif n == 3:
            services.clue_decline(clue=clue, note="已由有关部门办结。", by=staff)


def in_office(members: list[Member]) -> list[Member]:
    return [m for m in members if m.status == Member.Status.ACTIVE]
