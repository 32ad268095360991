"""Hypothesis strategies of bad input: what a careless, hurried or hostile person can type or
send — text of every kind, dates that are no dates, numbers that are no numbers, fields left out
or added, and in JSON values of the wrong type."""

from __future__ import annotations

import datetime
import os

from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Examples per form or endpoint. Derandomized: the same examples on every run, so a failure in
#: CI is reproduced on a laptop; ``BAD_INPUT_EXAMPLES=500`` explores further by hand.
BAD_INPUT = settings(
    max_examples=int(os.environ.get("BAD_INPUT_EXAMPLES", "25")),
    derandomize=True,
    deadline=None,
    database=None,
    # One signed-in person and their records serve every example of a test; each example
    # counts the rows before and after its own request.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

#: Left out of the request altogether.
MISSING = object()

NASTY_TEXT = [
    "",
    " ",
    "\t\r\n",
    "\x00",
    "标题\x00后半",
    "\x00" * 3,
    "\x1b[31m红色\x1b[0m",
    "\u202e倒序文字\u202c",
    "مرحبا بالعالم",
    "\ufeff零宽\u200b字符\u200d",
    "😀👨‍👩‍👧‍👦🇨🇳",
    "𠀀𪚥𰻞",  # outside the Basic Multilingual Plane
    "'; DROP TABLE members_member; --",
    '" OR 1=1 --',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ 7|add:7 }}{% debug %}",
    "%(name)s %s %d {0}",
    '=HYPERLINK("http://x")',
    "../../etc/passwd",
    "null",
    "Ｎａｍｅ１２３",
    "é" * 201,
    "长" * 200,
    "长" * 201,
    "x" * 5001,
    "\r\n".join(["行"] * 300),
]

#: Any text, control characters and NUL included (never lone surrogates: no client can encode
#: them in UTF-8).
any_text = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl", "Zp"]), max_size=8),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=195, max_size=205),
)

#: Text that is fine on its own: the values a valid request is made of.
plain_text = st.text(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=30
)

MALFORMED_DATES = [
    "",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2024-05-06",
    "2024-02-30",
    "2023-02-29",
    "2024-13-01",
    "2024-00-10",
    "2024-5-6",
    "24/05/2024",
    "2024年5月6日",
    "２０２４-０５-０６",
    "2024-05-06T25:61:00",
    "2024-05-06\x00",
    "1e10",
    "today",
    "null",
]

#: Dates as a browser or client may send them: real ones of any year, and garbage.
any_date = st.one_of(
    st.sampled_from(MALFORMED_DATES),
    st.dates().map(lambda day: day.isoformat()),
    any_text,
)

MALFORMED_NUMBERS = [
    "",
    "-1",
    "-0",
    "0.5",
    "1.000000000000000000001",
    "1e3",
    "1e309",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "0x1F",
    "١٢",
    "１２",
    " 7 ",
    "7\x00",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "1" * 400,
]

#: Whole numbers as typed: any size and sign, in words, with decimals, infinite or not a number.
any_number = st.one_of(
    st.sampled_from(MALFORMED_NUMBERS),
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=12).map(str),
    any_text,
)

#: An id of a row to choose: missing rows, other people's rows, huge and malformed ids.
any_id = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**64).map(str),
    st.sampled_from(["", "0", "-1", "1.5", "NaN", "９", "9223372036854775808", "1 OR 1=1"]),
    any_text,
)


def field(valid, bad) -> st.SearchStrategy:
    """The field's valid value (or a strategy of them), a bad one, several values at once, or
    nothing at all."""
    good = valid if isinstance(valid, st.SearchStrategy) else st.just(valid)
    return st.one_of(
        good,
        bad,
        st.lists(bad, min_size=2, max_size=3),
        st.just(MISSING),
    )


@st.composite
def form_posts(draw, fields: dict[str, tuple]) -> dict:
    """POST data of a form: ``fields`` maps each name to (valid value, bad-value strategy).
    Each example keeps, spoils, repeats or leaves out each field, and may add one it does not
    know."""
    data = {}
    for name, (valid, bad) in fields.items():
        value = draw(field(valid, bad))
        if value is not MISSING:
            data[name] = value
    if draw(st.booleans()):
        data[draw(st.sampled_from(["extra", "id", "pk", "committee", "status", "created_by"]))] = (
            draw(any_text)
        )
    return data


#: JSON values of every type, for fields that expect one type.
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    any_text,
)
any_json = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def json_bodies(draw, fields: dict[str, tuple]) -> dict:
    """A JSON body: each field valid, of a bad value (``bad``), of any JSON type, or missing;
    perhaps with an unknown field."""
    body = {}
    for name, (valid, bad) in fields.items():
        value = draw(st.one_of(st.just(valid), bad, any_json, st.just(MISSING)))
        if value is not MISSING:
            body[name] = value
    if draw(st.booleans()):
        body[draw(st.sampled_from(["extra", "id", "status", "committee", "created_by"]))] = draw(
            any_json
        )
    return body


def days_ago(days: int) -> str:
    """A valid date ``days`` before today, as a form or JSON sends it."""
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()
