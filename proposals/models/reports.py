"""Social-conditions and public-opinion reports (社情民意信息)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import transition
from simple_history.models import HistoricalRecords

from cppcc.workflow import StateField

from .base import StateMachineModel


class SocialReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ADOPTED = "adopted", _("Adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


R = SocialReportState


class SocialReport(StateMachineModel):
    State = SocialReportState

    illegal_transition_message = _("The report is “%(state)s”; it cannot be “%(action)s”.")

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="social_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    state = StateField(
        _("state"),
        max_length=12,
        choices=SocialReportState.choices,
        default=R.DRAFT,
        protected=True,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    adopted_issue = models.CharField(
        _("published in"), max_length=100, blank=True, help_text=_("e.g. 《社情民意》2024年第12期")
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    forwarded_on = models.DateField(_("forwarded to a higher level on"), null=True, blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=120, blank=True)
    higher_adopted_on = models.DateField(_("adopted by the higher level on"), null=True, blank=True)
    higher_adopted_by = models.CharField(_("adopted by"), max_length=120, blank=True)
    converted_from = models.OneToOneField(
        "proposals.Proposal",
        verbose_name=_("converted from proposal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="converted_report",
    )
    authors = models.ManyToManyField(
        "members.Member",
        verbose_name=pgettext_lazy("social report", "authors"),
        through="SocialReportAuthor",
        related_name="social_reports",
        blank=True,
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

    history = HistoricalRecords()

    committee_guards = (("committee", "converted_from"),)

    class Meta:
        verbose_name = _("social-conditions report")
        verbose_name_plural = _("social-conditions reports")
        ordering = ["-year", "-submitted_at", "-pk"]
        indexes = [models.Index(fields=["committee", "year", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=R.values),
                name="social_report_state_valid",
                violation_error_message=_("Unknown report state."),
            ),
            models.CheckConstraint(
                condition=(Q(state=R.DRAFT) & Q(submitted_at__isnull=True))
                | (~Q(state=R.DRAFT) & Q(submitted_at__isnull=False)),
                name="social_report_submitted_at_matches_state",
                violation_error_message=_("A submitted report needs its submission time."),
            ),
            models.CheckConstraint(
                condition=(Q(state=R.ADOPTED) & Q(adopted_at__isnull=False))
                | (~Q(state=R.ADOPTED) & Q(adopted_at__isnull=True) & Q(adopted_issue="")),
                name="social_report_adopted_at_matches_state",
                violation_error_message=_("An adopted report needs its adoption time."),
            ),
            models.CheckConstraint(
                condition=Q(adopted_at__isnull=True) | Q(adopted_at__gte=F("submitted_at")),
                name="social_report_times_in_order",
                violation_error_message=_("A report is adopted after it is submitted."),
            ),
            models.CheckConstraint(
                condition=(Q(forwarded_on__isnull=True) & Q(forwarded_to=""))
                | (Q(forwarded_on__isnull=False) & ~Q(forwarded_to="") & Q(state=R.ADOPTED)),
                name="social_report_forwarded_when_adopted",
                violation_error_message=_(
                    "Only an adopted report is forwarded, with the date and the recipient."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(higher_adopted_on__isnull=True) & Q(higher_adopted_by=""))
                | (
                    Q(higher_adopted_on__isnull=False)
                    & Q(forwarded_on__isnull=False)
                    & Q(higher_adopted_on__gte=F("forwarded_on"))
                ),
                name="social_report_higher_adoption_after_forwarding",
                violation_error_message=_(
                    "A higher level adopts a report only after it was forwarded there."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (
            self.converted_from_id
            and self.committee_id
            and self.converted_from.committee_id != self.committee_id
        ):
            raise ValidationError({"converted_from": _("This belongs to another committee.")})

    @transition(field=state, source=R.DRAFT, target=R.SUBMITTED, custom={"label": _("submit")})
    def submit(self, *, at) -> None:
        self.submitted_at = at

    @transition(
        field=state, source=R.SUBMITTED, target=R.DRAFT, custom={"label": _("return for revision")}
    )
    def return_for_revision(self, *, note: str) -> None:
        self.review_note = note
        self.submitted_at = None

    @transition(field=state, source=R.SUBMITTED, target=R.ADOPTED, custom={"label": _("adopt")})
    def adopt(self, *, at, issue: str, by) -> None:
        self.adopted_at = at
        self.adopted_issue = issue
        self.reviewed_by = by

    @transition(
        field=state, source=R.SUBMITTED, target=R.NOT_ADOPTED, custom={"label": _("not adopt")}
    )
    def reject(self, *, note: str, by) -> None:
        self.review_note = note
        self.reviewed_by = by


class SocialReportAuthor(models.Model):
    report = models.ForeignKey(
        SocialReport,
        verbose_name=pgettext_lazy("social report", "report"),
        on_delete=models.CASCADE,
        related_name="authorships",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="social_report_authorships",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    committee_guards = (("report", "member"),)

    class Meta:
        verbose_name = _("report author")
        verbose_name_plural = _("report authors")
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "member"],
                name="social_report_author_unique",
                violation_error_message=pgettext_lazy(
                    "social report", "This member is already an author of the report."
                ),
            ),
            models.UniqueConstraint(
                fields=["report", "order"],
                name="social_report_author_unique_order",
                violation_error_message=_("Another author already has this place."),
            ),
            models.CheckConstraint(
                condition=Q(order__gte=1),
                name="social_report_author_order_positive",
                violation_error_message=_("Author places start at 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.member}"

    def clean(self) -> None:
        if (
            self.report_id
            and self.member_id
            and self.member.committee_id != self.report.committee_id
        ):
            raise ValidationError({"member": _("The member belongs to another committee.")})


class SocialReportInstruction(models.Model):
    """A leader's written instruction (批示) on a report; a report may receive several."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        MUNICIPAL = "municipal", _("Municipal")
        COUNTY = "county", _("County")

    report = models.ForeignKey(
        SocialReport,
        verbose_name=pgettext_lazy("social report", "report"),
        on_delete=models.PROTECT,
        related_name="instructions",
    )
    leader = models.CharField(_("leader"), max_length=100, help_text=_("Name and title."))
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    instructed_on = models.DateField(_("instructed on"))
    content = models.TextField(_("instruction"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("leader's instruction")
        verbose_name_plural = _("leaders' instructions")
        ordering = ["report", "instructed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["national", "provincial", "municipal", "county"]),
                name="social_report_instruction_level_valid",
                violation_error_message=_("Unknown level."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leader} {self.instructed_on}"
