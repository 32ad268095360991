"""Liaison groups (联络组), their dated memberships and the approval of their leaders.

A member's group on any past day is recoverable from ``LiaisonGroupMembership`` (see
``liaison.selectors.group_on``): moving a member closes one period and opens another, so last
year's statistics keep last year's group. Besides the constraints declared here, overlapping
periods (one member in two groups, two leaders of one group) are refused by the database rules in
``liaison.db_rules``.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from cppcc.workflow import StateField

from .common import member_serves_on, not_serving_message

PENDING_APPROVAL_STATES = ("nominated", "discussed")


class LiaisonGroup(models.Model):
    class Kind(models.TextChoices):
        TOWNSHIP = "township", _("Township or sub-district")
        AGENCY = "agency", _("County agency")

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="liaison_groups",
    )
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    area_name = models.CharField(
        _("township or agency"),
        max_length=60,
        blank=True,
        help_text=_("The township, sub-district or county agency whose members the group gathers."),
    )
    description = models.TextField(_("description"), blank=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("liaison group")
        verbose_name_plural = _("liaison groups")
        ordering = ["committee", "display_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "name"],
                name="liaison_group_unique_name",
                violation_error_message=_(
                    "This committee already has a liaison group by that name."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def open(self) -> MembershipQuerySet:
        return self.filter(end_date__isnull=True)

    def on(self, day: datetime.date) -> MembershipQuerySet:
        """Memberships in force on ``day`` (both ends inclusive)."""
        return self.filter(Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day))

    def overlapping(self, start: datetime.date, end: datetime.date | None) -> MembershipQuerySet:
        condition = Q(end_date__isnull=True) | Q(end_date__gte=start)
        if end is not None:
            condition &= Q(start_date__lte=end)
        return self.filter(condition)


class LiaisonGroupMembership(models.Model):
    """A member's place in a liaison group from ``start_date`` to ``end_date`` (inclusive)."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Group leader")
        DEPUTY = "deputy", _("Deputy group leader")
        MEMBER = "member", _("Group member")

    group = models.ForeignKey(
        LiaisonGroup,
        verbose_name=_("liaison group"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="liaison_memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    approval = models.ForeignKey(
        "liaison.LeaderApproval",
        verbose_name=_("approval"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("The Standing Committee approval behind a leader's or deputy's role."),
    )

    objects = MembershipQuerySet.as_manager()

    committee_guards = (("group", "member"), ("group", "approval"))

    class Meta:
        verbose_name = _("liaison group membership")
        verbose_name_plural = _("liaison group memberships")
        ordering = ["group", "-start_date"]
        indexes = [models.Index(fields=["member", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="liaison_membership_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(end_date__isnull=True),
                name="liaison_membership_one_open_per_member",
                violation_error_message=_(
                    "This member is already in a liaison group; move them instead."
                ),
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(end_date__isnull=True, role="leader"),
                name="liaison_membership_one_open_leader",
                violation_error_message=_("This liaison group already has a leader."),
            ),
            models.CheckConstraint(
                condition=Q(role="member") | Q(approval__isnull=False),
                name="liaison_membership_role_approved",
                violation_error_message=_(
                    "A group leader or deputy needs the Standing Committee's approval on record."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.member} ({self.get_role_display()})"

    def clean(self) -> None:
        if getattr(self, "group", None) is None or getattr(self, "member", None) is None:
            return
        if self.group.committee_id != self.member.committee_id:
            raise ValidationError(
                {"member": _("The member belongs to another committee than the liaison group.")}
            )
        if self.start_date and not member_serves_on(self.member, self.start_date):
            raise ValidationError({"start_date": not_serving_message(self.member, self.start_date)})
        if self.role != self.Role.MEMBER and self.approval_id is not None:
            approval = self.approval
            if (
                approval.state != LeaderApproval.State.APPROVED
                or approval.group_id != self.group_id
                or approval.member_id != self.member_id
                or approval.role != self.role
            ):
                raise ValidationError(
                    {
                        "approval": _(
                            "This approval is for another member, group or role, "
                            "or has not been approved yet."
                        )
                    }
                )
        if self.end_date is not None and self.end_date < self.start_date:
            return  # the dates-in-order constraint reports this one
        others = LiaisonGroupMembership.objects.exclude(pk=self.pk).overlapping(
            self.start_date, self.end_date
        )
        clash = others.filter(member_id=self.member_id).select_related("group").first()
        if clash is not None:
            raise ValidationError(
                {
                    "start_date": _(
                        "%(member)s is already in liaison group %(group)s from %(start)s to %(end)s."
                    )
                    % {
                        "member": self.member,
                        "group": clash.group,
                        "start": clash.start_date,
                        "end": clash.end_date or _("now"),
                    }
                }
            )
        if self.role == self.Role.LEADER:
            clash = (
                others.filter(group_id=self.group_id, role=self.Role.LEADER)
                .select_related("member")
                .first()
            )
            if clash is not None:
                raise ValidationError(
                    {
                        "role": _(
                            "%(group)s already has a leader, %(member)s, from %(start)s to %(end)s."
                        )
                        % {
                            "group": self.group,
                            "member": clash.member,
                            "start": clash.start_date,
                            "end": clash.end_date or _("now"),
                        }
                    }
                )


class LeaderApproval(models.Model):
    """How a group leader or deputy was chosen: nominated by the party group, discussed at the
    Chairman's Meeting, approved by the Standing Committee with a document number."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Group leader")
        DEPUTY = "deputy", _("Deputy group leader")

    class State(models.TextChoices):
        NOMINATED = "nominated", _("Nominated by the party group")
        DISCUSSED = "discussed", _("Discussed at the Chairman's Meeting")
        APPROVED = "approved", _("Approved by the Standing Committee")
        REJECTED = "rejected", _("Not approved")

    # Denormalised from the group so a document number can be unique within a committee.
    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="liaison_leader_approvals",
    )
    group = models.ForeignKey(
        LiaisonGroup,
        verbose_name=_("liaison group"),
        on_delete=models.PROTECT,
        related_name="leader_approvals",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="liaison_leader_approvals",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.LEADER)
    nominated_on = models.DateField(_("nominated by the party group on"))
    chairmans_meeting_on = models.DateField(
        _("discussed at the Chairman's Meeting on"), null=True, blank=True
    )
    standing_committee_approved_on = models.DateField(
        _("approved by the Standing Committee on"), null=True, blank=True
    )
    document_number = models.CharField(
        _("document number"), max_length=60, blank=True, help_text=_("e.g. 县政协常〔2024〕3号")
    )
    state = StateField(_("state"), max_length=10, choices=State.choices, default=State.NOMINATED)
    rejection_reason = models.TextField(_("reason not approved"), blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    committee_guards = (("committee", "group"), ("committee", "member"))

    class Meta:
        verbose_name = _("leader approval")
        verbose_name_plural = _("leader approvals")
        ordering = ["-nominated_on", "group"]
        constraints = [
            models.CheckConstraint(
                condition=Q(chairmans_meeting_on__isnull=True)
                | Q(chairmans_meeting_on__gte=F("nominated_on")),
                name="leader_approval_meeting_after_nomination",
                violation_error_message=_(
                    "The Chairman's Meeting cannot come before the nomination."
                ),
            ),
            models.CheckConstraint(
                condition=Q(standing_committee_approved_on__isnull=True)
                | Q(standing_committee_approved_on__gte=F("chairmans_meeting_on")),
                name="leader_approval_approval_after_meeting",
                violation_error_message=_(
                    "The Standing Committee's approval cannot come before the Chairman's Meeting."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["discussed", "approved"])
                | Q(chairmans_meeting_on__isnull=False),
                name="leader_approval_discussed_has_meeting_date",
                violation_error_message=_("Give the date of the Chairman's Meeting."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(state="approved")
                    & Q(standing_committee_approved_on__isnull=False)
                    & ~Q(document_number="")
                )
                | (~Q(state="approved") & Q(standing_committee_approved_on__isnull=True)),
                name="leader_approval_approved_has_document",
                violation_error_message=_(
                    "An approval needs the Standing Committee's date and document number, "
                    "and only an approval has them."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(rejection_reason=""),
                name="leader_approval_rejection_has_reason",
                violation_error_message=_("Give the reason the nomination was not approved."),
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(role="leader", state__in=PENDING_APPROVAL_STATES),
                name="leader_approval_one_pending_leader",
                violation_error_message=_(
                    "A leader nomination for this group is already under way."
                ),
            ),
            models.UniqueConstraint(
                fields=["group", "member", "role"],
                condition=Q(state__in=PENDING_APPROVAL_STATES),
                name="leader_approval_one_pending_per_member",
                violation_error_message=_(
                    "This member's nomination for this role is already under way."
                ),
            ),
            # One Standing Committee decision often appoints several leaders at once, so a
            # document number repeats across people but names each person only once.
            models.UniqueConstraint(
                fields=["committee", "document_number", "member"],
                condition=~Q(document_number=""),
                name="leader_approval_unique_document_per_member",
                violation_error_message=_(
                    "This document number is already recorded for this member."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.member} ({self.get_role_display()})"

    def clean(self) -> None:
        if getattr(self, "group", None) is not None and getattr(self, "member", None) is not None:
            if self.group.committee_id != self.member.committee_id:
                raise ValidationError(
                    {"member": _("The member belongs to another committee than the liaison group.")}
                )
            if self.nominated_on and not member_serves_on(self.member, self.nominated_on):
                raise ValidationError(
                    {"nominated_on": not_serving_message(self.member, self.nominated_on)}
                )
            if self.committee_id is not None and self.committee_id != self.group.committee_id:
                raise ValidationError(
                    {"group": _("The liaison group belongs to another committee.")}
                )

    @transition(field=state, source=State.NOMINATED, target=State.DISCUSSED)
    def record_discussion(self, *, meeting_on: datetime.date) -> None:
        self.chairmans_meeting_on = meeting_on

    @transition(field=state, source=State.DISCUSSED, target=State.APPROVED)
    def approve(self, *, approved_on: datetime.date, document_number: str) -> None:
        self.standing_committee_approved_on = approved_on
        self.document_number = document_number

    @transition(field=state, source=[State.NOMINATED, State.DISCUSSED], target=State.REJECTED)
    def reject(self, *, reason: str) -> None:
        self.rejection_reason = reason
