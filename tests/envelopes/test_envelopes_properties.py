"""``parse``, ``detect`` and ``decode_body`` never raise on any body at all."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from errlsp.envelopes import DIALECTS, ApiError, decode_body, detect, parse

# Member names the readers look for, so generated documents reach deep into every reader.
MEMBERS = """ResponseStatus ErrorCode errorCode Errors FieldName Message error errors code
message target details innererror odata.error type title status detail instance pointer
invalid-params name reason source parameter @type fieldViolations field violations extensions
path locations data jsonapi param decline_code ok success loc msg value argumentName
invalidArgs error_description"""
KEYS = st.sampled_from(MEMBERS.split()) | st.text(max_size=8)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["type.googleapis.com/google.rpc.ErrorInfo", "about:blank", "404", "fail"])
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=6),
    max_leaves=40,
)
STATUS = st.none() | st.integers(-1, 1000)
HEADERS = st.none() | st.dictionaries(
    st.sampled_from(["Content-Type", "content-type", "X-Other"]),
    st.sampled_from(["application/problem+json", "application/vnd.api+json", "text/html"])
    | st.text(max_size=40),
    max_size=2,
)


def check(error):
    if error is None:
        return
    assert isinstance(error, ApiError)
    assert error.dialect in DIALECTS
    assert all(isinstance(code, str) and code.strip() for code in error.codes())
    assert all(isinstance(name, str) and name for name in error.all_fields())
    assert error.status is None or 100 <= error.status <= 599
    assert set(error.all_fields()) == set(error.fields) | {
        name for detail in error.details for name in detail.all_fields()
    }
    hash(error)


@settings(max_examples=400)
@given(value=JSON, status=STATUS, headers=HEADERS, dialect=st.none() | st.sampled_from(DIALECTS))
def test_parse_never_raises_on_json_values(value, status, headers, dialect):
    check(parse(value, status, headers, dialect=dialect))
    check(parse(json.dumps(value), status, headers, dialect=dialect))
    assert detect(value, headers) in (None, *DIALECTS)


@given(body=st.binary(max_size=200), headers=HEADERS, status=STATUS)
def test_parse_never_raises_on_bytes(body, headers, status):
    decoded = decode_body(body, headers)
    assert (decoded.json is None) or decoded.error is None
    check(parse(body, status, headers))


@given(prefix=JSON.map(json.dumps), cut=st.integers(0, 200))
def test_truncated_json_is_explained(prefix, cut):
    body = prefix[:cut]
    decoded = decode_body(body)
    if decoded.error is not None:
        assert decoded.json is None
        assert decoded.error.startswith(
            ("empty body", "not JSON", "truncated JSON", "invalid JSON", "JSON nested")
        )
    check(parse(body, 400))
