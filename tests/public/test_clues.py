"""The public's proposal-clue form: what is stored, what a person is told, and the protection
against floods (a per-address limit and a honeypot)."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from proposals.models import ProposalClue

pytestmark = pytest.mark.django_db

URL = "/clues/"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


def valid(committee, **changes):
    return {
        "committee": committee.pk,
        "title": "建议在农贸市场附近增设公交站",
        "content": "农贸市场周边老人多，最近的公交站步行需二十分钟。",
        "contact_name": "陈女士",
        "contact_phone": "0731-1234567",
        "contact_email": "",
        "website": "",
        **changes,
    }


def test_the_form_is_at_its_address_and_preselects_the_committee(client, committee):
    assert reverse("clues:submit") == URL

    page = client.get(URL, {"committee": committee.pk})

    html = page.content.decode()
    assert page.status_code == 200
    assert "提交提案线索" in html
    assert f'<option value="{committee.pk}" selected>' in html


def test_a_clue_is_stored_and_the_person_thanked(client, committee):
    response = client.post(URL, valid(committee), follow=True)

    assert response.redirect_chain == [(reverse("clues:thanks"), 302)]
    assert "我们已收到您的提案线索" in response.content.decode()
    clue = ProposalClue.objects.get()
    assert clue.committee == committee
    assert clue.title == "建议在农贸市场附近增设公交站"
    assert clue.contact_name == "陈女士" and clue.contact_phone == "0731-1234567"
    assert clue.channel == ProposalClue.Channel.ONLINE
    assert clue.status == ProposalClue.Status.NEW


def test_contact_details_are_optional(client, committee):
    data = valid(committee, contact_name="", contact_phone="", contact_email="")

    assert client.post(URL, data).status_code == 302
    assert ProposalClue.objects.get().contact_phone == ""


def test_bad_input_is_explained_next_to_each_field_and_nothing_is_saved(client, committee):
    data = valid(
        committee,
        title="   ",
        content="",
        contact_phone="请打我电话",
        contact_email="not-an-address",
    )

    page = client.post(URL, data)

    html = page.content.decode()
    assert page.status_code == 400
    assert 'id="id_title_error"><li>请为线索填写一个简短的标题。' in html
    assert 'id="id_content_error"><li>请描述遇到的问题和您的建议。' in html
    assert 'id="id_contact_phone_error"><li>请填写数字组成的电话号码' in html
    assert 'id="id_contact_email_error"><li>请填写有效的电子邮箱' in html
    assert 'value="陈女士"' in html  # what the person typed is kept
    assert ProposalClue.objects.count() == 0


def test_an_unknown_committee_is_refused(client, committee):
    page = client.post(URL, {**valid(committee), "committee": 99999})

    assert page.status_code == 400
    assert 'id="id_committee_error"><li>请选择接收线索的政协委员会。' in page.content.decode()
    assert ProposalClue.objects.count() == 0


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_stored(client, committee):
    response = client.post(URL, valid(committee, website="http://spam.example"))

    assert response.status_code == 302 and response.url == reverse("clues:thanks")
    assert ProposalClue.objects.count() == 0


def test_the_honeypot_is_out_of_sight_and_out_of_the_tab_order(client):
    html = client.get(URL).content.decode()

    honeypot = html.split('<div class="hp" aria-hidden="true">')[1].split("</div>")[0]
    assert 'name="website"' in honeypot and 'tabindex="-1"' in honeypot


@override_settings(PUBLIC_CLUE_RATE_LIMIT=2)
def test_an_address_over_the_limit_gets_the_429_page_and_nothing_is_stored(client, committee):
    for _ in range(3):  # reading the form does not count
        assert client.get(URL).status_code == 200
    assert client.post(URL, valid(committee)).status_code == 302
    assert client.post(URL, valid(committee, title="第二条")).status_code == 302

    refused = client.post(URL, valid(committee, title="第三条"))

    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "您所在网络的请求过于频繁，请稍等一分钟后再试。" in refused.content.decode()
    assert ProposalClue.objects.count() == 2
    # Another address is not held back by this one.
    other = client.post(URL, valid(committee, title="另一处"), REMOTE_ADDR="127.0.0.2")
    assert other.status_code == 302


@override_settings(PUBLIC_CLUE_RATE_LIMIT=1)
def test_robots_count_against_the_limit_too(client, committee):
    client.post(URL, valid(committee, website="http://spam.example"))

    assert client.post(URL, valid(committee)).status_code == 429
    assert ProposalClue.objects.count() == 0
