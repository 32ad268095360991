"""The web pages' personas (tests/portal/conftest.py): one user per role."""

from tests.portal.conftest import People, people  # noqa: F401
