"""Password rules: long passphrases welcome, common, all-digit, short and name-like passwords
refused, with Chinese messages; nothing cuts a long password short."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-for-tests-only"
PASSPHRASE = "chun feng hua yu 春风化雨"  # four words with spaces, 21 characters


@pytest.fixture
def person(committee):
    return UserFactory(committee=committee, username="zhangsan", name="张三")


def signs_in(password: str) -> bool:
    """Whether the portal's sign-in form takes this password (a fresh browser each time)."""
    response = Client().post(
        reverse("portal:login"), {"username": "zhangsan", "password": password}
    )
    return response.status_code == 302 and response.url == reverse("portal:home")


def change(client, new: str):
    return client.post(
        reverse("portal:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )


def test_a_four_word_passphrase_is_accepted_and_signs_in(client, person):
    client.force_login(person)
    response = change(client, PASSPHRASE)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(PASSPHRASE)
    assert signs_in(PASSPHRASE)


def test_a_long_passphrase_is_kept_whole(client, person):
    long = "qing shan lu shui chang liu, 春眠不觉晓处处闻啼鸟 " * 5  # 200 characters
    assert len(long) >= 128
    client.force_login(person)
    assert change(client, long).status_code == 302
    assert not signs_in(long[:-1])
    assert signs_in(long)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password123", "这个密码太常见了。"),
        ("12345678901", "密码只包含数字。"),
        ("k9#mQ2x", "密码长度太短。密码必须包含至少 10 个字符。"),
        ("zhangsan2026", "密码跟 用户名 太相似了。"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(client, person, password, message):
    client.force_login(person)
    response = change(client, password)
    assert response.status_code == 200
    assert message in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_the_rules_apply_to_every_form_that_sets_a_password(person):
    for weak in ("password123", "12345678901", "short1"):
        with pytest.raises(ValidationError):
            validate_password(weak, person)
    validate_password(PASSPHRASE, person)


def test_staff_setting_a_password_in_the_admin_meet_the_same_rules(staff_client, person):
    url = f"/admin/accounts/user/{person.pk}/password/"
    refused = staff_client.post(
        url, {"password1": "password123", "password2": "password123", "usable_password": "true"}
    )
    assert refused.status_code == 200 and "这个密码太常见了。" in refused.content.decode()
    accepted = staff_client.post(
        url, {"password1": PASSPHRASE, "password2": PASSPHRASE, "usable_password": "true"}
    )
    assert accepted.status_code == 302
    person.refresh_from_db()
    assert person.check_password(PASSPHRASE)
