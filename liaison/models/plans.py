"""A liaison group's annual work plan (filed at the start of the year) and year-end report."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import transition

from cppcc.workflow import StateField

from .groups import LiaisonGroup

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class DocumentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class AnnualGroupDocument(models.Model):
    """What a work plan and a year-end report share: one per group and year, drafted, then
    submitted; staff may reopen a submitted one for correction."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    state = StateField(
        _("state"), max_length=10, choices=DocumentState.choices, default=DocumentState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-year", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "year"],
                name="%(app_label)s_%(class)s_one_per_group_and_year",
                violation_error_message=_("This liaison group already has one for that year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="%(app_label)s_%(class)s_year_in_range",
                violation_error_message=_("Give a year between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=(Q(state="submitted") & Q(submitted_at__isnull=False))
                | (Q(state="draft") & Q(submitted_at__isnull=True)),
                name="%(app_label)s_%(class)s_submitted_has_time",
                violation_error_message=_("Only a submitted document has a submission time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.state == DocumentState.DRAFT

    def _mark_submitted(self, by) -> None:
        self.submitted_at = timezone.now()
        self.submitted_by = by

    def _mark_reopened(self) -> None:
        self.submitted_at = None
        self.submitted_by = None


# Transitions are declared on each concrete class: django-fsm binds a transition to a single
# field object, which an abstract base would share between both models.


class WorkPlan(AnnualGroupDocument):
    group = models.ForeignKey(
        LiaisonGroup,
        verbose_name=_("liaison group"),
        on_delete=models.PROTECT,
        related_name="work_plans",
    )
    tasks = models.TextField(_("tasks"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    learning_content = models.TextField(_("learning content"), blank=True)
    activity_methods = models.TextField(_("activity methods"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)

    class Meta(AnnualGroupDocument.Meta):
        verbose_name = _("annual work plan")
        verbose_name_plural = _("annual work plans")

    @transition(field="state", source=DocumentState.DRAFT, target=DocumentState.SUBMITTED)
    def submit(self, *, by) -> None:
        self._mark_submitted(by)

    @transition(field="state", source=DocumentState.SUBMITTED, target=DocumentState.DRAFT)
    def reopen(self) -> None:
        self._mark_reopened()


class YearEndReport(AnnualGroupDocument):
    group = models.ForeignKey(
        LiaisonGroup,
        verbose_name=_("liaison group"),
        on_delete=models.PROTECT,
        related_name="year_end_reports",
    )
    body = models.TextField(pgettext_lazy("year-end report", "report"), blank=True)
    highlights = models.TextField(_("highlights"), blank=True)

    class Meta(AnnualGroupDocument.Meta):
        verbose_name = _("year-end report")
        verbose_name_plural = _("year-end reports")

    @transition(field="state", source=DocumentState.DRAFT, target=DocumentState.SUBMITTED)
    def submit(self, *, by) -> None:
        self._mark_submitted(by)

    @transition(field="state", source=DocumentState.SUBMITTED, target=DocumentState.DRAFT)
    def reopen(self) -> None:
        self._mark_reopened()
