"""Proposal clues (提案线索) that the public hands to the committee or to a member."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import transition

from cppcc.workflow import StateField

from .base import StateMachineModel


class ClueStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("proposal clue", "New")
    UNDER_REVIEW = "under_review", _("Under review")
    REFERRED = "referred", _("Referred to a member")
    ADOPTED = "adopted", _("Adopted into a proposal")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


C = ClueStatus


class ProposalClue(StateMachineModel):
    Status = ClueStatus

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        CONTACT_POINT = "contact_point", _("At a contact point")
        ON_DUTY = "on_duty", _("To the member on duty")
        LETTER = "letter", _("By letter")
        OTHER = "other", _("Other")

    illegal_transition_message = _("The proposal clue is “%(state)s”; it cannot be “%(action)s”.")

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="proposal_clues",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.ONLINE
    )
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(pgettext_lazy("proposal clue", "content"))
    contact_name = models.CharField(_("contact name"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    status = StateField(
        _("status"), max_length=14, choices=ClueStatus.choices, default=C.NEW, protected=True
    )
    triage_note = models.TextField(_("triage note"), blank=True)
    referred_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("referred to member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_clues",
    )
    resulting_proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("resulting proposal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="source_clues",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    committee_guards = (("committee", "referred_member"), ("committee", "resulting_proposal"))

    class Meta:
        verbose_name = _("proposal clue")
        verbose_name_plural = _("proposal clues")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["committee", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=C.values),
                name="proposal_clue_status_valid",
                violation_error_message=_("Unknown clue status."),
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["online", "contact_point", "on_duty", "letter", "other"]),
                name="proposal_clue_channel_valid",
                violation_error_message=_("Unknown channel."),
            ),
            models.CheckConstraint(
                condition=(Q(status=C.NEW) & Q(handled_at__isnull=True))
                | (~Q(status=C.NEW) & Q(handled_at__isnull=False)),
                name="proposal_clue_handled_at_matches_status",
                violation_error_message=_("A clue someone has handled records when."),
            ),
            models.CheckConstraint(
                condition=~Q(status=C.REFERRED) | Q(referred_member__isnull=False),
                name="proposal_clue_referred_has_member",
                violation_error_message=_("A referred clue names the member it went to."),
            ),
            models.CheckConstraint(
                condition=(Q(status=C.ADOPTED) & Q(resulting_proposal__isnull=False))
                | (~Q(status=C.ADOPTED) & Q(resulting_proposal__isnull=True)),
                name="proposal_clue_adopted_has_proposal",
                violation_error_message=_("An adopted clue names the proposal it became."),
            ),
            models.CheckConstraint(
                condition=~Q(status=C.NOT_ADOPTED) | ~Q(triage_note=""),
                name="proposal_clue_not_adopted_has_note",
                violation_error_message=_("Say why the clue was not adopted."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        for field in ("referred_member", "resulting_proposal"):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if (
                related is not None
                and self.committee_id
                and related.committee_id != self.committee_id
            ):
                errors[field] = _("This belongs to another committee.")
        if errors:
            raise ValidationError(errors)

    @transition(
        field=status, source=C.NEW, target=C.UNDER_REVIEW, custom={"label": _("start review")}
    )
    def start_review(self, *, at, by) -> None:
        self.handled_at = at
        self.handled_by = by

    @transition(
        field=status,
        source=[C.NEW, C.UNDER_REVIEW],
        target=C.REFERRED,
        custom={"label": _("refer to a member")},
    )
    def refer(self, *, member, note: str, at, by) -> None:
        self.referred_member = member
        self.triage_note = note
        self.handled_at = at
        self.handled_by = by

    @transition(
        field=status,
        source=[C.UNDER_REVIEW, C.REFERRED],
        target=C.ADOPTED,
        custom={"label": _("adopt")},
    )
    def adopt(self, *, proposal, at, by) -> None:
        self.resulting_proposal = proposal
        self.handled_at = at
        self.handled_by = by

    @transition(
        field=status,
        source=[C.NEW, C.UNDER_REVIEW, C.REFERRED],
        target=C.NOT_ADOPTED,
        custom={"label": _("not adopt")},
    )
    def decline(self, *, note: str, at, by) -> None:
        self.triage_note = note
        self.handled_at = at
        self.handled_by = by
