"""Telling a password-protected Office file from an old .xls: both are OLE compound files, and only the names in
the file's directory say which (an encrypted OOXML package keeps its workbook in «EncryptedPackage» beside
«EncryptionInfo»). Shared by the unit workbooks and the indicator workbooks, which refuse both with their own words."""

from __future__ import annotations

from typing import BinaryIO

#: Every OLE compound file (old .xls, and any password-protected Office file) starts with this.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Directory entry names in an OLE file are UTF-16LE.
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
# How much of the file is looked at: its header sector, then its first directory sector.
_SAMPLE_BYTES = 64 * 1024


def _directory_sample(handle: BinaryIO) -> bytes:
    """The first bytes of an OLE file and of its directory: enough to find the stream names. Only these are
    read, never the whole file (an old-format file can be gigabytes)."""
    head = handle.read(_SAMPLE_BYTES)
    if len(head) < 0x34:
        return head
    sector_shift = int.from_bytes(head[0x1E:0x20], "little")
    first_directory_sector = int.from_bytes(head[0x30:0x34], "little")
    if not 7 <= sector_shift <= 16 or first_directory_sector >= 0xFFFFFFFA:
        return head
    handle.seek((first_directory_sector + 1) << sector_shift)
    return head + handle.read(_SAMPLE_BYTES)


def is_encrypted_package(handle: BinaryIO) -> bool:
    """Whether the OLE file open in ``handle`` (read from its start) is an encrypted Office document."""
    return _ENCRYPTION_STREAM in _directory_sample(handle)
