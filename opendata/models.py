"""A member's private calendar feed: the link carries a secret token, stored only as its hash."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    """One feed per member. Regenerating the link replaces the hash: the old link stops working."""

    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    #: SHA-256 of the token in the link (hex); the token itself is shown once and never stored.
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.member)
