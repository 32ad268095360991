"""Browser pages of proposals and reports: a member's own, and a handling unit's inbox."""
