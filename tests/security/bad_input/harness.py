"""The property every bad-input test checks: a request is either refused with a message the
person can read, writing nothing at all, or accepted and saved exactly as the form or
serializer understood it. A server error fails the test (the test client re-raises it)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.apps import apps
from django.contrib.messages import constants, get_messages
from django.db import connection
from django.forms import BaseForm
from django.test.utils import ContextList
from django.utils.datastructures import MultiValueDict
from django.utils.html import escape

#: Chinese: every message a person reads is in their language.
CJK = re.compile(r"[\u4e00-\u9fff]")


def _tables() -> list[str]:
    names = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return sorted(names & set(connection.introspection.table_names()))


def row_counts() -> dict[str, int]:
    """The number of rows of every table of every model, in one query."""
    tables = _tables()
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {t: after[t] - before[t] for t in before if after[t] != before[t]}


def as_form_data(data: dict) -> MultiValueDict:
    """The POST data as the form receives it (several values of one name kept)."""
    return MultiValueDict(
        {k: [str(x) for x in v] if isinstance(v, list) else [str(v)] for k, v in data.items()}
    )


def _form_messages(response) -> list[str]:
    """The errors of every bound form the page shows (the admin's inlines included)."""
    context = response.context
    if context is None:
        return []
    if "adminform" in context:
        # The admin's list holds the fields' error lists and the inlines' own messages.
        return [
            str(m)
            for error in context["errors"] or []
            for m in ([error] if isinstance(error, str) else error)
        ]
    forms = {}
    for part in context if isinstance(context, ContextList) else [context]:
        for value in part.flatten().values():
            for form in value if isinstance(value, list | tuple) else [value]:
                if isinstance(form, BaseForm) and form.is_bound:
                    forms[id(form)] = form
    return [str(m) for form in forms.values() for errors in form.errors.values() for m in errors]


def _error_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level >= constants.WARNING]


def assert_refused_readably(response) -> None:
    """A refusal: each message is in Chinese and shown on the page (or flashed to it)."""
    on_form = _form_messages(response)
    flashed = _error_messages(response)
    assert on_form or flashed, (
        f"refused ({response.status_code}) without saying why: {response.wsgi_request.POST!r}"
    )
    html = "" if 300 <= response.status_code < 400 else response.content.decode()
    for message in on_form:
        assert CJK.search(message), f"not in Chinese: {message!r}"
        assert escape(message) in html, f"not shown on the page: {message!r}"
    for message in flashed:
        assert CJK.search(message), f"not in Chinese: {message!r}"


ACCEPTED, REFUSED = "accepted", "refused"
#: What a test's examples must have met: some refused, some accepted (so both are checked).
BOTH = {ACCEPTED, REFUSED}


def accepted_by_redirect(response) -> bool:
    """Sent on to another page with no error flashed to it."""
    return response.status_code == 302 and not _error_messages(response)


def post_form(
    client,
    url: str,
    data: dict,
    *,
    saved: Callable[[dict], None] | None = None,
    creates: bool = True,
    accepted: Callable[[object], bool] = accepted_by_redirect,
):
    """POST ``data``; a refusal writes no row of any table and says why in Chinese; an
    acceptance (of a form that ``creates`` a record: with rows written) is checked by ``saved``
    with the number of rows added to each table. Returns which of the two it was."""
    before = row_counts()
    response = client.post(url, data)
    delta = changed(before, row_counts())
    if accepted(response):
        assert delta or not creates, "accepted but nothing was saved"
        if saved is not None:
            saved(delta)
        return ACCEPTED
    assert response.status_code in (200, 302, 400), response.status_code
    assert_refused_readably(response)
    assert delta == {}, f"refused, yet rows were written: {delta}"
    return REFUSED


def api_write(client, method: str, url: str, body, *, saved: Callable | None = None):
    """Send ``body`` as JSON; a 4xx says why in Chinese and writes nothing; a 2xx is checked by
    ``saved`` with the response and the rows that changed."""
    before = row_counts()
    response = getattr(client, method)(url, body, format="json")
    delta = changed(before, row_counts())
    assert response.status_code < 500, response.status_code
    if response.status_code >= 400:
        text = response.content.decode()
        assert CJK.search(text), (
            f"refused ({response.status_code}) without a Chinese message: {text}"
        )
        assert delta == {}, f"refused ({response.status_code}), yet rows were written: {delta}"
    else:
        assert response.status_code in (200, 201), response.status_code
        if saved is not None:
            saved(response, delta)
        return ACCEPTED
    return REFUSED
