"""Assessment schemes' lifecycle and parts, the year's finalising, disputes (tests/api/matrix.py).

Each row's builder makes its own scheme (one year per kind of row), so that rows do not move one
another's schemes: only the committee's staff succeed at a write, and ``other_staff`` — the one
role asked after them — gets a 404 whatever the state.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from tests.api.matrix import (
    BAD,
    CREATED,
    FORBIDDEN,
    MEMBERS,
    NO_CONTENT,
    NOT_FOUND,
    OK,
    UNAUTHENTICATED,
    only,
    signed_in,
)

_numbers = itertools.count(1)


def scheme_of(committee, year: int, *, state: str = "draft", graded: bool = True):
    """The committee's scheme for ``year`` (made once, through the services, in ``state``)."""
    from assessment import services
    from assessment.models import AssessmentScheme

    scheme = AssessmentScheme.objects.filter(committee=committee, year=year).first()
    if scheme is not None:
        return scheme
    scheme = services.scheme_create(
        committee=committee, year=year, name=f"考核办法（{year}）", scoring_mode="from_zero"
    )
    if graded or state != "draft":
        services.grade_add(scheme=scheme, code="competent", name="称职", min_score=0)
    if state in ("active", "frozen"):
        scheme = services.scheme_activate(scheme=scheme)
    if state == "frozen":
        scheme = services.scheme_freeze(scheme=scheme)
    return scheme


def parts_of(committee, year: int = 2065):
    """A draft scheme with one part of every kind (the minimum counting the rule)."""
    from assessment import services

    scheme = scheme_of(committee, year)
    if not scheme.rules.exists():
        category = services.category_add(scheme=scheme, name="履职实绩", cap=Decimal(80))
        rule = services.rule_add(
            scheme=scheme,
            code="speech",
            label="大会发言",
            duty_kind="speech",
            points=5,
            category=category,
        )
        services.qualitative_part_add(scheme=scheme, kind="public", weight=Decimal("0.2"))
        services.minimum_add(
            scheme=scheme, label="每年发言一次", rules=[rule], grade_cap=scheme.grades.get()
        )
    return scheme


def _pk(obj):
    return {"pk": obj.pk}


# --- bodies and builders per kind of part -----------------------------------------------------


def _unused_part(kind: str, scheme):
    """A part nothing refers to, made afresh (so that removing it succeeds)."""
    from assessment import services

    n = next(_numbers)
    if kind == "category":
        return services.category_add(scheme=scheme, name=f"类别{n}")
    if kind == "grade":
        return services.grade_add(scheme=scheme, code=f"g{n}", name=f"等次{n}", min_score=n)
    if kind == "qualitative-part":
        scheme.qualitative_parts.filter(kind="standing_committee").delete()
        return services.qualitative_part_add(
            scheme=scheme, kind="standing_committee", max_points=10
        )
    if kind == "rule":
        return services.rule_add(
            scheme=scheme, code=f"r{n}", label=f"规则{n}", duty_kind="study_note", points=1
        )
    return services.minimum_add(
        scheme=scheme,
        label=f"最低要求{n}",
        rules=[scheme.rules.first()],
        grade_cap=scheme.grades.first(),
    )


def part_body(kind: str, scheme) -> dict:
    """A complete, valid body for the kind of part (unique names each time)."""
    n = next(_numbers)
    return {
        "category": {"name": f"学习培训{n}", "cap": "10.00", "start_points": "0", "order": 2},
        "grade": {"code": f"excellent{n}", "name": f"优秀{n}", "min_score": f"{60 + n}"},
        "qualitative-part": {"kind": "liaison_group", "weight": "0.300"},
        "rule": {
            "code": f"note{n}",
            "label": f"学习心得{n}",
            "duty_kind": "study_note",
            "points": "2.00",
        },
        "minimum": {
            "label": f"每年学习心得{n}",
            "rules": [scheme.rules.first().pk],
            "grade_cap": scheme.grades.first().pk,
            "min_count": 2,
        },
    }[kind]


def _part_of(kind: str, scheme):
    model = {
        "category": scheme.categories,
        "grade": scheme.grades,
        "qualitative-part": scheme.qualitative_parts,
        "rule": scheme.rules,
        "minimum": scheme.minimums,
    }[kind]
    return model.order_by("pk").first()


