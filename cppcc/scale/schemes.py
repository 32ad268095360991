"""An assessment scheme in force for every generated committee.

The first committee's scheme is built through the assessment services, validated as a staff
member's would be (the demo county's scheme, after the Guangshui model). Building each of a
province's ~180 schemes the same way would cost ~0.4 s apiece on PostgreSQL (every part is
validated constraint by constraint), so the others are copies of it made with one insert per
part model — the way ``scheme_copy_from_previous_year`` copies parts, batched across committees.
The database constraints still check every copied row.
"""

from __future__ import annotations

from assessment.models import AssessmentScheme, MinimumRequirement, SchemeRule
from assessment.services.schemes import PART_FIXED_FIELDS, PART_MODELS
from committees.models import Committee
from cppcc.demo.assessment import county_scheme

#: Part fields that point to another part of the same scheme, and that part's model.
REFERENCES = {"category_id": "SchemeCategory", "grade_cap_id": "GradeBand"}
SCHEME_OWN_FIELDS = {"id", "committee", "name", "copied_from"}


def scheme_name(committee: Committee, year: int) -> str:
    return f"{committee.short_name}委员{year}年度履职考核办法"


def put_in_force(committees: list[Committee], year: int) -> list[AssessmentScheme]:
    first, *others = committees
    template = county_scheme(first, year, name=scheme_name(first, year))
    shared = {
        f.attname: getattr(template, f.attname)
        for f in AssessmentScheme._meta.concrete_fields
        if f.name not in SCHEME_OWN_FIELDS
    }
    copies = AssessmentScheme.objects.bulk_create(
        [AssessmentScheme(committee=c, name=scheme_name(c, year), **shared) for c in others]
    )
    copied: dict[str, dict[tuple[int, int], object]] = {}
    for model in PART_MODELS:
        parts = list(model.objects.filter(scheme=template).order_by("pk"))
        fields = [f.attname for f in model._meta.concrete_fields if f.name not in PART_FIXED_FIELDS]
        keys, rows = [], []
        for scheme in copies:
            for part in parts:
                values = {name: getattr(part, name) for name in fields}
                for name, target in REFERENCES.items():
                    if values.get(name) is not None:
                        values[name] = copied[target][(scheme.pk, values[name])].pk
                rows.append(model(scheme=scheme, **values))
                keys.append((scheme.pk, part.pk))
        copied[model.__name__] = dict(zip(keys, model.objects.bulk_create(rows), strict=True))
    links = MinimumRequirement.rules.through
    template_links = list(links.objects.filter(minimumrequirement__scheme=template))
    links.objects.bulk_create(
        [
            links(
                minimumrequirement_id=copied["MinimumRequirement"][
                    (scheme.pk, link.minimumrequirement_id)
                ].pk,
                schemerule_id=copied[SchemeRule.__name__][(scheme.pk, link.schemerule_id)].pk,
            )
            for scheme in copies
            for link in template_links
        ]
    )
    return [template, *copies]
