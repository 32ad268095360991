"""Proposals in the back office: the list staff work through, and its bulk steps."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from committees.admin_actions import (
    bound_if_applied,
    run_form_action,
    run_per_item,
    writable_subset,
)
from committees.admin_evidence import EvidenceAdmin
from committees.admin_filters import OneCommitteeRelatedFilter, ReadableCommitteeFilter
from committees.admin_mixins import CommitteeScopedAdmin
from committees.models import Term

from .. import services
from ..models import (
    Proposal,
    ProposalCoSigner,
    ProposalFollowUp,
    ProposalState,
)
from ..services.drafting import CONTENT_FIELDS, NUMBERING_FIELDS, SUBMITTER_FIELDS
from .forms import (
    AssignUnitsForm,
    DeclineRegistrationForm,
    ProposalAdminForm,
    RatingForm,
    ReasonForm,
    SupervisingLeaderForm,
)
from .proposal_inlines import AssignmentInline, CoSignerInline, FollowUpInline

WORKFLOW_FIELDS = [
    "state",
    "serial_label",
    "submitted_at",
    "returned_reason",
    "withdrawn_at",
    "withdrawn_reason",
    "registered_at",
    "declined_at",
    "not_registered_reason",
    "conversion",
    "converted_report_link",
    "reviewed_by",
    "handling_round",
    "answer_category",
    "answered_at",
    "satisfaction",
    "satisfaction_comment",
    "rated_at",
    "closed_at",
    "is_key",
    "supervising_leader",
    "is_excellent",
    "created_by",
]


@admin.register(Proposal)
class ProposalAdmin(EvidenceAdmin, CommitteeScopedAdmin, SimpleHistoryAdmin):
    form = ProposalAdminForm
    evidence_instead = _(
        "A submitted proposal leaves the count through its workflow instead: withdrawn or "
        "not registered."
    )

    def is_evidence(self, obj) -> bool:
        return obj.state != ProposalState.DRAFT

    list_display = [
        "serial_label",
        "title",
        "submitter_display",
        "category",
        "state",
        "year",
        "is_key",
        "is_excellent",
        "answer_category",
        "satisfaction",
        "submitted_at",
        "committee",
    ]
    list_display_links = ["serial_label", "title"]
    list_select_related = [
        "committee",
        "first_proposer",
        "submitting_sector",
        "submitting_special_committee",
    ]
    list_filter = [
        "state",
        "year",
        "category",
        "submitter_kind",
        "is_key",
        "is_excellent",
        "answer_category",
        "satisfaction",
        ("assignments__unit", OneCommitteeRelatedFilter),
        ("committee", ReadableCommitteeFilter),
    ]
    search_fields = ["title", "first_proposer__name", "session_group", "submitting_sector__name"]
    # A province's list holds tens of thousands of proposals: no count of them all beside the
    # filtered one, no date drill-down (a pass over every row on each load; the year filter
    # and the sortable submission date serve instead), and the long texts are left out of the
    # list's rows, 50 to a page. The default order is served by an index (Meta.indexes).
    show_full_result_count = False
    list_per_page = 50
    LIST_DEFERRED = [
        "body",
        "returned_reason",
        "withdrawn_reason",
        "not_registered_reason",
        "satisfaction_comment",
    ]
    autocomplete_fields = ["first_proposer"]
    inlines = [CoSignerInline, AssignmentInline, FollowUpInline]
    actions = [
        "submit_selected",
        "return_for_revision",
        "withdraw_selected",
        "register_selected",
        "decline_registration",
        "assign_units",
        "record_rating",
        "mark_key",
        "mark_excellent",
        "close_selected",
    ]
    fieldsets = [
        (None, {"fields": ["committee", "term", "year", "session", "title", "body", "category"]}),
        (
            _("Submitted by"),
            {
                "fields": [
                    "submitter_kind",
                    "first_proposer",
                    "submitting_sector",
                    "submitting_party",
                    "submitting_special_committee",
                    "session_group",
                ]
            },
        ),
        (_("Workflow"), {"fields": WORKFLOW_FIELDS}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if request.method == "GET" and match and match.url_name.endswith("_changelist"):
            queryset = queryset.defer(*self.LIST_DEFERRED)
        return queryset

    @admin.display(description=_("serial number"), ordering="serial_number")
    def serial_label(self, obj) -> str:
        return obj.serial_label

    @admin.display(description=pgettext_lazy("proposal", "submitted by"))
    def submitter_display(self, obj) -> str:
        return obj.submitter_display

    @admin.display(description=_("converted to report"))
    def converted_report_link(self, obj) -> str:
        report = getattr(obj, "converted_report", None)
        if report is None:
            return "-"
        url = reverse("admin:proposals_socialreport_change", args=[report.pk])
        return format_html('<a href="{}">{}</a>', url, report)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        hidden = set()
        if not request.user.is_superuser:
            hidden.add("committee")
        if obj is None:
            hidden.update(WORKFLOW_FIELDS)
        return [
            (title, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for title, opts in fieldsets
            if any(f not in hidden for f in opts["fields"])
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(WORKFLOW_FIELDS)
        if obj is not None:
            readonly.append("committee")
            if obj.state != ProposalState.DRAFT:
                readonly += sorted(SUBMITTER_FIELDS)
            if obj.serial_number is not None:
                readonly += sorted(NUMBERING_FIELDS)
        return readonly

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        today = timezone.localdate()
        initial.setdefault("year", today.year)
        term = Term.objects.filter(
            committee_id=request.user.committee_id,
            start_date__lte=today,
            end_date__gte=today,
        ).first()
        if term is not None:
            initial.setdefault("term", term.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if change:
            changes = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in CONTENT_FIELDS | SUBMITTER_FIELDS
            }
            services.proposal_update(
                proposal=Proposal.objects.get(pk=obj.pk), by=request.user, **changes
            )
            return
        if not request.user.is_superuser:
            obj.committee_id = request.user.committee_id
        data = {name: getattr(obj, name) for name in CONTENT_FIELDS | SUBMITTER_FIELDS}
        created = services.proposal_create(committee=obj.committee, by=request.user, **data)
        # The admin goes on with its own instance (inlines, the redirect): make it the saved row.
        obj.pk = created.pk
        obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        if formset.model is ProposalCoSigner:
            self._save_cosigners(request, form.instance, formset)
        elif formset.model is ProposalFollowUp:
            self._save_follow_ups(request, form.instance, formset)
        else:
            super().save_formset(request, form, formset, change)

    def _save_cosigners(self, request, proposal, formset):
        proposal = Proposal.objects.get(pk=proposal.pk)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for subform in formset.deleted_forms:
            if subform.instance.pk:
                services.proposal_cosigner_remove(cosigner=subform.instance, by=request.user)
                formset.deleted_objects.append(subform.instance)
        for subform in formset.forms:
            if subform in formset.deleted_forms or not subform.has_changed():
                continue
            data = subform.cleaned_data
            cosigner = data.get("id")
            if cosigner is None or "member" in subform.changed_data:
                if cosigner is not None:
                    services.proposal_cosigner_remove(
                        cosigner=ProposalCoSigner.objects.get(pk=cosigner.pk), by=request.user
                    )
                cosigner = services.proposal_cosigner_invite(
                    proposal=proposal, member=data["member"], by=request.user
                )
                formset.new_objects.append(cosigner)
            else:
                cosigner = ProposalCoSigner.objects.get(pk=cosigner.pk)
                formset.changed_objects.append((cosigner, ["status"]))
            if (
                data["status"] != ProposalCoSigner.Status.INVITED
                and data["status"] != cosigner.status
            ):
                services.proposal_cosigner_respond(
                    cosigner=cosigner,
                    accept=data["status"] == ProposalCoSigner.Status.CONFIRMED,
                    by=request.user,
                )

    def _save_follow_ups(self, request, proposal, formset):
        proposal = Proposal.objects.get(pk=proposal.pk)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for subform in formset.extra_forms:
            if not subform.has_changed():
                continue
            data = subform.cleaned_data
            formset.new_objects.append(
                services.proposal_followup_record(
                    proposal=proposal,
                    kind=data["kind"],
                    followed_on=data["followed_on"],
                    summary=data["summary"],
                    progress=data["progress"],
                    participants=data["participants"],
                    by=request.user,
                )
            )

    # --- bulk steps ---------------------------------------------------------------------------

    @admin.action(description=_("Submit the selected proposals"), permissions=["change"])
    def submit_selected(self, request, queryset):
        run_per_item(
            request,
            writable_subset(self, request, queryset),
            lambda p: services.proposal_submit(proposal=p, by=request.user),
        )

    @admin.action(
        description=_("Return the selected proposals for revision"), permissions=["change"]
    )
    def return_for_revision(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(ReasonForm, request),
            title=gettext("Return for revision"),
            step=lambda p, data: services.proposal_return_for_revision(
                proposal=p, reason=data["reason"], by=request.user
            ),
        )

    @admin.action(description=_("Withdraw the selected proposals"), permissions=["change"])
    def withdraw_selected(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(ReasonForm, request),
            title=gettext("Withdraw"),
            step=lambda p, data: services.proposal_withdraw(
                proposal=p, reason=data["reason"], by=request.user
            ),
        )

    @admin.action(
        description=_("Register the selected proposals (assigns serial numbers)"),
        permissions=["change"],
    )
    def register_selected(self, request, queryset):
        # Numbers follow the order in which the proposals came in.
        run_per_item(
            request,
            writable_subset(self, request, queryset.order_by("submitted_at", "pk")),
            lambda p: services.proposal_register(proposal=p, by=request.user),
        )

    @admin.action(description=_("Decline registration, with a reason"), permissions=["change"])
    def decline_registration(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(DeclineRegistrationForm, request),
            title=gettext("Decline registration"),
            step=lambda p, data: services.proposal_decline_registration(
                proposal=p, reason=data["reason"], conversion=data["conversion"], by=request.user
            ),
        )

    @admin.action(description=_("Assign a handling unit"), permissions=["change"])
    def assign_units(self, request, queryset):
        committee_id = (
            request.user.committee_id or queryset.values_list("committee_id", flat=True).first()
        )
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(AssignUnitsForm, request, committee_id=committee_id),
            title=gettext("Assign a handling unit"),
            step=lambda p, data: services.proposal_assign(
                proposal=p,
                lead_unit=data["lead_unit"],
                co_units=list(data["co_units"]),
                deadline=data["deadline"],
                by=request.user,
            ),
        )

    @admin.action(description=_("Record the proposer's rating"), permissions=["change"])
    def record_rating(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(RatingForm, request),
            title=gettext("Record the proposer's rating"),
            step=lambda p, data: services.proposal_rate(
                proposal=p,
                satisfaction=data["satisfaction"],
                comment=data["comment"],
                by=request.user,
            ),
        )

    @admin.action(description=_("Mark as key proposals"), permissions=["change"])
    def mark_key(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(SupervisingLeaderForm, request),
            title=gettext("Mark as key proposals"),
            step=lambda p, data: services.proposal_mark_key(
                proposal=p, supervising_leader=data["supervising_leader"], by=request.user
            ),
        )

    @admin.action(description=_("Mark as excellent proposals"), permissions=["change"])
    def mark_excellent(self, request, queryset):
        run_per_item(
            request,
            writable_subset(self, request, queryset),
            lambda p: services.proposal_mark_excellent(proposal=p, by=request.user),
        )

    @admin.action(description=_("Close the selected proposals"), permissions=["change"])
    def close_selected(self, request, queryset):
        run_per_item(
            request,
            writable_subset(self, request, queryset),
            lambda p: services.proposal_close(proposal=p, by=request.user),
        )
