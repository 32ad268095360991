"""The meetings back office: meetings, attendance sheets, leave, speeches, reports, study."""

from . import attendance, meetings, records  # noqa: F401  (registers the ModelAdmins)
