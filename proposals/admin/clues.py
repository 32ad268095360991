"""Proposal clues from the public, triaged by staff."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from committees.admin_actions import (
    bound_if_applied,
    run_form_action,
    run_per_item,
    writable_subset,
)
from committees.admin_mixins import CommitteeScopedAdmin

from .. import services
from ..models import ProposalClue
from .forms import AdoptClueForm, ReasonForm, ReferClueForm

PUBLIC_FIELDS = ["channel", "title", "content", "contact_name", "contact_phone", "contact_email"]
TRIAGE_FIELDS = [
    "submitted_at",
    "status",
    "triage_note",
    "referred_member",
    "resulting_proposal",
    "handled_by",
    "handled_at",
]


@admin.register(ProposalClue)
class ProposalClueAdmin(CommitteeScopedAdmin):
    """Clues arrive online or are typed in from letters; what the person wrote is kept as is."""

    list_display = [
        "title",
        "channel",
        "submitted_at",
        "status",
        "contact_name",
        "contact_phone",
        "referred_member",
        "resulting_proposal",
        "committee",
    ]
    list_select_related = ["committee", "referred_member", "resulting_proposal"]
    list_filter = ["status", "channel", ("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "content", "contact_name", "contact_phone"]
    date_hierarchy = "submitted_at"
    fieldsets = [
        (None, {"fields": ["committee", *PUBLIC_FIELDS]}),
        (_("Triage"), {"fields": TRIAGE_FIELDS}),
    ]
    actions = ["start_review", "refer_to_member", "adopt_selected", "decline_selected"]

    def get_fieldsets(self, request, obj=None):
        hidden = set() if request.user.is_superuser else {"committee"}
        if obj is None:
            hidden.update(TRIAGE_FIELDS)
        return [
            (title, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for title, opts in super().get_fieldsets(request, obj)
            if any(f not in hidden for f in opts["fields"])
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return TRIAGE_FIELDS
        return ["committee", *PUBLIC_FIELDS, *TRIAGE_FIELDS]

    def save_model(self, request, obj, form, change):
        if change:
            return
        if not request.user.is_superuser:
            obj.committee_id = request.user.committee_id
        created = services.clue_submit(
            committee=obj.committee, **{name: getattr(obj, name) for name in PUBLIC_FIELDS}
        )
        obj.pk = created.pk
        obj._state.adding = False

    def _committee_id(self, request, queryset):
        return request.user.committee_id or queryset.values_list("committee_id", flat=True).first()

    @admin.action(description=_("Start reviewing the selected clues"), permissions=["change"])
    def start_review(self, request, queryset):
        run_per_item(
            request,
            writable_subset(self, request, queryset),
            lambda c: services.clue_start_review(clue=c, by=request.user),
        )

    @admin.action(description=_("Refer to a member"), permissions=["change"])
    def refer_to_member(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(
                ReferClueForm, request, committee_id=self._committee_id(request, queryset)
            ),
            title=gettext("Refer to a member"),
            step=lambda c, data: services.clue_refer(
                clue=c, member=data["member"], note=data["note"], by=request.user
            ),
        )

    @admin.action(description=_("Adopted into a proposal"), permissions=["change"])
    def adopt_selected(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(
                AdoptClueForm, request, committee_id=self._committee_id(request, queryset)
            ),
            title=gettext("Adopted into a proposal"),
            step=lambda c, data: services.clue_adopt(
                clue=c, proposal=data["proposal"], by=request.user
            ),
        )

    @admin.action(description=_("Not adopted, with a note"), permissions=["change"])
    def decline_selected(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(ReasonForm, request),
            title=gettext("Not adopted"),
            step=lambda c, data: services.clue_decline(
                clue=c, note=data["reason"], by=request.user
            ),
        )
