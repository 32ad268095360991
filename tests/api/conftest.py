"""The API's personas are the web pages' (tests/portal/conftest.py): one user per role."""

from tests.portal.conftest import People, people  # noqa: F401
