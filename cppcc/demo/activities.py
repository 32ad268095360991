"""Demo meetings, attendance, liaison groups, contact points and activities, supervision."""

from __future__ import annotations

import datetime
import random

from accounts.models import User
from committees.numerals import chinese_numeral
from liaison import services as liaison
from liaison.models import ContactActivity, ContactPoint, LiaisonGroup
from meetings import services as meetings
from meetings.models import AttendanceStatus, MeetingKind, TrainingCompletion
from members.models import Member
from supervision import services as supervision
from supervision.models import SupervisionKind

from . import data
from .people import County


def in_office(members: list[Member], day: datetime.date) -> list[Member]:
    return [m for m in members if m.joined_on <= day and (m.left_on is None or m.left_on >= day)]


def liaison_groups(
    county: County, *, rng: random.Random, since: datetime.date, year: int, staff: User
) -> list[LiaisonGroup]:
    names = data.TOWNSHIPS + data.AGENCY_GROUPS
    groups = LiaisonGroup.objects.bulk_create(
        LiaisonGroup(
            committee=county.committee,
            name=f"{name}联络组",
            kind=LiaisonGroup.Kind.TOWNSHIP
            if i < len(data.TOWNSHIPS)
            else LiaisonGroup.Kind.AGENCY,
            area_name=name,
            display_order=i,
        )
        for i, name in enumerate(names)
    )
    for i, member in enumerate(county.members):
        liaison.group_add_member(
            group=groups[i % len(groups)], member=member, start_date=member.joined_on
        )
    for number, group in enumerate(groups, start=1):
        leader = next(m for i, m in enumerate(county.members) if i % len(groups) == number - 1)
        approval = liaison.leader_approval_nominate(
            group=group, member=leader, nominated_on=since + datetime.timedelta(days=20)
        )
        liaison.leader_approval_record_discussion(
            approval=approval, meeting_on=since + datetime.timedelta(days=30)
        )
        liaison.leader_approval_approve(
            approval=approval,
            approved_on=since + datetime.timedelta(days=45),
            document_number=f"清政协〔{since.year}〕{number}号",
        )
    for group in groups:
        plan_content = {
            "tasks": "围绕县委中心工作开展协商议政和民主监督。",
            "goals": "每名委员全年至少提交一件提案或社情民意信息，参加一次调研。",
            "learning_content": "学习习近平新时代中国特色社会主义思想和人民政协理论。",
            "activity_methods": "集中学习、专题调研、委员接待日、界别协商。",
            "requirements": "按时参加活动，及时报送履职信息。",
        }
        for plan_year in (year - 1, year):
            if plan_year == year and group.display_order in (7, 19):
                continue  # two groups have not filed this year's plan yet
            plan = liaison.work_plan_create(group=group, year=plan_year, **plan_content)
            liaison.work_plan_submit(plan=plan, by=staff)
        report = liaison.year_end_report_create(
            group=group,
            year=year - 1,
            body=f"{group.name}全年组织集中活动6次，提交提案{rng.randint(3, 9)}件。",
        )
        liaison.year_end_report_submit(report=report, by=staff)
    return groups


