"""Writes to assessment schemes. Every change bumps the scheme's version; a frozen scheme
refuses them all, so that the results computed from it stay explainable."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from cppcc.workflow import run_transition

from ..models import (
    AssessmentScheme,
    GradeBand,
    MinimumRequirement,
    QualitativePart,
    SchemeCategory,
    SchemeRule,
)

#: Scheme fields staff may edit; the state, the version and the lineage change only here.
SCHEME_EDITABLE_FIELDS = frozenset(
    {
        "name",
        "scoring_mode",
        "base_score",
        "bonus_cap",
        "max_score",
        "prorate_partial_year",
        "prorate_basis_days",
        "prorate_excludes_long_leave",
        "long_leave_min_days",
        "notes",
    }
)
#: Parts of a scheme, in the order a copy must create them (rules need categories, minimums
#: need rules and grades).
PART_MODELS = (SchemeCategory, GradeBand, QualitativePart, SchemeRule, MinimumRequirement)
PART_FIXED_FIELDS = frozenset({"id", "scheme"})


def _locked_scheme(scheme: AssessmentScheme) -> AssessmentScheme:
    """The scheme, locked against concurrent edits, refused when frozen."""
    locked = AssessmentScheme.objects.select_for_update().get(pk=scheme.pk)
    if locked.is_frozen:
        raise ValidationError(
            _("The %(year)s scheme is frozen and can no longer be changed.") % {"year": locked.year}
        )
    return locked


def _bump(scheme: AssessmentScheme) -> None:
    """A new version of a scheme locked by the caller, saved (not updated in bulk) so that the
    scheme's history records who changed it and when."""
    # Re-read under the lock: the caller's copy may predate it.
    locked = AssessmentScheme.objects.select_for_update().get(pk=scheme.pk)
    locked.version += 1
    locked.save(update_fields=["version"])
    scheme.version = locked.version


def _set_fields(obj: models.Model, fields: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"cannot set {', '.join(sorted(unknown))} on {type(obj).__name__}")
    for name, value in fields.items():
        setattr(obj, name, value)


@transaction.atomic
def scheme_create(
    *, committee: Committee, year: int, name: str, scoring_mode: str, **fields: Any
) -> AssessmentScheme:
    scheme = AssessmentScheme(committee=committee, year=year, name=name, scoring_mode=scoring_mode)
    _set_fields(scheme, fields, SCHEME_EDITABLE_FIELDS)
    scheme.full_clean()
    scheme.save()
    return scheme


@transaction.atomic
def scheme_update(*, scheme: AssessmentScheme, **fields: Any) -> AssessmentScheme:
    locked = _locked_scheme(scheme)
    _set_fields(locked, fields, SCHEME_EDITABLE_FIELDS)
    locked.version += 1
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def scheme_mark_changed(*, scheme: AssessmentScheme) -> AssessmentScheme:
    """Record that the scheme's parts changed (e.g. its inlines were saved in the admin)."""
    locked = _locked_scheme(scheme)
    _bump(locked)
    return locked


def _transition(scheme: AssessmentScheme, name: str, message) -> AssessmentScheme:
    locked = AssessmentScheme.objects.select_for_update().get(pk=scheme.pk)
    run_transition(locked, name, message)
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def scheme_activate(*, scheme: AssessmentScheme) -> AssessmentScheme:
    """Put a draft scheme into force; it needs grades to assess anyone."""
    if not scheme.grades.exists():
        raise ValidationError(_("Add the grades before putting the scheme into force."))
    return _transition(
        scheme, "activate", _("The scheme is %(state)s; only a draft can be put into force.")
    )


@transaction.atomic
def scheme_freeze(*, scheme: AssessmentScheme) -> AssessmentScheme:
    return _transition(
        scheme, "freeze", _("The scheme is %(state)s; only a scheme in force can be frozen.")
    )


def _check_same_scheme(scheme: AssessmentScheme, **parts: models.Model | None) -> None:
    errors = {
        field: _("This belongs to another scheme.")
        for field, part in parts.items()
        if part is not None and part.scheme_id != scheme.pk
    }
    if errors:
        raise ValidationError(errors)


def _check_fits_scheme(part: models.Model) -> None:
    """What a check constraint cannot see: the part against the scheme and its siblings."""
    scheme = part.scheme
    if isinstance(part, QualitativePart) and part.weight is not None:
        others = (
            QualitativePart.objects.filter(scheme=scheme, weight__isnull=False)
            .exclude(pk=part.pk)
            .values_list("weight", flat=True)
        )
        if sum(others, Decimal(0)) + Decimal(str(part.weight)) > 1:
            raise ValidationError(
                {"weight": _("The weights of the evaluations add up to more than 1.")}
            )
    if isinstance(part, GradeBand) and scheme.max_score is not None:
        if Decimal(str(part.min_score)) > scheme.max_score:
            raise ValidationError({"min_score": _("A grade cannot start above the maximum score.")})


def _part_save(part: models.Model) -> models.Model:
    part.full_clean()
    _check_fits_scheme(part)
    part.save()
    _bump(part.scheme)
    return part


@transaction.atomic
def category_add(*, scheme: AssessmentScheme, name: str, **fields: Any) -> SchemeCategory:
    locked = _locked_scheme(scheme)
    return _part_save(SchemeCategory(scheme=locked, name=name, **fields))


