"""Decoding: the source's encodings, strictly; BOM; GBK; undecodable bytes."""

from __future__ import annotations

from ingest.decode import decode_bytes, looks_binary

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
