from .ballots import SCORE_MAX, SCORE_MIN, BallotPaper, BallotRound, BallotVoter
from .public import PublicInvitation, PublicRating
from .ratings import LeaderRating

__all__ = [
    "SCORE_MAX",
    "SCORE_MIN",
    "BallotPaper",
    "BallotRound",
    "BallotVoter",
    "LeaderRating",
    "PublicInvitation",
    "PublicRating",
]
