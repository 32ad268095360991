"""Proposal topics that several sectors raised."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import TruncDate

from members.models import SectorMembership
from proposals.models import SUBMITTED_STATES, Proposal

_NOT_WORD = re.compile(r"[\W_]+")
_LEADING = ("关于",)
_TRAILING = ("的提案", "的建议", "提案", "建议")


def topic_key(title: str) -> str:
    """A proposal's title reduced to its topic: full-width forms folded (NFKC), letters in lower
    case, spaces and punctuation dropped, a leading "关于" and a trailing "的提案", "的建议",
    "提案" or "建议" dropped. "关于加强农村养老服务的提案" and "加强农村养老服务的建议。" give
    the same topic."""
    key = _NOT_WORD.sub("", unicodedata.normalize("NFKC", title)).lower()
    for word in _LEADING:
        if key.startswith(word):
            key = key[len(word) :]
    for word in _TRAILING:
        if key.endswith(word) and len(key) > len(word):
            key = key[: -len(word)]
            break
    return key


@dataclass
class SharedTopic:
    topic: str
    #: (proposal id, title, sector name), in the order they were submitted.
    proposals: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def sectors(self) -> list[str]:
        return sorted({sector for _pk, _title, sector in self.proposals})


def shared_topics(committee_id: int, year: int, sector_names: dict[int, str]) -> list[SharedTopic]:
    """Topics that proposals from two or more sectors raised in the year (one query).

    A proposal's sector is the submitting sector of a sector's proposal, otherwise the sector
    its first proposer represented on the day it was submitted. Drafts and withdrawn proposals
    are left out; so are proposals without a sector (a party's, a special committee's)."""
    proposer_sector = SectorMembership.objects.filter(
        Q(member=OuterRef("first_proposer_id")),
        Q(start_date__lte=OuterRef("submitted_on")),
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("submitted_on")),
    )
    # Not the default order (member → committee): a join per proposal.
    proposer_sector = proposer_sector.order_by("-start_date").values("sector_id")[:1]
    proposals = (
        Proposal.objects.filter(committee_id=committee_id, year=year, state__in=SUBMITTED_STATES)
        .annotate(submitted_on=TruncDate("submitted_at"))
        .annotate(proposer_sector=Subquery(proposer_sector))
        .order_by("submitted_at", "pk")
        .values_list("pk", "title", "submitting_sector_id", "proposer_sector")
    )
    topics: dict[str, SharedTopic] = defaultdict(lambda: SharedTopic(topic=""))
    for pk, title, submitting_sector, proposer_sector_id in proposals:
        sector_id = submitting_sector or proposer_sector_id
        if sector_id is None:
            continue
        key = topic_key(title)
        if not key:
            continue
        shared = topics[key]
        shared.topic = shared.topic or title
        shared.proposals.append((pk, title, sector_names.get(sector_id, "")))
    found = [shared for shared in topics.values() if len(shared.sectors) >= 2]
    found.sort(key=lambda s: (-len(s.sectors), -len(s.proposals), s.topic))
    return found
