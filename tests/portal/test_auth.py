"""Signing in and out, changing and resetting a password, with the portal's own pages."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-for-tests-only"


@pytest.fixture
def person(committee):
    return UserFactory(committee=committee, email="weiyuan@example.cn", name="张委员")


def test_the_sign_in_page_is_chinese_and_fits_a_phone(client):
    response = client.get(reverse("portal:login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "登录" in html
    assert 'name="viewport"' in html
    assert "http://" not in html.replace("http://testserver", "") and "https://" not in html


def test_signing_in_lands_on_the_home_page(client, person):
    response = client.post(
        reverse("portal:login"), {"username": person.username, "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("portal:home")
    assert client.get(reverse("portal:home")).context["user"] == person


def test_signing_in_returns_to_the_page_asked_for(client, person):
    response = client.post(
        reverse("portal:login") + "?next=/notifications/",
        {"username": person.username, "password": PASSWORD, "next": "/notifications/"},
    )
    assert response.url == "/notifications/"


def test_a_wrong_password_shows_the_error_and_keeps_the_user_name(client, person):
    response = client.post(
        reverse("portal:login"), {"username": person.username, "password": "wrong"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "请输入一个正确的" in html
    assert f'value="{person.username}"' in html
    assert "_auth_user_id" not in client.session


def test_a_missing_field_error_stands_next_to_that_field(client):
    html = client.post(reverse("portal:login"), {"username": "someone"}).content.decode()
    assert 'id="id_password_error"' in html
    assert "必填项" in html.split('id="id_password_error"')[1][:60]
    # A screen reader announces the error with the field: the field names the list it is in.
    field = html.split('name="password"')[1].split(">")[0]
    assert 'aria-invalid="true"' in field and "id_password_error" in field


def test_signing_out_ends_the_session(client, person):
    client.force_login(person)
    response = client.post(reverse("portal:logout"))
    assert response.status_code == 302 and response.url == reverse("portal:login")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("portal:home")).status_code == 302


def test_changing_the_password(client, person):
    client.force_login(person)
    response = client.post(
        reverse("portal:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Xin-mima-2026!",
            "new_password2": "Xin-mima-2026!",
        },
    )
    assert response.url == reverse("portal:password_change_done")
    person.refresh_from_db()
    assert person.check_password("Xin-mima-2026!")
    # Still signed in after the change.
    assert client.get(reverse("portal:password_change_done")).status_code == 200


def test_a_wrong_old_password_is_refused_next_to_the_field(client, person):
    client.force_login(person)
    html = client.post(
        reverse("portal:password_change"),
        {"old_password": "nope", "new_password1": "Xin-mima-2026!", "new_password2": "x"},
    ).content.decode()
    assert 'id="id_old_password_error"' in html and 'id="id_new_password2_error"' in html
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_resetting_a_forgotten_password_by_email(client, person):
    response = client.post(reverse("portal:password_reset"), {"email": person.email})
    assert response.url == reverse("portal:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert "重置" in message.subject
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)
    # Django swaps the token for a session marker and redirects to the form.
    form_url = client.get(link).url
    page = client.get(form_url)
    assert page.context["validlink"]
    done = client.post(
        form_url, {"new_password1": "Xin-mima-2026!", "new_password2": "Xin-mima-2026!"}
    )
    assert done.url == reverse("portal:password_reset_complete")
    person.refresh_from_db()
    assert person.check_password("Xin-mima-2026!")
    # The link works once.
    assert not client.get(link, follow=True).context["validlink"]


def test_an_unknown_address_sends_nothing_and_reveals_nothing(client, person):
    response = client.post(reverse("portal:password_reset"), {"email": "nobody@example.cn"})
    assert response.url == reverse("portal:password_reset_done")
    assert mail.outbox == []