@transaction.atomic
def grade_add(
    *, scheme: AssessmentScheme, code: str, name: str, min_score: Decimal | int, **fields: Any
) -> GradeBand:
    locked = _locked_scheme(scheme)
    return _part_save(GradeBand(scheme=locked, code=code, name=name, min_score=min_score, **fields))


@transaction.atomic
def qualitative_part_add(*, scheme: AssessmentScheme, kind: str, **fields: Any) -> QualitativePart:
    locked = _locked_scheme(scheme)
    return _part_save(QualitativePart(scheme=locked, kind=kind, **fields))


@transaction.atomic
def rule_add(
    *,
    scheme: AssessmentScheme,
    code: str,
    label: str,
    duty_kind: str,
    points: Decimal | int | str,
    category: SchemeCategory | None = None,
    **fields: Any,
) -> SchemeRule:
    locked = _locked_scheme(scheme)
    _check_same_scheme(locked, category=category)
    rule = SchemeRule(
        scheme=locked,
        category=category,
        code=code,
        label=label,
        duty_kind=duty_kind,
        points=Decimal(str(points)),
        **fields,
    )
    return _part_save(rule)


@transaction.atomic
def minimum_add(
    *,
    scheme: AssessmentScheme,
    label: str,
    rules: Iterable[SchemeRule],
    grade_cap: GradeBand,
    min_count: int = 1,
    **fields: Any,
) -> MinimumRequirement:
    locked = _locked_scheme(scheme)
    rules = list(rules)
    if not rules:
        raise ValidationError({"rules": _("Choose the rules whose records count.")})
    _check_same_scheme(locked, grade_cap=grade_cap)
    for rule in rules:
        _check_same_scheme(locked, rules=rule)
    minimum = _part_save(
        MinimumRequirement(
            scheme=locked, label=label, grade_cap=grade_cap, min_count=min_count, **fields
        )
    )
    minimum.rules.set(rules)
    return minimum


@transaction.atomic
def scheme_part_update(*, part: models.Model, **fields: Any) -> models.Model:
    """Change a category, rule, minimum, qualitative part or grade."""
    locked_scheme = _locked_scheme(part.scheme)
    locked = type(part).objects.select_for_update().get(pk=part.pk)
    editable = {f.name for f in type(part)._meta.concrete_fields} - PART_FIXED_FIELDS
    rules = fields.pop("rules", None)
    if rules is not None and not isinstance(locked, MinimumRequirement):
        raise TypeError("only a minimum requirement counts rules")
    _set_fields(locked, fields, editable)
    _check_same_scheme(
        locked_scheme,
        category=getattr(locked, "category", None),
        grade_cap=getattr(locked, "grade_cap", None),
    )
    _part_save(locked)
    if rules is not None:
        for rule in rules:
            _check_same_scheme(locked_scheme, rules=rule)
        locked.rules.set(rules)
    return locked


@transaction.atomic
def scheme_part_remove(*, part: models.Model) -> None:
    scheme = _locked_scheme(part.scheme)
    if isinstance(part, SchemeRule | SchemeCategory | GradeBand) and _part_in_use(part):
        raise ValidationError(
            _("%(part)s is still in use in this scheme.") % {"part": part}, code="protected"
        )
    part.delete()
    _bump(scheme)


def _part_in_use(part: models.Model) -> bool:
    if isinstance(part, SchemeCategory):
        return part.rules.exists()
    if isinstance(part, GradeBand):
        return MinimumRequirement.objects.filter(grade_cap=part).exists()
    return part.minimums.exists()


@transaction.atomic
def scheme_copy_from_previous_year(*, committee: Committee, year: int) -> AssessmentScheme:
    """A draft scheme for ``year``: last year's scheme with all its parts, to edit from there."""
    previous = (
        AssessmentScheme.objects.select_for_update()
        .filter(committee=committee, year=year - 1)
        .first()
    )
    if previous is None:
        raise ValidationError(_("There is no %(year)s scheme to copy from.") % {"year": year - 1})
    if AssessmentScheme.objects.filter(committee=committee, year=year).exists():
        raise ValidationError(
            _("The committee already has a scheme for %(year)s.") % {"year": year}
        )
    copy = AssessmentScheme(
        committee=committee,
        year=year,
        copied_from=previous,
        **{name: getattr(previous, name) for name in SCHEME_EDITABLE_FIELDS},
    )
    copy.full_clean()
    copy.save()
    _copy_parts(previous, copy)
    return copy


def _copy_parts(source: AssessmentScheme, target: AssessmentScheme) -> None:
    # Old id -> new object, per model, so that references between parts follow the copy.
    copied: dict[type, dict[int, models.Model]] = {}
    references = {"category": SchemeCategory, "grade_cap": GradeBand}
    for model in PART_MODELS:
        copied[model] = {}
        for part in model.objects.filter(scheme=source).order_by("pk"):
            old_pk = part.pk
            values = {
                f.name: getattr(part, f.attname)
                for f in model._meta.concrete_fields
                if f.name not in PART_FIXED_FIELDS
            }
            for field, target_model in references.items():
                if field in values:
                    old = values.pop(field)
                    values[field] = copied[target_model][old] if old is not None else None
            new = model(scheme=target, **values)
            new.full_clean()
            new.save()
            copied[model][old_pk] = new
    for old_pk, minimum in copied[MinimumRequirement].items():
        old_rule_ids = MinimumRequirement.rules.through.objects.filter(
            minimumrequirement_id=old_pk
        ).values_list("schemerule_id", flat=True)
        minimum.rules.set([copied[SchemeRule][rule_id] for rule_id in old_rule_ids])
