"""Writes for the liaison app. Every function is atomic, keyword-only and validates first."""

from .activities import (
    activity_create,
    activity_resubmit,
    activity_return,
    activity_submit,
    activity_update,
    activity_verify,
    activity_void,
)
from .approvals import (
    leader_approval_approve,
    leader_approval_nominate,
    leader_approval_record_discussion,
    leader_approval_reject,
)
from .duty import RosterResult, duty_roster_generate, duty_shift_assign
from .groups import (
    group_add_member,
    group_move_member,
    group_remove_member,
    group_set_leader,
    liaison_group_create,
    liaison_group_update,
)
from .member import (
    activity_change_by_member,
    activity_log_by_member,
    activity_send_for_verification,
)
from .plans import (
    work_plan_create,
    work_plan_reopen,
    work_plan_save,
    work_plan_submit,
    work_plan_update,
    year_end_report_create,
    year_end_report_reopen,
    year_end_report_save,
    year_end_report_submit,
    year_end_report_update,
)
from .points import contact_point_create, contact_point_update

__all__ = [
    "RosterResult",
    "activity_change_by_member",
    "activity_create",
    "activity_log_by_member",
    "activity_resubmit",
    "activity_return",
    "activity_send_for_verification",
    "activity_submit",
    "activity_update",
    "activity_verify",
    "activity_void",
    "contact_point_create",
    "contact_point_update",
    "duty_roster_generate",
    "duty_shift_assign",
    "group_add_member",
    "group_move_member",
    "group_remove_member",
    "group_set_leader",
    "leader_approval_approve",
    "leader_approval_nominate",
    "leader_approval_record_discussion",
    "leader_approval_reject",
    "liaison_group_create",
    "liaison_group_update",
    "work_plan_create",
    "work_plan_reopen",
    "work_plan_save",
    "work_plan_submit",
    "work_plan_update",
    "year_end_report_create",
    "year_end_report_reopen",
    "year_end_report_save",
    "year_end_report_submit",
    "year_end_report_update",
]