def contact_points(
    county: County, groups: list[LiaisonGroup], *, rng: random.Random, year: int
) -> list[ContactPoint]:
    points = []
    for i, group in enumerate(groups[: len(data.TOWNSHIPS)]):
        haves = rng.sample(range(10), k=10 if i % 3 == 0 else rng.randint(6, 9))
        flags = [
            "has_place",
            "has_convener",
            "has_liaison_person",
            "has_sign",
            "has_phone",
            "has_mailbox",
            "has_rules",
            "has_work_plan",
            "has_notice_board",
            "has_archives",
        ]
        convener = group.memberships.order_by("start_date").first().member
        points.append(
            ContactPoint(
                committee=county.committee,
                kind=ContactPoint.Kind.CONTACT_POINT,
                name=f"{group.area_name}政协委员联系群众工作站点",
                address=f"清河县{group.area_name}人民路{i + 1}号",
                township=group.area_name,
                phone=f"0571-8{rng.randint(1000000, 9999999)}",
                opening_hours="工作日 9:00-17:00",
                liaison_group=group,
                convener=convener,
                liaison_person_name="站点联络员",
                established_on=datetime.date(year - 3, 6, 1),
                standard_checked_on=datetime.date(year, 3, 15),
                **{flag: n in haves for n, flag in enumerate(flags)},
            )
        )
    for sector in county.sectors[4:7]:
        points.append(
            ContactPoint(
                committee=county.committee,
                kind=ContactPoint.Kind.WORKSTATION,
                name=f"{sector.name}委员工作室",
                address="清河县政务服务中心三楼",
                township="城关镇",
                phone="0571-86000000",
                opening_hours="每周三下午",
                has_place=True,
                has_sign=True,
                has_phone=True,
                has_rules=True,
            )
        )
    return ContactPoint.objects.bulk_create(points)


def contact_activities(
    county: County,
    points: list[ContactPoint],
    groups: list[LiaisonGroup],
    *,
    rng: random.Random,
    year: int,
    last_day: datetime.date,
    staff: User,
) -> None:
    kinds = [k for k, _label in ContactActivity.Kind.choices if k != "other"]
    days = (last_day - datetime.date(year, 1, 15)).days
    for n in range(130):
        day = datetime.date(year, 1, 15) + datetime.timedelta(days=rng.randint(0, days))
        kind = kinds[n % len(kinds)]
        needs_point = kind in (ContactActivity.Kind.RECEPTION, ContactActivity.Kind.ON_DUTY)
        point = points[n % len(points)] if n % 4 or needs_point else None
        group = groups[n % len(groups)]
        pool = in_office([ms.member for ms in group.memberships.all()], day) or in_office(
            county.members, day
        )
        raised = rng.randint(0, 8)
        activity = liaison.activity_create(
            committee=county.committee,
            kind=kind,
            title=f"{group.area_name}委员联系群众活动（第{n + 1}次）",
            date=day,
            participants=rng.sample(pool, k=min(len(pool), rng.randint(1, 3))),
            contact_point=point,
            place="" if point else f"{group.area_name}村民服务中心",
            liaison_group=group,
            people_reached=rng.randint(5, 80),
            issues_raised=raised,
            issues_resolved=rng.randint(0, raised),
            summary="倾听群众意见，现场解答政策问题，对需要协调的问题形成建议转交有关部门。",
            created_by=staff,
        )
        if n % 10 == 9:
            continue  # still a draft
        liaison.activity_submit(activity=activity, by=staff)
        if n % 10 == 8:
            continue  # waiting for staff to verify
        if n % 17 == 0:
            liaison.activity_return(
                activity=activity, by=staff, reason="请补充活动照片和群众签到表。"
            )
            continue
        liaison.activity_verify(activity=activity, by=staff)
    for point in points[:3]:
        members = in_office([ms.member for ms in point.liaison_group.memberships.all()], last_day)
        if members:
            liaison.duty_roster_generate(
                contact_point=point,
                start_date=last_day,
                end_date=last_day + datetime.timedelta(days=20),
                members=members,
            )


def _attend(meeting, invitees: list[Member], *, rng: random.Random, staff: User) -> None:
    meetings.meeting_invite_members(meeting=meeting, members=invitees, by=staff)
    on_leave, absent, late = [], [], []
    for member in invitees:
        roll = rng.random()
        if roll < 0.07:
            on_leave.append(member)
        elif roll < 0.10:
            absent.append(member)
        elif roll < 0.14:
            late.append(member)
    for member in on_leave:
        request = meetings.leave_request_submit(meeting=meeting, member=member, reason="因公出差")
        meetings.leave_request_approve(leave_request=request, approver=staff)
    present = [m for m in invitees if m not in on_leave + absent + late]
    training = TrainingCompletion.FULL if meeting.kind == MeetingKind.TRAINING else ""
    meetings.attendance_mark(
        meeting=meeting,
        members=present,
        status=AttendanceStatus.PRESENT,
        by=staff,
        half_days_present=meeting.half_days,
        training_completion=training,
    )
    if late:
        meetings.attendance_mark(
            meeting=meeting,
            members=late,
            status=AttendanceStatus.LATE_OR_EARLY,
            by=staff,
            half_days_present=meeting.half_days,
            training_completion=TrainingCompletion.PARTIAL if training else "",
        )
    if absent:
        meetings.attendance_mark(
            meeting=meeting, members=absent, status=AttendanceStatus.ABSENT_WITHOUT_LEAVE, by=staff
        )


