"""Writes for the evaluations app. Every function is atomic, keyword-only and validates first."""

from .ballots import ballot_round_close, ballot_round_open, ballot_round_save, cast_ballot
from .public import InvitationUnavailable, public_invitation_issue, public_rating_submit
from .ratings import leader_rating_check, leader_rating_record

__all__ = [
    "InvitationUnavailable",
    "ballot_round_close",
    "ballot_round_open",
    "ballot_round_save",
    "cast_ballot",
    "leader_rating_check",
    "leader_rating_record",
    "public_invitation_issue",
    "public_rating_submit",
]
