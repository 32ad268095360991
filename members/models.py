"""Members (委员) and the dated facts about them that statistics must be able to replay.

``Member.sector`` is the member's *current* sector, kept for fast filtering; the history lives in
``SectorMembership`` so that a duty done last year is attributed to the sector the member was in
then (see ``members.selectors.sector_on``). Liaison-group history lives in ``liaison``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from committees.voiding import Voidable, void_constraint


class Party(models.TextChoices):
    CPC = "cpc", _("Communist Party of China")
    RCCK = "rcck", _("Revolutionary Committee of the Chinese Kuomintang")
    CDL = "cdl", _("China Democratic League")
    CNDCA = "cndca", _("China National Democratic Construction Association")
    CAPD = "capd", _("China Association for Promoting Democracy")
    CPWDP = "cpwdp", _("Chinese Peasants' and Workers' Democratic Party")
    CZGP = "czgp", _("China Zhi Gong Party")
    JIUSAN = "jiusan", _("Jiusan Society")
    TDSGL = "tdsgl", _("Taiwan Democratic Self-Government League")
    NON_PARTY = "non_party", _("Non-party")


def check_within_membership(member: "Member", start_date, end_date) -> None:
    """A role or period held by a member must fall inside their time on the committee.

    The leaving date is read as saved: on the form that records a departure, the member's open
    periods are still open until the departure closes them.
    """
    if member is None or start_date is None:
        return
    if member.joined_on and start_date < member.joined_on:
        raise ValidationError(
            {"start_date": _("The start date cannot be before the member joined.")}
        )
    left_on = (
        Member.objects.filter(pk=member.pk).values_list("left_on", flat=True).first()
        if member.pk
        else member.left_on
    )
    if left_on is None:
        return
    if start_date > left_on:
        raise ValidationError({"start_date": _("The start date cannot be after the member left.")})
    if end_date is None or end_date > left_on:
        raise ValidationError(
            {
                "end_date": _("The member left on %(day)s; end the period on or before that day.")
                % {"day": left_on}
            }
        )


class Member(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RESIGNED = "resigned", _("Resigned")
        REPLACED = "replaced", _("Replaced")
        REMOVED = "removed", _("Removed")

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    term = models.ForeignKey(
        "committees.Term", verbose_name=_("term"), on_delete=models.PROTECT, related_name="members"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
    )
    member_number = models.CharField(_("member number"), max_length=30, blank=True)
    name = models.CharField(_("full name"), max_length=50, db_index=True)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    education = models.CharField(_("education"), max_length=30, blank=True)
    profession = models.CharField(_("profession"), max_length=60, blank=True)
    sector = models.ForeignKey(
        "sectors.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("Current sector. Changing it records a move; past duties keep their sector."),
    )
    party = models.CharField(_("party affiliation"), max_length=12, choices=Party.choices)
    work_unit = models.CharField(_("work unit"), max_length=120)
    work_unit_email = models.EmailField(
        _("work unit contact email"),
        blank=True,
        help_text=_("Where the member's annual assessment result is sent to the work unit."),
    )
    title = models.CharField(_("position title"), max_length=120, blank=True)
    township = models.CharField(
        _("township or agency"),
        max_length=60,
        blank=True,
        help_text=_(
            "The township or sub-district where the member lives, or the county agency where they work."
        ),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    status_note = models.CharField(_("status note"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["user"])

    committee_guards = (("committee", "term"), ("committee", "sector"))

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["committee", "name"]
        indexes = [models.Index(fields=["committee", "status"]), models.Index(fields=["sector"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="member_name_not_blank",
                violation_error_message=_("Enter the member's name."),
            ),
            # Numbers are handed out per term (届), so a re-appointed member may keep theirs.
            models.UniqueConstraint(
                fields=["term", "member_number"],
                condition=~Q(member_number=""),
                name="member_unique_number",
                violation_error_message=_("Another member of this term already has this number."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="member_dates_in_order",
                violation_error_message=_("The leaving date cannot be before the joining date."),
            ),
            models.CheckConstraint(
                condition=(Q(status="active") & Q(left_on__isnull=True))
                | (Q(status__in=["resigned", "replaced", "removed"]) & Q(left_on__isnull=False)),
                name="member_left_on_matches_status",
                violation_error_message=_(
                    "An active member has no leaving date; a member who resigned, was replaced "
                    "or was removed must have one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(gender__in=["male", "female"]),
                name="member_gender_valid",
                violation_error_message=_("Unknown gender."),
            ),
            models.CheckConstraint(
                condition=Q(party__in=[choice.value for choice in Party]),
                name="member_party_valid",
                violation_error_message=_("Unknown party affiliation."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def clean(self) -> None:
        errors = {}
        if self.term_id and self.committee_id and self.term.committee_id != self.committee_id:
            errors["term"] = _("The term belongs to another committee.")
        if self.sector_id and self.committee_id and self.sector.committee_id != self.committee_id:
            errors["sector"] = _("The sector belongs to another committee.")
        if self.user_id and self.committee_id and self.user.committee_id != self.committee_id:
            errors["user"] = _("The user account belongs to another committee.")
        if (
            self.term_id
            and self.joined_on
            and "term" not in errors
            and not self.term.contains(self.joined_on)
        ):
            errors["joined_on"] = _(
                "The joining date must fall within the term (%(start)s to %(end)s)."
            ) % {"start": self.term.start_date, "end": self.term.end_date}
        if errors:
            raise ValidationError(errors)


class SectorMembership(models.Model):
    """Which sector a member represented from ``start_date`` to ``end_date`` (inclusive)."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="sector_periods"
    )
    sector = models.ForeignKey(
        "sectors.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="member_periods",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    committee_guards = (("member", "sector"),)

    class Meta:
        verbose_name = _("sector membership")
        verbose_name_plural = _("sector memberships")
        ordering = ["member", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="sector_membership_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(end_date__isnull=True),
                name="sector_membership_one_open",
                violation_error_message=_("The member already has an open sector period."),
            ),
            models.UniqueConstraint(
                fields=["member", "start_date"],
                name="sector_membership_unique_start",
                violation_error_message=_("The member already has a sector period from this date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.sector}"

    def clean(self) -> None:
        if (
            self.member_id
            and self.sector_id
            and self.member.committee_id != self.sector.committee_id
        ):
            raise ValidationError({"sector": _("The sector belongs to another committee.")})
        if self.member_id:
            check_within_membership(self.member, self.start_date, self.end_date)


class Position(models.Model):
    """A leadership or Standing Committee seat held for a period."""

    class Kind(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        SECRETARY_GENERAL = "secretary_general", _("Secretary-general")
        STANDING_MEMBER = "standing_member", _("Standing Committee member")

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="positions"
    )
    kind = models.CharField(_("position"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("Standing Committee position")
        verbose_name_plural = _("Standing Committee positions")
        ordering = ["member", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=["chair", "vice_chair", "secretary_general", "standing_member"]
                ),
                name="position_kind_valid",
                violation_error_message=_("Unknown position."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="position_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["member", "kind"],
                condition=Q(end_date__isnull=True),
                name="position_one_open_per_kind",
                violation_error_message=_("The member already holds this position."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_kind_display()}"

    def clean(self) -> None:
        if self.member_id:
            check_within_membership(self.member, self.start_date, self.end_date)


class SpecialCommitteeMembership(models.Model):
    class Role(models.TextChoices):
        DIRECTOR = "director", _("Director")
        DEPUTY_DIRECTOR = "deputy_director", _("Deputy director")
        MEMBER = "member", _("Member")

    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="special_committee_memberships",
    )
    special_committee = models.ForeignKey(
        "committees.SpecialCommittee",
        verbose_name=_("special committee"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    committee_guards = (("member", "special_committee"),)

    class Meta:
        verbose_name = _("special committee membership")
        verbose_name_plural = _("special committee memberships")
        ordering = ["special_committee", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["director", "deputy_director", "member"]),
                name="special_committee_membership_role_valid",
                violation_error_message=_("Unknown role."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="special_committee_membership_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["member", "special_committee"],
                condition=Q(end_date__isnull=True),
                name="special_committee_membership_one_open",
                violation_error_message=_("The member already sits on this special committee."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.special_committee}"

    def clean(self) -> None:
        if (
            self.member_id
            and self.special_committee_id
            and self.member.committee_id != self.special_committee.committee_id
        ):
            raise ValidationError(
                {"special_committee": _("The special committee belongs to another committee.")}
            )
        if self.member_id:
            check_within_membership(self.member, self.start_date, self.end_date)


class Commendation(Voidable):
    """A commendation a member received (counts in the annual assessment by level)."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        MUNICIPAL = "municipal", _("Municipal")
        COUNTY = "county", _("County")

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="commendations"
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    title = models.CharField(pgettext_lazy("commendation", "title"), max_length=200)
    awarded_on = models.DateField(_("awarded on"))
    awarded_by = models.CharField(_("awarded by"), max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-awarded_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["national", "provincial", "municipal", "county"]),
                name="commendation_level_valid",
                violation_error_message=_("Unknown level."),
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="commendation_title_not_blank",
                violation_error_message=_("Enter the title of the commendation."),
            ),
            void_constraint("commendation"),
        ]

    def __str__(self) -> str:
        return self.title
