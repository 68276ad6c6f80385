"""Real images for the badge upload tests."""

import struct
import zlib


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(size: int | None = None) -> bytes:
    """A real 1x1 red PNG; with `size`, padded to exactly that many bytes by a comment."""
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    pixels = png_chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
    end = png_chunk(b"IEND", b"")
    image = b"\x89PNG\r\n\x1a\n" + header + pixels
    if size is not None:
        comment = b"Comment\x00"
        padding = size - len(image) - len(end) - 12 - len(comment)
        image += png_chunk(b"tEXt", comment + b"x" * padding)
    return image + end
