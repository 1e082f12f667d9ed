"""Decoding: the source's encodings, strictly; BOM; GBK; undecodable bytes."""

from __future__ import annotations

import pytest

from ingest.decode import decode_bytes, is_utf8, looks_binary, utf8_body

TEXT = "员工编号,姓名\n00012345,张三\n"


def test_utf8_is_decoded_as_utf8():
    decoded = decode_bytes(TEXT.encode("utf-8"), ("utf-8", "gbk"))
    assert decoded is not None and decoded.text == TEXT and decoded.is_utf8


def test_utf8_bom_is_removed():
    decoded = decode_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), ("utf-8", "utf-8-sig"))
    assert decoded is not None
    assert decoded.text == TEXT and decoded.encoding == "utf-8-sig"


def test_gbk_file_decodes_as_gbk():
    decoded = decode_bytes(TEXT.encode("gbk"), ("gbk", "utf-8"))
    assert decoded is not None and decoded.text == TEXT and decoded.encoding == "gbk"
    # A UTF-8-first source still falls through to GBK.
    assert decode_bytes(TEXT.encode("gbk"), ("utf-8", "utf-8-sig", "gbk")).text == TEXT


def test_utf8_file_in_gbk_first_source_is_not_mojibake():
    decoded = decode_bytes(TEXT.encode("utf-8"), ("gbk", "utf-8"))
    assert decoded is not None and decoded.text == TEXT


def test_gbk_bytes_in_utf8_only_source_are_undecodable():
    assert decode_bytes(TEXT.encode("gbk"), ("utf-8", "utf-8-sig")) is None


def test_invalid_bytes_in_every_encoding_are_undecodable():
    assert decode_bytes(b"abc,\xff\xff\xff\n", ("gbk", "utf-8")) is None


def test_binary_detection():
    assert looks_binary(b"PK\x03\x04\x00\x00")
    assert not looks_binary(TEXT.encode("gbk"))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"plain ascii\n",
        TEXT.encode("utf-8"),
        "emoji \U0001f600 and \u00e9".encode(),
        b"\xc0\xaf",  # overlong '/'
        b"\xe0\x80\xaf",  # overlong, three bytes
        b"\xed\xa0\x80",  # a surrogate
        b"\xf4\x90\x80\x80",  # past U+10FFFF
        b"ab\xe4\xb8",  # a sequence cut short
        b"\x80abc",  # a lone continuation byte
        TEXT.encode("gbk"),
    ],
)
def test_utf8_check_agrees_with_the_strict_codec(data: bytes) -> None:
    try:
        data.decode("utf-8")
        strict = True
    except UnicodeDecodeError:
        strict = False
    assert is_utf8(data) is strict


def test_utf8_body_drops_the_bom_and_needs_utf8_allowed() -> None:
    body = TEXT.encode("utf-8")
    assert utf8_body(b"\xef\xbb\xbf" + body, ("utf-8-sig",)) == body
    assert utf8_body(body, ("gbk", "utf-8")) == body
    assert utf8_body(body, ("gbk",)) is None
    assert utf8_body(TEXT.encode("gbk"), ("utf-8", "gbk")) is None