PART_KINDS = ("category", "grade", "qualitative-part", "rule", "minimum")

#: Read by the committee's members and staff; nobody else sees it.
COMMITTEE_READS = {
    **signed_in(OK),
    "anonymous": UNAUTHENTICATED,
    "unit_user": NOT_FOUND,
    "other_staff": NOT_FOUND,
}
#: The committee's staff may; other staff do not see it (404); everyone else may not (403).
STAFF_ONLY = {**only({"staff": OK}, otherwise=FORBIDDEN), "other_staff": NOT_FOUND}
#: Staff create for their committee; other staff name a scheme they cannot see (400).
STAFF_CREATE = {**only({"staff": CREATED}, otherwise=FORBIDDEN), "other_staff": BAD}


def _part_rows(kind: str) -> dict:
    base = f"api:assessment-scheme-{kind}"

    def existing(people, committee):
        return _pk(_part_of(kind, parts_of(committee)))

    def unused(people, committee):
        return _pk(_unused_part(kind, parts_of(committee)))

    def create_body(people, committee):
        scheme = parts_of(committee)
        return {"scheme": scheme.pk, **part_body(kind, scheme)}

    def put_body(people, committee):
        if kind == "qualitative-part":  # the unused part is this evaluation; now by points
            return {"kind": "standing_committee", "weight": None, "max_points": "15.00"}
        return part_body(kind, parts_of(committee))

    return {
        (f"{base}-list", "get"): (None, None, signed_in(OK)),
        (f"{base}-list", "post"): (None, create_body, STAFF_CREATE),
        (f"{base}-detail", "get"): (existing, None, COMMITTEE_READS),
        (f"{base}-detail", "put"): (unused, put_body, STAFF_ONLY),
        (f"{base}-detail", "patch"): (existing, {"order": 5}, STAFF_ONLY),
        (f"{base}-detail", "delete"): (
            unused,
            None,
            {**STAFF_ONLY, "staff": NO_CONTENT},
        ),
    }


# --- scheme lifecycle and the year ------------------------------------------------------------


def draft_scheme(people, committee):
    return _pk(scheme_of(committee, 2060))


def scheme_in_force(people, committee):
    return _pk(scheme_of(committee, 2061, state="active"))


def frozen_scheme(people, committee):
    return _pk(scheme_of(committee, 2062, state="frozen"))


def scored_scheme(people, committee):
    """A scheme in force with every member's result computed: ready to finalise."""
    from assessment.engine import recompute

    scheme = scheme_of(committee, 2063, state="active")
    recompute(committee_id=committee.pk, year=2063)
    return _pk(scheme)


def copy_body(people, committee):
    scheme_of(committee, 2066)
    return {"committee": committee.pk, "year": 2067}


# --- disputes ---------------------------------------------------------------------------------


def open_dispute(people, committee):
    """An open dispute of the member's 2024 result (the portal's scored year), on its last rule
    (the rows of endpoints_meetings.py dispute the first)."""
    from assessment import services
    from assessment.models import Dispute, Result
    from tests.portal.matrix import scored_year

    scored_year(people, committee)
    result = Result.objects.get(member__user=people.member, year=2024)
    rule = result.scheme.rules.order_by("-order", "-pk").first()
    dispute = Dispute.objects.filter(result=result, rule=rule, state="open").first()
    if dispute is None:
        dispute = services.dispute_raise(
            result=result, rule=rule, comment="少算了一次活动", by=people.member
        )
    return _pk(dispute)


# --- duty records: speeches, research reports, study notes ------------------------------------


def _own_member(people):
    from members.models import Member

    return Member.objects.get(user=people.member)


def invited_to(people, committee, factory):
    """A meeting ``people.member`` was invited to and attended."""
    from tests.factories.meetings import AttendanceFactory

    meeting = factory(committee=committee)
    AttendanceFactory.marked(meeting=meeting, member=_own_member(people))
    return meeting


def own_speech(people, committee):
    from tests.factories.meetings import MeetingFactory, SpeechFactory

    meeting = invited_to(people, committee, MeetingFactory)
    return _pk(SpeechFactory(meeting=meeting, member=_own_member(people)))


