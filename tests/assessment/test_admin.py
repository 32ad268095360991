"""Staff edit their committee's schemes in the admin; another committee's stay out of sight,
and a frozen scheme is read-only."""

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import AssessmentScheme
from tests.factories.assessment import guangshui_scheme, minhang_scheme

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:assessment_assessmentscheme_changelist")


def change_url(scheme):
    return reverse("admin:assessment_assessmentscheme_change", args=[scheme.pk])


def posted_back(response, **changes):
    """The change form as the browser would submit it unchanged, with ``changes`` applied."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    data.update(changes)
    return data


def test_it_lists_and_opens_the_committees_schemes(
    staff_client, committee, django_assert_max_num_queries
):
    guangshui_scheme(committee, 2024)
    with django_assert_max_num_queries(12):
        page = staff_client.get(CHANGELIST)
    assert page.status_code == 200
    assert "广水市政协委员履职考核办法" in page.content.decode()
    scheme = AssessmentScheme.objects.get()
    page = staff_client.get(change_url(scheme))
    assert page.status_code == 200
    assert "常委无故缺席" in page.content.decode()
    assert staff_client.get(reverse("admin:assessment_assessmentscheme_add")).status_code == 200


def test_another_committees_scheme_is_invisible(staff_client, other_committee):
    theirs = minhang_scheme(other_committee, 2024)
    page = staff_client.get(CHANGELIST)
    assert "闵行区" not in page.content.decode()
    response = staff_client.get(change_url(theirs))
    assert (response.status_code, response.url) == (302, reverse("admin:index"))
    history = reverse("admin:assessment_assessmentscheme_history", args=[theirs.pk])
    assert staff_client.get(history).status_code in (302, 403, 404)


def test_staff_add_a_scheme_to_their_own_committee(staff_client, committee):
    response = staff_client.post(
        reverse("admin:assessment_assessmentscheme_add"),
        {
            "year": 2025,
            "name": "委员履职考核办法",
            "scoring_mode": "base_plus_bonus",
            "base_score": "70",
            "bonus_cap": "50",
            "max_score": "120",
            "prorate_basis_days": "365",
            **{f"{p}-TOTAL_FORMS": "0" for p in INLINE_PREFIXES},
            **{f"{p}-INITIAL_FORMS": "0" for p in INLINE_PREFIXES},
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    scheme = AssessmentScheme.objects.get()
    assert (scheme.committee, scheme.state, scheme.version) == (committee, "draft", 1)


INLINE_PREFIXES = ["categories", "rules", "minimums", "qualitative_parts", "grades"]


def test_saving_the_page_with_a_changed_rule_bumps_the_version_once(staff_client, committee):
    scheme = guangshui_scheme(committee, 2024)
    before = scheme.version
    page = staff_client.get(change_url(scheme))
    rule_index = next(
        i
        for i, form in enumerate(page.context["inline_admin_formsets"][1].formset.forms)
        if form.instance.code == "report"
    )
    data = posted_back(page, **{f"rules-{rule_index}-points": "25", "name": "广水办法（修订）"})
    response = staff_client.post(change_url(scheme), data)
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.name == "广水办法（修订）"
    assert scheme.rules.get(code="report").points == 25
    assert scheme.version == before + 1


def test_a_frozen_scheme_is_read_only_and_refuses_a_post(staff_client, committee):
    scheme = guangshui_scheme(committee, 2024)
    page = staff_client.get(change_url(scheme))
    data = posted_back(page, name="改名")
    scheme = services.scheme_freeze(scheme=services.scheme_activate(scheme=scheme))
    page = staff_client.get(change_url(scheme))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    response = staff_client.post(change_url(scheme), data)
    assert response.status_code == 403
    scheme.refresh_from_db()
    assert scheme.name == "广水市政协委员履职考核办法"
    delete = reverse("admin:assessment_assessmentscheme_delete", args=[scheme.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403


def test_the_copy_action_makes_next_years_draft(staff_client, committee):
    scheme = minhang_scheme(committee, 2024)
    response = staff_client.post(
        CHANGELIST, {"action": "copy_to_next_year", "_selected_action": [scheme.pk]}, follow=True
    )
    assert response.status_code == 200
    copy = AssessmentScheme.objects.get(year=2025)
    assert (copy.copied_from, copy.rules.count()) == (scheme, scheme.rules.count())
    response = staff_client.post(
        CHANGELIST, {"action": "copy_to_next_year", "_selected_action": [scheme.pk]}, follow=True
    )
    assert "已有 2025 年度的考核办法" in response.content.decode()
    assert AssessmentScheme.objects.count() == 2


def test_the_state_actions_put_into_force_finalise_and_reopen(staff_client, committee, staff):
    scheme = minhang_scheme(committee, 2024)
    for action in ["put_into_force", "finalise"]:
        staff_client.post(CHANGELIST, {"action": action, "_selected_action": [scheme.pk]})
    scheme.refresh_from_db()
    assert scheme.state == "frozen"
    assert scheme.year_actions.get().action == "finalise"

    selected = {"action": "reopen", "_selected_action": [scheme.pk]}
    page = staff_client.post(CHANGELIST, selected)
    assert "reason" in page.context["form"].fields  # the reason is asked for first
    staff_client.post(CHANGELIST, {**selected, "apply": "1", "reason": "补录活动"})
    scheme.refresh_from_db()
    assert scheme.state == "active"
    assert scheme.year_actions.first().reason == "补录活动"


def test_a_rule_is_offered_only_its_own_schemes_categories(staff_client, committee):
    scheme, last_year = guangshui_scheme(committee, 2024), guangshui_scheme(committee, 2023)
    page = staff_client.get(change_url(scheme))
    rules = next(i for i in page.context["inline_admin_formsets"] if i.formset.prefix == "rules")
    offered = set(rules.formset.forms[0].fields["category"].queryset)
    assert offered == set(scheme.categories.all())
    assert not offered & set(last_year.categories.all())


def test_a_category_still_holding_rules_is_not_deleted_from_the_page(staff_client, committee):
    scheme = guangshui_scheme(committee, 2024)
    page = staff_client.get(change_url(scheme))
    categories = page.context["inline_admin_formsets"][0].formset
    index = next(i for i, f in enumerate(categories.forms) if f.instance.name == "出勤")
    response = staff_client.post(
        change_url(scheme), posted_back(page, **{f"categories-{index}-DELETE": "on"})
    )
    assert response.status_code == 200  # the page again, with the reason
    assert scheme.categories.filter(name="出勤").exists()
