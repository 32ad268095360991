"""Proposals, handling units' assignments, social-conditions reports and clues through the API.

Who sees what is the web pages' rule (``proposals.selectors``): a member their own proposals and
those they were invited to co-sign, and the reports they (co-)wrote; a handling-unit officer the
proposals assigned to their unit and those assignments; staff everything of their committee and
those below it. Writes go through the forms the pages use (same field errors) and then the
workflow services (``proposals.services``), which enforce the state machine: a move the current
state does not allow is a 409 with the reason. Anyone may hand in a clue, as on the public form.
"""

from .assignments import AssignmentViewSet
from .clues import ClueViewSet
from .proposals import ProposalViewSet
from .reports import SocialReportViewSet

ROUTES = [
    ("proposals", ProposalViewSet, "proposal"),
    ("proposal-assignments", AssignmentViewSet, "proposal-assignment"),
    ("social-reports", SocialReportViewSet, "social-report"),
    ("proposal-clues", ClueViewSet, "proposal-clue"),
]
