"""Staff see the committee on the forms of their records, fixed to their own committee."""

import pytest
from django.urls import reverse

from sectors.models import Sector

pytestmark = pytest.mark.django_db


def test_the_add_form_shows_the_own_committee_as_its_only_choice(staff_client, committee):
    page = staff_client.get(reverse("admin:sectors_sector_add"))
    field = page.context["adminform"].form.fields["committee"]
    assert field.disabled
    assert list(field.queryset) == [committee]
    assert page.context["adminform"].form["committee"].value() == committee.pk


def test_a_posted_committee_of_someone_else_is_ignored(staff_client, committee, other_committee):
    response = staff_client.post(
        reverse("admin:sectors_sector_add"),
        {
            "committee": other_committee.pk,
            "name": "教育界",
            "display_order": "0",
            "conveners-TOTAL_FORMS": "0",
            "conveners-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Sector.objects.get(name="教育界").committee == committee
