"""The interface is Simplified Chinese first, whatever the browser asks for; English is a choice."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_it_answers_in_chinese_even_to_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "政协委员履职管理" in response.content.decode()
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_the_switch_changes_the_language_and_it_stays(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "CPPCC member performance" in page
    assert "政协委员履职管理" not in page


def test_the_admin_offers_the_switch_to_staff(staff_client):
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert 'name="language"' in page
    assert "委员会工作台" in page
