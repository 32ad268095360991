"""Staff run the ballot, record leaders' ratings and issue public links here.

Ballot papers have no admin page: staff see a closed round's results per report (count and
average) on the round's page, and the list of who voted, never what anyone voted.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from committees.admin_actions import run_per_item, writable_subset
from committees.admin_mixins import CommitteeScopedAdmin

from . import selectors, services
from .models import BallotRound, BallotVoter, LeaderRating, PublicInvitation, PublicRating


@admin.register(BallotRound)
class BallotRoundAdmin(CommitteeScopedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "year", "state", "opens_at", "closes_at", "voted", "committee"]
    list_filter = ["state", "year"]
    readonly_fields = ["state", "closed_at", "voted", "results"]
    fields = [
        "committee",
        "year",
        "opens_at",
        "closes_at",
        "state",
        "closed_at",
        "voted",
        "results",
    ]
    actions = ["open_rounds", "close_rounds"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(voter_count=Count("voters"))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.state != BallotRound.State.DRAFT:
            fields.append("year")
        return fields

    @admin.display(description=_("voted"), ordering="voter_count")
    def voted(self, obj):
        return getattr(obj, "voter_count", None) if obj.pk else "—"

    @admin.display(description=_("results"))
    def results(self, obj):
        if obj.pk is None or obj.state != BallotRound.State.CLOSED:
            return gettext("Shown once the round is closed.")
        rows = selectors.results_for_round(obj)
        if not rows:
            return gettext("No year-end report was on the ballot.")
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((r.group_name, r.ballots, r.average if r.average is not None else "—") for r in rows),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            gettext("liaison group"),
            gettext("ballots"),
            gettext("average score"),
            body,
        )

    def save_model(self, request, obj, form, change):
        services.ballot_round_save(round=obj, by=request.user)

    def _run(self, request, queryset, step, done_message):
        writable = writable_subset(self, request, queryset)
        done = run_per_item(request, writable, step, report_success=False)
        if done:
            messages.success(request, done_message % {"count": done})

    @admin.action(description=_("Open the selected rounds for voting"))
    def open_rounds(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda r: services.ballot_round_open(round=r),
            gettext("%(count)s round(s) opened."),
        )

    @admin.action(description=_("Close the selected rounds"))
    def close_rounds(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda r: services.ballot_round_close(round=r),
            gettext("%(count)s round(s) closed."),
        )


@admin.register(BallotVoter)
class BallotVoterAdmin(CommitteeScopedAdmin):
    """Who voted in which round, and when: never what they voted. Written by voting only."""

    committee_path = "round__committee"
    list_display = ["voter", "round", "cast_at"]
    list_select_related = ["voter", "round"]
    list_filter = ["round__year"]
    search_fields = ["voter__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LeaderRatingForm(forms.ModelForm):
    class Meta:
        model = LeaderRating
        fields = ["year", "member", "evaluator", "score", "comment"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            # Who may rate whom, shown on the form rather than refused at saving.
            services.leader_rating_check(
                evaluator=cleaned["evaluator"], member=cleaned["member"], year=cleaned["year"]
            )
        return cleaned


@admin.register(LeaderRating)
class LeaderRatingAdmin(CommitteeScopedAdmin, SimpleHistoryAdmin):
    form = LeaderRatingForm
    list_display = ["member", "year", "group", "evaluator", "score", "committee"]
    list_select_related = ["member", "group", "evaluator", "committee"]
    list_filter = ["year", "group"]
    search_fields = ["member__name", "evaluator__name"]
    autocomplete_fields = ["member", "evaluator"]
    readonly_fields = ["group", "rated_at"]

    def get_fields(self, request, obj=None):
        return ["year", "member", "evaluator", "score", "comment", "group", "rated_at"]

    def save_model(self, request, obj, form, change):
        # The form already validated the fields; the service checks who may rate whom.
        saved = services.leader_rating_record(
            evaluator=obj.evaluator,
            member=obj.member,
            year=obj.year,
            score=obj.score,
            comment=obj.comment,
        )
        obj.pk, obj.committee_id, obj.group_id = saved.pk, saved.committee_id, saved.group_id


class PublicInvitationForm(forms.ModelForm):
    class Meta:
        model = PublicInvitation
        fields = ["committee", "year", "group", "member", "label", "expires_at"]


@admin.register(PublicInvitation)
class PublicInvitationAdmin(CommitteeScopedAdmin):
    form = PublicInvitationForm
    list_display = ["label", "target_shown", "year", "expires_at", "used", "committee"]
    list_select_related = ["group", "member", "committee"]
    list_filter = ["year", ("used_at", admin.EmptyFieldListFilter)]
    search_fields = ["label", "group__name", "member__name"]
    autocomplete_fields = ["group", "member"]
    readonly_fields = ["used_at", "created_at", "created_by"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["committee", "year", "group", "member", "label", "expires_at"]
        return [
            "committee",
            "year",
            "group",
            "member",
            "label",
            "expires_at",
            "used_at",
            "created_at",
            "created_by",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # The link went out for this target; only its label and expiry may be corrected.
        return ["committee", "year", "group", "member", "used_at", "created_at", "created_by"]

    @admin.display(description=_("evaluating"))
    def target_shown(self, obj):
        return obj.target

    @admin.display(description=_("used"), boolean=True, ordering="used_at")
    def used(self, obj):
        return obj.used_at is not None

    def save_model(self, request, obj, form, change):
        if change:
            obj.full_clean()
            obj.save(update_fields=["label", "expires_at"])
            return
        invitation, token = services.public_invitation_issue(
            committee=obj.committee,
            year=obj.year,
            group=obj.group,
            member=obj.member,
            label=obj.label,
            expires_at=obj.expires_at,
            by=request.user,
        )
        obj.pk = invitation.pk
        link = request.build_absolute_uri(reverse("evaluations:public", args=[token]))
        messages.warning(
            request,
            format_html(
                "{} <a href='{}'>{}</a>",
                gettext("Copy the link now and give it to %(label)s: it is shown only this once.")
                % {"label": invitation.label},
                link,
                link,
            ),
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("year", timezone.localdate().year)
        initial.setdefault("expires_at", timezone.now() + datetime.timedelta(days=30))
        return initial


@admin.register(PublicRating)
class PublicRatingAdmin(CommitteeScopedAdmin):
    """Ratings by target, with their comments; nothing shows which link gave them."""

    list_display = ["target_shown", "year", "stars_shown", "comment", "committee"]
    list_select_related = ["group", "member", "committee"]
    list_filter = ["year", "stars"]
    search_fields = ["group__name", "member__name", "comment"]
    fields = ["committee", "year", "group", "member", "stars", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("evaluating"))
    def target_shown(self, obj):
        return obj.group or obj.member

    @admin.display(description=_("stars"), ordering="stars")
    def stars_shown(self, obj):
        return "★" * obj.stars
