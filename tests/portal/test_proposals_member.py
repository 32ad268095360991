"""A member's proposals in the browser: the list, drafting, co-signing, the proposal page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from proposals.models import Proposal, ProposalCoSigner, ProposalState, SubmitterKind
from tests.factories.core import UserFactory
from tests.factories.proposals import (
    ProposalCoSignerFactory,
    ProposalFactory,
    member_of,
    proposal_in_state,
)

pytestmark = pytest.mark.django_db

MINE = reverse("proposals:mine")
CREATE = reverse("proposals:create")


@pytest.fixture
def me(committee):
    user = UserFactory(committee=committee)
    member_of(committee, user=user, name="张委员")
    return user


@pytest.fixture
def colleague(committee):
    user = UserFactory(committee=committee)
    member_of(committee, user=user, name="李同事")
    return user


@pytest.fixture
def my_client(client, me):
    client.force_login(me)
    return client


def _detail(proposal):
    return reverse("proposals:detail", kwargs={"pk": proposal.pk})


def _joint_draft(me, **kwargs):
    return ProposalFactory(
        committee=me.member.committee,
        first_proposer=me.member,
        submitter_kind=SubmitterKind.JOINT,
        **kwargs,
    )


def test_it_lists_my_proposals_and_invitations_with_their_states_and_no_one_elses(
    my_client, me, committee
):
    ProposalFactory(committee=committee, first_proposer=me.member, title="我的草稿")
    proposal_in_state(
        ProposalState.REGISTERED,
        committee=committee,
        first_proposer=me.member,
        title="我的已立案提案",
    )
    ProposalCoSignerFactory(
        proposal__committee=committee, proposal__title="邀我附议的提案", member=me.member
    )
    ProposalFactory(committee=committee, title="别人的提案")

    html = my_client.get(MINE).content.decode()

    assert "我的草稿" in html and "我的已立案提案" in html and "邀我附议的提案" in html
    assert "别人的提案" not in html
    assert "草稿" in html and "已立案" in html and "等待您答复" in html


def test_the_list_costs_the_same_queries_with_two_or_ten_proposals(
    client, committee, django_assert_max_num_queries
):
    def member_with(n):
        user = UserFactory(committee=committee)
        member = member_of(committee, user=user)
        for i in range(n):
            ProposalFactory(committee=committee, first_proposer=member, title=f"提案{i}")
            ProposalCoSignerFactory(
                proposal__committee=committee, member=member, proposal__title=f"附议{i}"
            )
        return user

    client.force_login(member_with(1))
    with django_assert_max_num_queries(20) as few:
        assert client.get(MINE).status_code == 200
    client.force_login(member_with(5))
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        html = client.get(MINE).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "提案4" in html and "附议4" in html


def test_a_member_drafts_a_proposal_and_sees_it(my_client, me):
    response = my_client.post(
        CREATE,
        {
            "title": "关于加快乡村公路建设的建议",
            "category": "economic",
            "submitter_kind": "member",
            "session": "十二届三次会议",
            "body": "建议加大投入。",
        },
    )
    proposal = Proposal.objects.get(title="关于加快乡村公路建设的建议")
    assert response.status_code == 302 and response.url == _detail(proposal)
    assert proposal.first_proposer == me.member and proposal.state == ProposalState.DRAFT
    html = my_client.get(response.url).content.decode()
    assert "关于加快乡村公路建设的建议" in html and "草稿已保存" in html


def test_a_draft_without_title_shows_the_error_next_to_the_field_and_saves_nothing(my_client):
    response = my_client.post(
        CREATE, {"title": "", "category": "economic", "submitter_kind": "member", "body": "正文"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_title_error"' in html and "该字段是必填项。" in html
    assert "正文" in html  # what was typed is kept
    assert not Proposal.objects.exists()


def test_the_proposer_edits_the_draft(my_client, me):
    proposal = ProposalFactory(committee=me.member.committee, first_proposer=me.member)
    url = reverse("proposals:edit", kwargs={"pk": proposal.pk})
    assert my_client.get(url).status_code == 200
    response = my_client.post(
        url,
        {
            "title": "修改后的标题",
            "category": proposal.category,
            "submitter_kind": "member",
            "session": "",
            "body": proposal.body,
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "修改后的标题" and proposal.session == ""


def test_a_submitted_proposal_is_no_longer_editable(my_client, me):
    proposal = proposal_in_state(
        ProposalState.SUBMITTED, committee=me.member.committee, first_proposer=me.member
    )
    url = reverse("proposals:edit", kwargs={"pk": proposal.pk})
    response = my_client.post(url, {"title": "改", "category": "other", "body": "x"}, follow=True)
    assert "只有草稿可以修改。" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title != "改"


def test_a_co_signer_cannot_edit_and_others_do_not_see_the_proposal(
    client, me, colleague, committee
):
    proposal = _joint_draft(me)
    ProposalCoSignerFactory(proposal=proposal, member=colleague.member)
    client.force_login(colleague)
    assert client.get(_detail(proposal)).status_code == 200
    assert client.get(reverse("proposals:edit", kwargs={"pk": proposal.pk})).status_code == 404
    outsider = UserFactory(committee=committee)
    member_of(committee, user=outsider)
    client.force_login(outsider)
    assert client.get(_detail(proposal)).status_code == 404


def test_the_proposer_submits_the_draft(my_client, me):
    proposal = ProposalFactory(committee=me.member.committee, first_proposer=me.member)
    response = my_client.post(reverse("proposals:submit", kwargs={"pk": proposal.pk}), follow=True)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    assert "提案已提交政协。" in response.content.decode()


def test_a_joint_proposal_waits_for_its_co_signers_before_it_is_submitted(my_client, me):
    proposal = _joint_draft(me)
    ProposalCoSignerFactory(proposal=proposal, member=member_of(me.member.committee, name="王未答"))
    response = my_client.post(reverse("proposals:submit", kwargs={"pk": proposal.pk}), follow=True)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DRAFT
    assert "王未答" in response.content.decode()


def test_the_proposer_finds_a_colleague_by_name_and_invites_them(
    my_client, me, colleague, other_committee
):
    proposal = _joint_draft(me)
    member_of(other_committee, name="李外人")

    partial = my_client.get(_detail(proposal), {"q": "李"}, HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert html.lstrip().startswith('<div id="cosigner-candidates">')
    assert "李同事" in html and "李外人" not in html and "张委员" not in html

    page = my_client.get(_detail(proposal), {"q": "李"}).content.decode()
    assert "<html" in page and "邀请李同事附议" in page  # works without JavaScript too

    response = my_client.post(
        reverse("proposals:invite", kwargs={"pk": proposal.pk}),
        {"member": colleague.member.pk},
        follow=True,
    )
    assert "已邀请李同事附议。" in response.content.decode()
    assert proposal.cosigners.get().member == colleague.member


def test_a_member_of_another_committee_cannot_be_invited(my_client, me, other_committee):
    proposal = _joint_draft(me)
    stranger = member_of(other_committee)
    response = my_client.post(
        reverse("proposals:invite", kwargs={"pk": proposal.pk}),
        {"member": stranger.pk},
        follow=True,
    )
    assert "请选择本委员会的委员进行邀请。" in response.content.decode()
    assert not proposal.cosigners.exists()


def test_a_proposal_by_one_member_offers_no_invitation(my_client, me):
    proposal = ProposalFactory(committee=me.member.committee, first_proposer=me.member)
    html = my_client.get(_detail(proposal)).content.decode()
    assert "cosigner-q" not in html


def test_the_proposer_removes_a_co_signer_from_the_draft(my_client, me, colleague):
    proposal = _joint_draft(me)
    cosigner = ProposalCoSignerFactory(proposal=proposal, member=colleague.member)
    my_client.post(
        reverse("proposals:cosigner_remove", kwargs={"pk": proposal.pk, "cosigner_pk": cosigner.pk})
    )
    assert not proposal.cosigners.exists()


def test_an_invited_member_confirms_from_the_home_page(client, me, colleague):
    proposal = _joint_draft(me, title="联名提案甲")
    cosigner = ProposalCoSignerFactory(proposal=proposal, member=colleague.member)
    client.force_login(colleague)
    home = client.get(reverse("portal:home")).content.decode()
    respond = reverse("proposals:cosign_respond", kwargs={"cosigner_pk": cosigner.pk})
    assert respond in home and "确认附议" in home

    response = client.post(respond, {"accept": "1", "next": reverse("portal:home")})
    assert response.status_code == 302 and response.url == reverse("portal:home")
    cosigner.refresh_from_db()
    assert cosigner.status == ProposalCoSigner.Status.CONFIRMED
    home = client.get(reverse("portal:home")).content.decode()
    assert "您已附议“联名提案甲”。" in home


def test_an_invited_member_declines_from_the_proposal_page(client, me, colleague):
    proposal = _joint_draft(me)
    cosigner = ProposalCoSignerFactory(proposal=proposal, member=colleague.member)
    client.force_login(colleague)
    assert "谢绝" in client.get(_detail(proposal)).content.decode()
    response = client.post(
        reverse("proposals:cosign_respond", kwargs={"cosigner_pk": cosigner.pk}),
        {"accept": "0", "next": "https://elsewhere.example/"},
    )
    assert response.url == _detail(proposal)  # never sent off-site
    cosigner.refresh_from_db()
    assert cosigner.status == ProposalCoSigner.Status.DECLINED


def test_no_one_answers_another_members_invitation(my_client, me, colleague):
    cosigner = ProposalCoSignerFactory(proposal=_joint_draft(me), member=colleague.member)
    response = my_client.post(
        reverse("proposals:cosign_respond", kwargs={"cosigner_pk": cosigner.pk}), {"accept": "1"}
    )
    assert response.status_code == 404
    cosigner.refresh_from_db()
    assert cosigner.status == ProposalCoSigner.Status.INVITED


def test_the_proposal_page_shows_the_text_and_how_it_went(my_client, me):
    proposal = proposal_in_state(
        ProposalState.REGISTERED,
        committee=me.member.committee,
        first_proposer=me.member,
        body="具体建议如下",
    )
    html = my_client.get(_detail(proposal)).content.decode()
    assert "具体建议如下" in html and proposal.serial_label in html
    history = html.split('class="state-history"')[1]
    assert history.index("草稿") < history.index("已提交") < history.index("已立案")
