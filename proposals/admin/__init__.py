"""The proposals back office; importing the modules registers their admins."""

from . import clues, handling, proposals, reports

__all__ = ["clues", "handling", "proposals", "reports"]