def meetings_year(
    county: County,
    *,
    rng: random.Random,
    year: int,
    last_day: datetime.date,
    staff: User,
    standing: list[Member],
    leaders: list[Member],
) -> None:
    c = county.committee
    special = list(c.special_committees.all())

    def day(month: int, dom: int) -> datetime.date:
        return min(datetime.date(year, month, dom), last_day)

    plenary = meetings.meeting_create(
        committee=c,
        kind=MeetingKind.PLENARY,
        title=f"政协清河县第十二届委员会第{chinese_numeral(year - county.term.start_date.year + 1)}次会议",
        start_date=day(1, 8),
        end_date=day(1, 10),
        half_days=5,
        place="清河县会议中心",
    )
    everyone = in_office(county.members, plenary.start_date)
    _attend(plenary, everyone, rng=rng, staff=staff)
    present = [
        a.member for a in plenary.attendances.filter(status__in=["present", "late_or_early"])
    ]
    for i, member in enumerate(rng.sample(present, 24)):
        meetings.speech_record(
            meeting=plenary,
            member=member,
            kind="oral" if i < 8 else "written",
            title="大会发言：" + rng.choice(data.PROPOSAL_TOPICS)[1],
        )
    plan = [
        (
            MeetingKind.STANDING_COMMITTEE,
            "常委会第{n}次会议",
            [(3, 20), (6, 18), (9, 16), (11, 12)],
            standing,
        ),
        (
            MeetingKind.CHAIRMANS_MEETING,
            "主席会议（{n}）",
            [(2, 5), (4, 8), (7, 6), (10, 9)],
            leaders,
        ),
        (MeetingKind.SPECIAL_CONSULTATION, "“优化营商环境”专题协商会", [(5, 12)], None),
        (MeetingKind.COUNTERPART_CONSULTATION, "教育领域对口协商会", [(6, 5)], None),
        (MeetingKind.SECTOR_CONSULTATION, "医药卫生界别协商会", [(8, 20)], None),
        (MeetingKind.RESEARCH, "乡村振兴专题调研（{n}）", [(4, 15), (7, 22)], None),
        (MeetingKind.INSPECTION, "城乡供水工程视察", [(9, 3)], None),
        (MeetingKind.TRAINING, "委员履职能力培训班", [(3, 26)], None),
        (MeetingKind.READING_GROUP, "委员读书活动（第{n}期）", [(4, 23), (9, 25)], None),
        (MeetingKind.ONLINE_CONSULTATION, "网络议政：老旧小区改造", [(10, 21)], None),
    ]
    for kind, title, dates, pool in plan:
        for n, (month, dom) in enumerate(dates, start=1):
            start = day(month, dom)
            meeting = meetings.meeting_create(
                committee=c,
                kind=kind,
                title=title.format(n=n),
                start_date=start,
                half_days=2 if kind == MeetingKind.TRAINING else 1,
                off_site=kind == MeetingKind.TRAINING,
                place="清河县政协机关",
                organiser=special[n % len(special)] if special else None,
                topic="乡村振兴" if kind == MeetingKind.RESEARCH else "",
            )
            candidates = in_office(pool or county.members, start)
            invitees = (
                candidates
                if pool
                else rng.sample(candidates, min(len(candidates), rng.randint(15, 30)))
            )
            _attend(meeting, invitees, rng=rng, staff=staff)
            attendees = [
                a.member
                for a in meeting.attendances.filter(status__in=["present", "late_or_early"])
            ]
            if kind in (MeetingKind.RESEARCH, MeetingKind.INSPECTION) and attendees:
                meetings.research_report_record(
                    meeting=meeting,
                    title=f"关于{meeting.title}的调研报告",
                    written_on=start + datetime.timedelta(days=10)
                    if start + datetime.timedelta(days=10) <= last_day
                    else start,
                    authors=attendees[:3],
                    lead=attendees[0],
                    summary="形成问题清单和对策建议。",
                )
            if kind == MeetingKind.READING_GROUP:
                for member in attendees[:6]:
                    meetings.study_note_record(
                        member=member,
                        title="学习心得",
                        body="通过学习，进一步提高了政治站位和履职能力。",
                        written_on=start,
                        meeting=meeting,
                    )
            if kind in (MeetingKind.SPECIAL_CONSULTATION, MeetingKind.COUNTERPART_CONSULTATION):
                for member in attendees[:5]:
                    meetings.speech_record(
                        meeting=meeting, member=member, kind="oral", title="协商发言"
                    )
    # Next week's Standing Committee meeting: invitations out, one leave request unanswered.
    upcoming = meetings.meeting_create(
        committee=c,
        kind=MeetingKind.STANDING_COMMITTEE,
        title="常委会第五次会议（筹备中）",
        start_date=last_day + datetime.timedelta(days=3),
        place="清河县政协机关",
    )
    invitees = in_office(standing, last_day)
    meetings.meeting_invite_members(meeting=upcoming, members=invitees, by=staff)
    meetings.leave_request_submit(meeting=upcoming, member=invitees[-1], reason="参加省里培训")


