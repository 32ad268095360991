import re
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


@contextmanager
def refused_by_db(constraint: str, *unique_columns: str, also: str = ""):
    """Expect the database to refuse the write because of ``constraint`` (in a savepoint, so
    the test can go on).

    PostgreSQL names the constraint in its message; SQLite names check constraints and triggers
    but reports a unique constraint by its columns (``table.column``), given as
    ``unique_columns``. ``also`` names another rule that may fire first.
    """
    alternatives = [re.escape(constraint)] + ([re.escape(also)] if also else [])
    if unique_columns:
        alternatives.append(re.escape(", ".join(unique_columns)))
    with pytest.raises(IntegrityError, match="|".join(alternatives)), transaction.atomic():
        yield


@contextmanager
def refused_with(message: str):
    """Expect a service to refuse with a ValidationError carrying ``message``."""
    with pytest.raises(ValidationError) as caught:
        yield caught
    assert str(message) in caught.value.messages, caught.value.messages
