"""AWS: the service models botocore ships, read by name (botocore:s3) or from a file."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from errlsp.catalog import load_catalog

botocore_session = pytest.importorskip("botocore.session")


def _error_shapes(service: str) -> dict[str, int | None]:
    """What botocore's own model API says: error code -> HTTP status (None when not given)."""
    model = botocore_session.get_session().get_service_model(service)
    return {
        shape.error_code or shape.name: shape.metadata.get("error", {}).get("httpStatusCode")
        for shape in model.error_shapes
    }


@pytest.mark.parametrize("service", ["s3", "dynamodb", "sqs"])
def test_service_codes_and_statuses_match_botocore(service, tmp_path, cli):
    output = tmp_path / f"{service}.toml"
    code, _, err = cli("catalog", "import", f"botocore:{service}", "-o", str(output))
    assert code == 0, err
    catalog = load_catalog(output)
    expected = _error_shapes(service)
    assert {entry.code for entry in catalog} == set(expected)
    for entry in catalog:
        status = expected[entry.code]
        if status is not None:
            assert entry.statuses == (status,), entry.code
        else:  # JSON/Query protocols: 400 for client faults, 500 for server faults
            assert entry.statuses in ((400,), (500,)), entry.code
    assert catalog.name == f"aws-{service}"
    # S3 answers with <Error><Code>; DynamoDB and SQS (JSON protocol) with {"__type": ...}
    assert catalog.envelope == {"s3": "s3-xml", "dynamodb": "aws-json", "sqs": "aws-json"}[service]
    text = output.read_text(encoding="utf-8")
    assert f"from botocore:{service}." in text.splitlines()[0]
    assert "<p>" not in text  # documentation HTML became text


def test_s3_statuses_come_from_the_model():
    from errlsp.cli.catalog_import import import_botocore_services

    (s3,) = import_botocore_services("botocore:s3")
    by_code = {listing.code: listing for listing in s3.codes}
    assert by_code["NoSuchBucket"].statuses == (404,)
    assert by_code["NoSuchBucket"].message == "The specified bucket does not exist."
    assert not by_code["NoSuchBucket"].notes  # read, not inferred


def test_two_services_merge_into_one_catalog_with_sources(tmp_path, cli):
    output = tmp_path / "aws.toml"
    code, _, err = cli("catalog", "import", "botocore:s3,dynamodb", "-o", str(output))
    assert code == 0, err
    catalog = load_catalog(output)
    assert catalog.name == "aws-s3-dynamodb"
    assert catalog.title == "Amazon Simple Storage Service, Amazon DynamoDB"
    s3, dynamodb = _error_shapes("s3"), _error_shapes("dynamodb")
    assert {entry.code for entry in catalog} == set(s3) | set(dynamodb)
    assert catalog.get("NoSuchKey").sources == ("botocore:s3",)
    assert catalog.get("ConditionalCheckFailedException").sources == ("botocore:dynamodb",)


def test_a_service_file_gz_or_plain(tmp_path, cli):
    import botocore

    data = Path(botocore.__file__).parent / "data" / "sqs"
    model = sorted(data.glob("*/service-2.json.gz"))[-1]
    copied = tmp_path / "service-2.json.gz"
    shutil.copy(model, copied)
    plain = tmp_path / "plain" / "service-2.json"
    plain.parent.mkdir()
    plain.write_bytes(gzip.decompress(model.read_bytes()))
    for source in (copied, plain):
        output = tmp_path / f"{source.parent.name}.toml"
        code, _, err = cli("catalog", "import", str(source), "-o", str(output))
        assert code == 0, err
        assert {entry.code for entry in load_catalog(output)} == set(_error_shapes("sqs"))


def test_unknown_service_is_one_line(cli):
    code, _, err = cli("catalog", "import", "botocore:no-such-service")
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("error: botocore has no service 'no-such-service'")