def own_report(people, committee):
    from tests.factories.meetings import ResearchReportAuthorFactory, ResearchTripFactory

    meeting = invited_to(people, committee, ResearchTripFactory)
    link = ResearchReportAuthorFactory(
        report__meeting=meeting, member=_own_member(people), is_lead=True
    )
    return _pk(link.report)


def own_note(people, committee):
    from tests.factories.meetings import StudyNoteFactory

    return _pk(StudyNoteFactory(member=_own_member(people)))


def _record_body(people, committee, meeting_factory, **fields) -> dict:
    """For ``people.member`` (only staff send it), at a meeting of the kind they attended."""
    meeting = invited_to(people, committee, meeting_factory)
    return {"member": _own_member(people).pk, "meeting": meeting.pk, **fields}


def speech_body(people, committee):
    from tests.factories.meetings import MeetingFactory

    return _record_body(
        people, committee, MeetingFactory, kind="oral", title="关于优化营商环境的发言"
    )


def report_body(people, committee):
    from tests.factories.meetings import ResearchTripFactory

    return _record_body(
        people,
        committee,
        ResearchTripFactory,
        title="关于乡村振兴的调研报告",
        written_on="2024-04-01",
        summary="调研了三个乡镇。",
    )


def note_body(people, committee):
    return {
        "member": _own_member(people).pk,
        "title": "学习心得",
        "written_on": "2024-04-02",
        "body": "学习全国政协会议精神的体会。",
    }


#: Read by the member and the committee's staff only.
OWN_AND_STAFF = only({"member": OK, "staff": OK})
#: Staff of the committee record for a member; other staff name a member not theirs (400).
STAFF_RECORDS = STAFF_CREATE

RECORD_ROWS = {
    ("api:speech-list", "get"): (None, None, signed_in(OK)),
    ("api:speech-list", "post"): (None, speech_body, STAFF_RECORDS),
    ("api:speech-detail", "get"): (own_speech, None, OWN_AND_STAFF),
    ("api:research-report-list", "get"): (None, None, signed_in(OK)),
    # The member of a trip they were on; other members were not on it (404).
    ("api:research-report-list", "post"): (
        None,
        report_body,
        {
            **STAFF_RECORDS,
            **dict.fromkeys(("other_member", "convener", "other_convener", "leader"), NOT_FOUND),
            "member": CREATED,
        },
    ),
    ("api:research-report-detail", "get"): (own_report, None, OWN_AND_STAFF),
    ("api:study-note-list", "get"): (None, None, signed_in(OK)),
    # Every member writes their own self-study note (``member`` is only read from staff).
    ("api:study-note-list", "post"): (
        None,
        note_body,
        {**STAFF_RECORDS, **dict.fromkeys(MEMBERS, CREATED)},
    ),
    ("api:study-note-detail", "get"): (own_note, None, OWN_AND_STAFF),
}

ROWS = {
    **RECORD_ROWS,
    ("api:assessment-scheme-activate", "post"): (draft_scheme, None, STAFF_ONLY),
    ("api:assessment-scheme-freeze", "post"): (scheme_in_force, None, STAFF_ONLY),
    ("api:assessment-scheme-finalise", "post"): (
        scored_scheme,
        None,
        {**STAFF_ONLY, "staff": CREATED},
    ),
    ("api:assessment-scheme-reopen", "post"): (
        frozen_scheme,
        {"reason": "委员申诉成立，需重新计算"},
        {**STAFF_ONLY, "staff": CREATED},
    ),
    ("api:assessment-scheme-copy-from-previous-year", "post"): (None, copy_body, STAFF_CREATE),
    ("api:assessment-dispute-list", "get"): (None, None, signed_in(OK)),
    ("api:assessment-dispute-detail", "get"): (
        open_dispute,
        None,
        only({"member": OK, "staff": OK}),
    ),
    ("api:assessment-dispute-resolve", "post"): (
        open_dispute,
        {"uphold": False, "resolution": "经核对记录无误"},
        STAFF_ONLY,
    ),
    **{key: row for kind in PART_KINDS for key, row in _part_rows(kind).items()},
}
