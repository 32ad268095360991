"""Committees (政协委员会), their terms (届) and special committees (专门委员会).

Every other record in the product belongs to exactly one committee; see ``committees.access`` for
who may read and change what, and ``committees.guards`` for the database triggers that stop a row
from pointing at another committee's records.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .numerals import ordinal_for_language


class Committee(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        MUNICIPAL = "municipal", _("Municipal")
        COUNTY = "county", _("County")

    # Higher rank = closer to the national committee; a child must sit strictly below its parent.
    RANK = {Level.NATIONAL: 4, Level.PROVINCIAL: 3, Level.MUNICIPAL: 2, Level.COUNTY: 1}

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    region = models.CharField(_("region"), max_length=100, help_text=_("e.g. 上海市闵行区"))
    region_code = models.CharField(_("administrative division code"), max_length=12, blank=True)
    # Materialised path of ancestor ids ("/1/4/9/"), so "this committee and all below it" is one
    # indexed prefix query. Maintained by save(); never edited by hand.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="committee_name_not_blank",
                violation_error_message=_("Enter the committee's name."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="committee_not_own_parent",
                violation_error_message=_("A committee cannot sit below itself."),
            ),
            models.CheckConstraint(
                condition=~Q(level="national") | Q(parent__isnull=True),
                name="committee_national_has_no_parent",
                violation_error_message=_("The national committee has no parent."),
            ),
            models.CheckConstraint(
                condition=Q(level__in=["national", "provincial", "municipal", "county"]),
                name="committee_level_valid",
                violation_error_message=_("Unknown committee level."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.pk and (self.parent_id == self.pk or self.parent.path.startswith(self.path)):
            raise ValidationError({"parent": _("A committee cannot sit below itself.")})
        if self.RANK[self.parent.level] <= self.RANK[self.level]:
            raise ValidationError({"parent": _("The parent committee must be of a higher level.")})

    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs = {}
        self.path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Re-root descendants in one statement when a committee is moved.
            Committee.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
            )

    def subtree(self) -> models.QuerySet["Committee"]:
        """This committee and every committee below it."""
        return Committee.objects.filter(path__startswith=self.path)


class Term(models.Model):
    """A committee's term (届), usually five years."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("term number"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["committee", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number"],
                name="term_unique_number",
                violation_error_message=_("This committee already has a term with this number."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="term_dates_in_order",
                violation_error_message=_("The term must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="term_number_positive",
                violation_error_message=_("The term number starts at 1."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(committee)s, term %(number)s") % {
            "committee": self.committee,
            "number": ordinal_for_language(self.number),
        }

    def contains(self, day) -> bool:
        return self.start_date <= day <= self.end_date


class SpecialCommittee(models.Model):
    """A special committee (专门委员会) of a committee: proposals, economy, social and legal …"""

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="special_committees",
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("special committee")
        verbose_name_plural = _("special committees")
        ordering = ["committee", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="special_committee_name_not_blank",
                violation_error_message=_("Enter the special committee's name."),
            ),
            models.UniqueConstraint(
                fields=["committee", "name"],
                name="special_committee_unique_name",
                violation_error_message=_(
                    "This committee already has a special committee with this name."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FormSubmission(models.Model):
    """One sending of a form that creates a record, claimed by the token the page carried.

    A form sent twice (a double tap, a resend after a slow answer) carries the same token: the
    unique constraint lets one sending create its record and shows the other that record
    (``committees.submissions``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    token = models.UUIDField(_("form token"))
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of record"),
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("record id"), null=True)
    record = GenericForeignKey("content_type", "object_id")
    #: An API create sent with an ``Idempotency-Key``: a digest of what was sent, and the answer
    #: given, repeated to a client that sends the same request again.
    request_digest = models.CharField(_("request digest"), max_length=64, blank=True)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True)
    response_body = models.JSONField(_("response body"), null=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "token"],
                name="form_submission_unique_token",
                violation_error_message=_("This form has already been sent."),
            ),
            models.CheckConstraint(
                condition=Q(content_type__isnull=True, object_id__isnull=True)
                | Q(content_type__isnull=False, object_id__isnull=False),
                name="form_submission_record_whole",
                violation_error_message=_(
                    "A form submission names both kind and id of its record."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.token)