def supervision_topics(
    county: County, *, rng: random.Random, year: int, last_day: datetime.date, staff: User
) -> None:
    c = county.committee
    earlier = supervision.supervision_topic_create(
        committee=c,
        year=year - 1,
        kind=SupervisionKind.INVESTIGATION,
        title="农村饮水安全工程建设情况监督性调研",
        subject="县水利局",
        start_date=datetime.date(year - 1, 5, 10),
        end_date=datetime.date(year - 1, 6, 30),
    )
    topics = [
        earlier,
        supervision.supervision_topic_create(
            committee=c,
            year=year,
            kind=SupervisionKind.INQUIRY,
            title="关于义务教育优质均衡发展的专题询问",
            subject="县教育局",
            start_date=datetime.date(year, 5, 20),
            end_date=datetime.date(year, 5, 20),
        ),
        supervision.supervision_topic_create(
            committee=c,
            year=year,
            kind=SupervisionKind.FOLLOW_UP,
            title="农村饮水安全工程跟踪监督",
            subject="县水利局",
            start_date=datetime.date(year, 4, 1),
            previous_topic=earlier,
        ),
        supervision.supervision_topic_create(
            committee=c,
            year=year,
            kind=SupervisionKind.COLLABORATION,
            title="食品安全“两个责任”落实情况协同监督",
            subject="县市场监督管理局",
            partner_body="县纪委监委",
            start_date=datetime.date(year, 8, 1),
        ),
    ]
    for topic in topics:
        supervision.supervision_participants_add(
            topic=topic, members=rng.sample(in_office(county.members, topic.start_date), 5)
        )
        if topic.start_date <= last_day:
            supervision.supervision_topic_start(topic=topic)
    supervision.supervision_topic_report_findings(
        topic=earlier,
        findings="部分村组管网老化，水质检测覆盖不全。",
        recommendations="加快管网改造，建立水质定期公示制度。",
    )
    supervision.supervision_follow_up_record(
        topic=earlier,
        date=datetime.date(year, 4, 10),
        note="回访县水利局，了解整改进度。",
        by=staff,
        response="已完成12个村管网改造。",
        responded_on=datetime.date(year, 4, 25),
    )
