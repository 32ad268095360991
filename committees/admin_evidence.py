"""Records an assessment rests on are never deleted from the back office.

A duty record that can earn or lose a member points (marked attendance, a speech, a submitted
proposal or report, a submitted or verified contact activity, a commendation …) is *evidence*:
the member's score, and their right to dispute it, rest on it. Staff correct such a record (its
history keeps what it said before) or move it through its workflow to a state that no longer
counts — a proposal withdrawn or not registered, a report not adopted, an activity returned to
its submitter, attendance re-marked — but they never delete it.

``EvidenceAdmin`` (list it first among a ModelAdmin's bases) refuses the delete page, the
"delete selected" action and the delete link for evidence, each time with a message in the
person's language saying why and what to do instead. ``EvidenceInline`` refuses ticking
"delete" on an evidence row of an inline. ``is_evidence`` says which objects are evidence; by
default every object of the model is.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .admin_actions import run_reason_action
from .admin_filters import YesNoFilter
from .services import record_void

#: What to do instead, when an admin does not say better.
CORRECT_INSTEAD = _("Correct it instead: its history keeps what it said before.")


def refusal(record, instead) -> str:
    return gettext(
        "“%(record)s” is a record an assessment rests on and cannot be deleted. %(instead)s"
    ) % {"record": record, "instead": instead}


class EvidenceAdmin(admin.ModelAdmin):
    #: Told to the person refused: what to do instead of deleting.
    evidence_instead = CORRECT_INSTEAD

    def is_evidence(self, obj) -> bool:
        return True

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or not self.is_evidence(obj)
        )

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.is_evidence(obj):
            messages.error(request, refusal(obj, self.evidence_instead))
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                    args=[obj.pk],
                )
            )
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (type(self)._delete_unless_evidence, name, description)
        return actions

    def _delete_unless_evidence(self, request, queryset):
        evidence = [obj for obj in queryset if self.is_evidence(obj)]
        if evidence:
            messages.error(
                request,
                ngettext(
                    "Nothing was deleted: %(count)d selected record is one an assessment rests "
                    "on (%(records)s). %(instead)s",
                    "Nothing was deleted: %(count)d selected records are ones an assessment "
                    "rests on (%(records)s). %(instead)s",
                    len(evidence),
                )
                % {
                    "count": len(evidence),
                    "records": "、".join(str(obj) for obj in evidence[:5]),
                    "instead": self.evidence_instead,
                },
            )
            return None
        return delete_selected(self, request, queryset)


class EvidenceFormSet(BaseInlineFormSet):
    #: Set by ``EvidenceInline.get_formset``.
    inline: EvidenceInline

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk is None:
                continue
            # The form has already written the submitted values into its instance.
            stored = self.model._default_manager.filter(pk=form.instance.pk).first()
            if stored is not None and self.inline.is_evidence(stored):
                raise ValidationError(refusal(stored, self.inline.evidence_instead))


class EvidenceInline(admin.options.InlineModelAdmin):
    formset = EvidenceFormSet
    evidence_instead = CORRECT_INSTEAD

    def is_evidence(self, obj) -> bool:
        return True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.inline = self
        return formset


class VoidedFilter(YesNoFilter):
    title = _("voided")
    parameter_name = "voided"

    def yes(self, queryset):
        return queryset.filter(voided_at__isnull=False)

    def no(self, queryset):
        return queryset.filter(voided_at__isnull=True)


class VoidReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for voiding"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: entered twice, or for the wrong member. It is kept on record."),
    )


#: What to do instead, on an inline of voidable records.
VOID_INSTEAD = _(
    "Void it instead, with the reason, from its own list: it then counts no more, and its "
    "history keeps what it said."
)


class VoidableAdmin(EvidenceAdmin):
    """The admin of a record without a workflow (``committees.voiding``): evidence never
    deleted, voided instead with the reason by the "void the selected records" action; the list
    can be filtered on it and the record's page shows when and why it was voided."""

    evidence_instead = _(
        "Void it instead with the reason (the “Void the selected records” action): it then "
        "counts no more, and its history keeps what it said."
    )
    actions = ["void_selected"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "voided_at", "voided_reason"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), VoidedFilter]

    @admin.action(
        description=_("Void the selected records (a reason is needed)"), permissions=["change"]
    )
    def void_selected(self, request, queryset):
        return run_reason_action(
            self,
            request,
            queryset,
            form_class=VoidReasonForm,
            action="void_selected",
            title=gettext("Void the selected records"),
            service=record_void,
            argument="record",
        )
