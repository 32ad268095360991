"""The staff's add pages in the admin — a member, a proposal with a co-signer, an attendance
record, a contact activity with a participant, an assessment scheme with its categories and
grades — fed with bad input in every field they show (the inline rows' included). A refusal
writes no row of any table: neither the record nor its inline rows."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from assessment.models import AssessmentScheme
from liaison.models import ContactActivity
from meetings.models import Attendance
from members.models import Member
from proposals.models import Proposal
from tests.factories.core import SectorFactory
from tests.factories.meetings import MeetingFactory
from tests.factories.proposals import member_of, term_of
from tests.members.admin_forms import change_form_data

from .harness import BOTH, post_form
from .strategies import BAD_INPUT, MISSING, any_date, any_id, any_number, any_text, field

pytestmark = pytest.mark.django_db


def _bad(form_field) -> st.SearchStrategy:
    if isinstance(form_field, forms.ModelChoiceField):
        return any_id
    if isinstance(form_field, forms.DateField):
        return any_date
    if isinstance(form_field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return any_number
    return any_text


def _inline_rows(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows))}
    for i, row in enumerate(rows):
        data |= {f"{prefix}-{i}-{name}": value for name, value in row.items()}
    return data


def _fields_of(page) -> dict:
    """Every field the page shows, by the name it is posted under."""
    shown = dict(page.context["adminform"].form.fields)
    for inline in page.context["inline_admin_formsets"]:
        for i in range(3):
            form = inline.formset.empty_form
            shown |= {f"{inline.formset.prefix}-{i}-{n}": f for n, f in form.fields.items()}
    return shown


@st.composite
def _posts(draw, valid: dict, shown: dict) -> dict:
    data = dict(valid)
    for name, value in valid.items():
        if name in shown and not name.endswith(("TOTAL_FORMS", "INITIAL_FORMS")):
            spoiled = draw(field(value, _bad(shown[name])))
            if spoiled is MISSING:
                del data[name]
            else:
                data[name] = spoiled
    return data


def _valid_member(committee):
    return {
        "committee": committee.pk,
        "term": term_of(committee).pk,
        "name": "王芳",
        "gender": "female",
        "sector": SectorFactory(committee=committee).pk,
        "party": "cpc",
        "work_unit": "县人民医院",
        "ethnicity": "汉族",
        "joined_on": "2023-01-05",
        "status": "active",
        "phone": "13912345678",
        "birth_date": "1975-03-02",
    }


def _valid_proposal(committee):
    proposer, cosigner = member_of(committee), member_of(committee)
    return {
        "term": proposer.term_id,
        "year": "2024",
        "title": "关于完善养老服务的建议",
        "body": "建议如下：……",
        "category": "social",
        "submitter_kind": "joint",
        "first_proposer": proposer.pk,
        **_inline_rows("cosigners", [{"member": cosigner.pk, "status": "invited"}]),
    }


def _valid_attendance(committee):
    return {
        "meeting": MeetingFactory(committee=committee).pk,
        "member": member_of(committee).pk,
        "status": "present",
        "half_days_present": "1",
        "note": "按时出席",
    }


def _valid_activity(committee):
    return {
        "committee": committee.pk,
        "kind": "visit",
        "title": "走访城关镇群众",
        "date": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(),
        "place": "城关镇幸福村",
        "people_reached": "12",
        "issues_raised": "2",
        "issues_resolved": "1",
        "summary": "了解饮水问题",
        **_inline_rows("participants", [{"member": member_of(committee).pk}]),
    }


def _valid_scheme(committee):
    return {
        "committee": committee.pk,
        "year": "2031",
        "name": "委员履职考核办法",
        "scoring_mode": "base_plus_bonus",
        "base_score": "70",
        "bonus_cap": "50",
        "max_score": "120",
        "prorate_basis_days": "365",
        **_inline_rows("categories", [{"order": "1", "name": "会议活动", "cap": "10"}]),
        **_inline_rows(
            "grades",
            [
                {"order": "1", "code": "excellent", "name": "优秀", "min_score": "90"},
                {"order": "2", "code": "competent", "name": "称职", "min_score": "60"},
            ],
        ),
    }


@pytest.mark.parametrize(
    ("model", "valid"),
    [
        (Member, _valid_member),
        (Proposal, _valid_proposal),
        (Attendance, _valid_attendance),
        (ContactActivity, _valid_activity),
        (AssessmentScheme, _valid_scheme),
    ],
    ids=["member", "proposal", "attendance", "activity", "scheme"],
)
def test_an_admin_add_page_saves_the_record_whole_or_nothing(staff_client, committee, model, valid):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    page = staff_client.get(url)
    shown = _fields_of(page)
    baseline = change_form_data(page) | valid(committee)
    form = page.context["adminform"].form
    seen = set()

    @BAD_INPUT
    @given(data=_posts(baseline, shown))
    def check(data):
        def saved(delta):
            row = model.objects.latest("pk")
            assert delta[model._meta.db_table] == 1
            for name, value in data.items():
                plain = name in form.fields and not isinstance(
                    form.fields[name], forms.ModelChoiceField
                )
                if plain and model._meta.get_field(name).concrete:
                    sent = value[-1] if isinstance(value, list) else value
                    assert getattr(row, name) == form.fields[name].clean(sent), name

        seen.add(post_form(staff_client, url, data, saved=saved))

    check()
    assert seen == BOTH
