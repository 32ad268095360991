"""Who signed a proposal with the proposer, who handles it, their replies and later follow-ups."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .proposal_choices import AnswerCategory


class ProposalCoSigner(models.Model):
    """A member invited to sign a proposal jointly (联名); only confirmed ones count."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="cosigners",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="proposal_cosignatures",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    # Set by the one notification run that claims the invitation, so a retried or duplicated
    # task never emails the same invitation twice.
    notified_at = models.DateTimeField(_("invitation sent at"), null=True, blank=True)

    committee_guards = (("proposal", "member"),)

    class Meta:
        verbose_name = _("co-signer")
        verbose_name_plural = _("co-signers")
        ordering = ["proposal", "invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "member"],
                name="proposal_cosigner_unique",
                violation_error_message=_("This member is already a co-signer of the proposal."),
            ),
            models.CheckConstraint(
                condition=(Q(status="invited") & Q(responded_at__isnull=True))
                | (Q(status__in=["confirmed", "declined"]) & Q(responded_at__isnull=False)),
                name="proposal_cosigner_response_matches_status",
                violation_error_message=_(
                    "A co-signer who confirmed or declined has a response time; an invited one has not."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.get_status_display()})"

    def clean(self) -> None:
        if not (self.proposal_id and self.member_id):
            return
        if self.member.committee_id != self.proposal.committee_id:
            raise ValidationError({"member": _("The member belongs to another committee.")})
        if self.member_id == self.proposal.first_proposer_id:
            raise ValidationError({"member": _("The first proposer cannot also be a co-signer.")})


class ProposalAssignment(models.Model):
    """A handling unit's part in one handling round of a proposal, and its reply.

    The reply lives on the assignment because each unit answers once per round; keeping them in
    one row lets the database check that a lead unit's reply carries its A/B/C/D category.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead unit")
        CO = "co", _("Co-handling unit")

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    unit = models.ForeignKey(
        "proposals.HandlingUnit",
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(
        pgettext_lazy("handling unit", "role"), max_length=4, choices=Role.choices
    )
    round = models.PositiveSmallIntegerField(_("handling round"), default=1)
    assigned_on = models.DateField(_("assigned on"))
    deadline = models.DateField(_("reply deadline"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    reply_category = models.CharField(
        _("answer category"),
        max_length=1,
        choices=AnswerCategory.choices,
        blank=True,
        help_text=_("Required in the lead unit's reply."),
    )
    reply_body = models.TextField(_("reply"), blank=True)
    reply_signer = models.CharField(
        _("signed by"), max_length=60, blank=True, help_text=_("The unit leader who signed it.")
    )
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reply entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    committee_guards = (("proposal", "unit"),)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["proposal", "round", "role", "pk"]
        indexes = [models.Index(fields=["deadline", "replied_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "round", "unit"],
                name="proposal_assignment_unique_unit",
                violation_error_message=_("This unit is already assigned in this round."),
            ),
            models.UniqueConstraint(
                fields=["proposal", "round"],
                condition=Q(role="lead"),
                name="proposal_assignment_one_lead",
                violation_error_message=_("A proposal has only one lead unit per round."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["lead", "co"]),
                name="proposal_assignment_role_valid",
                violation_error_message=pgettext_lazy("handling unit", "Unknown role."),
            ),
            models.CheckConstraint(
                condition=Q(round__gte=1),
                name="proposal_assignment_round_positive",
                violation_error_message=_("Handling rounds start at 1."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=F("assigned_on")),
                name="proposal_assignment_deadline_after_assignment",
                violation_error_message=_("The deadline must be after the assignment date."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(replied_on__isnull=True)
                    & Q(reply_body="")
                    & Q(reply_category="")
                    & Q(reply_signer="")
                )
                | (
                    Q(replied_on__isnull=False)
                    & ~Q(reply_body="")
                    & Q(replied_on__gte=F("assigned_on"))
                ),
                name="proposal_assignment_reply_complete",
                violation_error_message=_(
                    "A reply needs its text and a date on or after the assignment."
                ),
            ),
            models.CheckConstraint(
                condition=Q(reply_category="") | Q(reply_category__in=AnswerCategory.values),
                name="proposal_assignment_reply_category_valid",
                violation_error_message=_("Unknown answer category."),
            ),
            models.CheckConstraint(
                condition=~Q(role="lead") | Q(replied_on__isnull=True) | ~Q(reply_category=""),
                name="proposal_assignment_lead_reply_has_category",
                violation_error_message=_("The lead unit's reply needs an answer category."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_role_display()}"

    @property
    def has_replied(self) -> bool:
        return self.replied_on is not None

    def clean(self) -> None:
        if (
            self.proposal_id
            and self.unit_id
            and self.unit.committee_id != self.proposal.committee_id
        ):
            raise ValidationError({"unit": _("The handling unit belongs to another committee.")})


class ProposalFollowUp(models.Model):
    """A later visit to a proposal: a look-back (回头看) on a category-B answer or supervision."""

    class Kind(models.TextChoices):
        LOOK_BACK = "look_back", _("Look-back")
        SUPERVISION = "supervision", _("Supervision of a key proposal")
        OTHER = "other", _("Other follow-up")

    class Progress(models.TextChoices):
        RESOLVED = "resolved", _("Now resolved")
        IN_PROGRESS = "in_progress", _("Still in progress")
        STALLED = "stalled", _("No progress")

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    followed_on = models.DateField(_("date"))
    summary = models.TextField(pgettext_lazy("proposal follow-up", "findings"))
    progress = models.CharField(
        _("progress"),
        max_length=12,
        choices=Progress.choices,
        blank=True,
        help_text=_("Required for a look-back."),
    )
    participants = models.CharField(_("participants"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["proposal", "followed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["look_back", "supervision", "other"]),
                name="proposal_follow_up_kind_valid",
                violation_error_message=_("Unknown kind of follow-up."),
            ),
            models.CheckConstraint(
                condition=Q(progress="") | Q(progress__in=["resolved", "in_progress", "stalled"]),
                name="proposal_follow_up_progress_valid",
                violation_error_message=_("Unknown progress."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="look_back") | ~Q(progress=""),
                name="proposal_follow_up_look_back_has_progress",
                violation_error_message=_(
                    "A look-back must say how far the matter has progressed."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.followed_on}"
