"""Scale data: a province's committees, members and a year of duty records, written fast."""
