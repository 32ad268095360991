"""Demo bulletins: a work brief, the year's key learning content and selected proposal clues for
one sector, the member's read receipt on the first, and a draft staff have not published yet."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from bulletins import services
from bulletins.models import Bulletin, BulletinKind
from committees.models import Committee
from members.models import Member


def bulletins(committee: Committee, users: dict[str, User], *, today: datetime.date) -> None:
    staff = users["staff"]
    member = Member.objects.get(user=users["member"])
    now = timezone.now()
    brief = Bulletin.objects.create(
        committee=committee,
        kind=BulletinKind.WORK_BRIEF,
        title=f"县政协工作简报（{today.year}年第3期）",
        body=(
            "本期要点：\n\n"
            "一、县政协召开主席会议，研究部署下半年重点协商议题。\n\n"
            "二、各联络组围绕“乡村振兴”开展联系群众活动，收集意见建议42条。\n\n"
            "三、提案办理“回头看”工作启动，请相关委员配合做好跟踪评价。"
        ),
        published_at=now - datetime.timedelta(days=6),
        created_by=staff,
    )
    Bulletin.objects.create(
        committee=committee,
        kind=BulletinKind.LEARNING,
        title=f"{today.year}年度委员重点学习内容",
        body=(
            "请各位委员认真学习人民政协理论和全国政协有关会议精神，"
            "结合本职工作撰写学习心得，年内至少参加一次读书活动。"
        ),
        published_at=now - datetime.timedelta(days=2),
        created_by=staff,
    )
    Bulletin.objects.create(
        committee=committee,
        kind=BulletinKind.PROPOSAL_CLUES,
        title="提案线索选编：农村养老与社区医疗",
        body=(
            "群众通过委员联络站反映：部分村级养老服务站运营困难、乡镇卫生院慢病用药不全。"
            "欢迎本界别委员围绕上述问题开展调研，形成提案。"
        ),
        sector=member.sector,
        published_at=now - datetime.timedelta(days=1),
        created_by=staff,
    )
    Bulletin.objects.create(
        committee=committee,
        kind=BulletinKind.WORK_BRIEF,
        title=f"县政协工作简报（{today.year}年第4期）（草稿）",
        body="待主席会议审定后发布。",
        created_by=staff,
    )
    services.bulletin_mark_read(bulletin=brief, member_id=member.pk)
