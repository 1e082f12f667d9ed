"""Turning a landing file's bytes into text: the source's encodings, tried strictly.

A file is decoded once, up front, so every reader works on UTF-8 text whatever the source
system wrote. Decoding is strict: a byte sequence that is not valid in an encoding never turns
into replacement characters that would then load as data.
"""

from __future__ import annotations

import codecs
import struct
from dataclasses import dataclass

import pyarrow as pa

UTF8_BOM = codecs.BOM_UTF8
_UTF8_NAMES = {"utf-8", "utf8", "utf-8-sig", "utf_8", "utf_8_sig"}
# Bytes that never occur in text of any of the contract's encodings.
_BINARY_MARKERS = (b"\x00",)


@dataclass(frozen=True)
class Decoded:
    """A file's text and the encoding that decoded it."""

    text: str
    encoding: str

    @property
    def is_utf8(self) -> bool:
        return self.encoding in _UTF8_NAMES


def looks_binary(data: bytes) -> bool:
    """True when the bytes are not text in any encoding we accept (they hold NUL bytes)."""
    return any(marker in data for marker in _BINARY_MARKERS)


def _is_utf8_codec(encoding: str) -> bool:
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")


def _without_bom(data: bytes) -> bytes:
    return data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data


def is_utf8(data: bytes) -> bool:
    """True when `data` is valid UTF-8 (strictly, as Python's codec decides: no overlong forms,
    surrogates or code points past U+10FFFF).

    Arrow validates the bytes in place, without building a str: 0.07 s for a 370 MB file
    against 0.5 s for `bytes.decode`, whose text the UTF-8 readers never use.
    """
    offsets = pa.py_buffer(struct.pack("<qq", 0, len(data)))
    try:
        pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(data)).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def utf8_body(data: bytes, encodings: tuple[str, ...]) -> bytes | None:
    """`data` without its UTF-8 byte-order mark when the source allows UTF-8 and the bytes are
    valid UTF-8 (the choice `decode_bytes` makes first); None otherwise."""
    if not any(_is_utf8_codec(e) for e in encodings):
        return None
    body = _without_bom(data)
    return body if is_utf8(body) else None


def decode_bytes(data: bytes, encodings: tuple[str, ...]) -> Decoded | None:
    """Decode `data` with the first of `encodings` that decodes it strictly; None if none does.

    A UTF-8 byte-order mark is removed whenever a UTF-8 encoding is allowed. Valid UTF-8 is taken
    as UTF-8 even when the source lists GBK first: GBK text with Chinese characters is practically
    never valid UTF-8, while UTF-8 Chinese text often happens to decode as (wrong) GBK, so this
    order turns a mis-declared file into the right text instead of silent mojibake.
    """
    if any(_is_utf8_codec(e) for e in encodings):
        body = _without_bom(data)
        try:
            return Decoded(body.decode("utf-8"), "utf-8-sig" if body is not data else "utf-8")
        except UnicodeDecodeError:
            pass
    for encoding in encodings:
        if _is_utf8_codec(encoding):
            continue  # already tried above
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    return None
