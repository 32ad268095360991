"""Bulletins (工作简报、学习内容、提案线索选编) that staff publish to their committee's members,
and the read receipts that tell staff who has opened each one.

A bulletin is one document read by many members, not a message per recipient: it has its own
page, stays there after it is read, and staff want to know who has *not* read it. That is why
it is an app of its own rather than a kind of ``notifications.Notification`` (one row per
recipient, reason and period, deduplicated for reminders).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class BulletinKind(models.TextChoices):
    WORK_BRIEF = "work_brief", _("Work brief")
    LEARNING = "learning", _("Key learning content")
    PROPOSAL_CLUES = "proposal_clues", _("Selected proposal clues")


class Bulletin(models.Model):
    Kind = BulletinKind

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="bulletins",
    )
    kind = models.CharField(
        pgettext_lazy("bulletin", "kind"), max_length=16, choices=BulletinKind.choices
    )
    title = models.CharField(pgettext_lazy("bulletin", "title"), max_length=200)
    body = models.TextField(pgettext_lazy("bulletin", "text"))
    sector = models.ForeignKey(
        "sectors.Sector",
        verbose_name=_("only for the sector"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bulletins",
        help_text=_("Leave empty to publish to every member of the committee."),
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Empty while it is a draft; members see it from this moment on."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    committee_guards = (("committee", "sector"),)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["committee", "-published_at"], name="bulletin_feed")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="bulletin_title_not_blank",
                violation_error_message=_("Enter the bulletin's title."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["work_brief", "learning", "proposal_clues"]),
                name="bulletin_kind_valid",
                violation_error_message=_("Unknown kind of bulletin."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.sector_id and self.committee_id and self.sector.committee_id != self.committee_id:
            raise ValidationError({"sector": _("The sector belongs to another committee.")})


class BulletinRead(models.Model):
    """A member opened a bulletin (the first time; opening it again changes nothing)."""

    bulletin = models.ForeignKey(
        Bulletin, verbose_name=_("bulletin"), on_delete=models.CASCADE, related_name="reads"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="bulletin_reads",
    )
    read_at = models.DateTimeField(_("first read at"), default=timezone.now)

    committee_guards = (("bulletin", "member"),)

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        ordering = ["bulletin", "read_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "member"],
                name="bulletin_read_once_per_member",
                violation_error_message=_("This member has already read this bulletin."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bulletin} · {self.member}"
