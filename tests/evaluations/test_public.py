"""The public rate a liaison group or a member once, through a link staff gave them."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.test import override_settings
from django.urls import reverse

from evaluations import services
from evaluations.models import PublicInvitation, PublicRating
from tests.factories.liaison import LiaisonGroupFactory, MemberFactory

from .helpers import NOW, YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(committee):
    return LiaisonGroupFactory(committee=committee, name="城关镇联络组")


@pytest.fixture
def issued(committee, group, staff):
    return services.public_invitation_issue(
        committee=committee,
        year=YEAR,
        group=group,
        label="幸福村村民代表",
        expires_at=NOW + datetime.timedelta(days=10),
        by=staff,
    )


@pytest.fixture
def link(issued):
    return reverse("evaluations:public", args=[issued[1]])


def test_only_the_tokens_hash_is_stored(issued):
    invitation, token = issued
    assert len(token) >= 40
    stored = PublicInvitation.objects.filter(pk=invitation.pk).values().get()
    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(v) for v in stored.values()}


def test_a_rating_does_not_point_back_at_the_invitation():
    fields = PublicRating._meta.get_fields()
    assert PublicInvitation not in {f.related_model for f in fields if f.is_relation}
    assert not any(isinstance(f, models.DateField | models.TimeField) for f in fields)
    assert isinstance(PublicRating._meta.pk, models.UUIDField)


def test_the_page_asks_in_chinese_without_signing_in(client, link):
    page = client.get(link)
    assert page.status_code == 200
    text = page.content.decode()
    assert "群众评议" in text and "城关镇联络组" in text and "很满意" in text
    assert page["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]


def test_a_rating_is_stored_once_and_the_link_is_then_used(client, link, issued, group):
    response = client.post(link, {"stars": "4", "comment": "活动很接地气"})
    assert response.status_code == 302
    assert response.url == reverse("evaluations:thanks")
    thanks = client.get(response.url)
    assert "感谢" in thanks.content.decode()
    rating = PublicRating.objects.get()
    assert (rating.group, rating.member, rating.stars, rating.comment) == (
        group,
        None,
        4,
        "活动很接地气",
    )
    assert PublicInvitation.objects.get().used_at is not None

    again = client.post(link, {"stars": "1"})
    assert again.status_code == 410
    assert "已经使用" in again.content.decode()
    assert client.get(link).status_code == 410
    assert PublicRating.objects.count() == 1


def test_a_member_can_be_the_one_evaluated(client, committee):
    member = MemberFactory(committee=committee, name="王建国")
    _invitation, token = services.public_invitation_issue(
        committee=committee,
        year=YEAR,
        member=member,
        label="县人民医院职工代表",
        expires_at=NOW + datetime.timedelta(days=1),
    )
    link = reverse("evaluations:public", args=[token])
    assert "王建国" in client.get(link).content.decode()
    client.post(link, {"stars": "5"})
    assert PublicRating.objects.get().member == member


def test_an_unknown_link_is_not_found(client):
    page = client.get(reverse("evaluations:public", args=["not-a-real-token"]))
    assert page.status_code == 404
    assert "链接无效" in page.content.decode()


def test_an_expired_link_is_gone(client, link, frozen_time):
    frozen_time.move_to(NOW + datetime.timedelta(days=10))
    page = client.get(link)
    assert page.status_code == 410
    assert "已过期" in page.content.decode()
    assert client.post(link, {"stars": "5"}).status_code == 410
    assert not PublicRating.objects.exists()


def test_an_invalid_form_keeps_the_link_usable(client, link):
    page = client.post(link, {"stars": "9"})
    assert page.status_code == 400
    assert PublicInvitation.objects.get().used_at is None
    assert client.post(link, {"stars": "3"}).status_code == 302


def test_a_robot_filling_the_hidden_field_stores_nothing(client, link):
    response = client.post(link, {"stars": "5", "website": "http://spam.example"})
    assert response.status_code == 302  # it is shown the thank-you page all the same
    assert not PublicRating.objects.exists()
    assert PublicInvitation.objects.get().used_at is None


@override_settings(PUBLIC_EVALUATION_RATE_LIMIT=3)
def test_too_many_requests_from_one_address_are_refused(client, link, frozen_time):
    for _ in range(3):
        assert client.get(link).status_code == 200
    refused = client.post(link, {"stars": "5"})
    assert refused.status_code == 429
    assert "请求过于频繁" in refused.content.decode()
    assert not PublicRating.objects.exists()
    # Another address is not affected, and the next minute the first may come back.
    assert client.get(link, REMOTE_ADDR="10.0.0.9").status_code == 200
    frozen_time.shift(datetime.timedelta(seconds=61))
    assert client.get(link).status_code == 200


@override_settings(
    PUBLIC_EVALUATION_RATE_LIMIT=1, PUBLIC_EVALUATION_CLIENT_IP_HEADER="HTTP_X_REAL_IP"
)
def test_behind_a_proxy_the_limit_counts_the_forwarded_address(client, link):
    assert client.get(link, HTTP_X_REAL_IP="1.2.3.4").status_code == 200
    assert client.get(link, HTTP_X_REAL_IP="1.2.3.4").status_code == 429
    assert client.get(link, HTTP_X_REAL_IP="5.6.7.8").status_code == 200


def test_an_invitation_names_exactly_one_target(committee, group):
    member = MemberFactory(committee=committee)
    for targets in ({}, {"group": group, "member": member}):
        with pytest.raises(ValidationError, match="二者只选其一"):
            services.public_invitation_issue(
                committee=committee,
                year=YEAR,
                label="某人",
                expires_at=NOW + datetime.timedelta(days=1),
                **targets,
            )


def test_an_invitation_cannot_target_another_committees_group(committee, other_committee):
    theirs = LiaisonGroupFactory(committee=other_committee)
    with pytest.raises(ValidationError, match="其他委员会"):
        services.public_invitation_issue(
            committee=committee,
            year=YEAR,
            group=theirs,
            label="某人",
            expires_at=NOW + datetime.timedelta(days=1),
        )
