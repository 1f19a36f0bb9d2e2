"""Upload payloads for logo and story photo tests, good and bad, made in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(fmt: str = "PNG", size=(600, 300), mode: str = "RGB", exif: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    kwargs = {"exif": exif} if exif else {}
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def upload(content: bytes, name: str = "logo.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_upload(**kwargs) -> SimpleUploadedFile:
    return upload(image_bytes("PNG", **kwargs))


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."  # Make
    exif[0x8825] = {2: (21.0, 1.0, 0.0)}  # GPS info
    return image_bytes("JPEG", exif=exif.tobytes())


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def truncated_png() -> bytes:
    data = image_bytes("PNG", size=(800, 800))
    return data[: len(data) // 2]


def bomb_png() -> bytes:
    """A tiny file that claims 10000 x 5000 = 50 megapixels (over the 16-megapixel limit)."""
    return bilevel_png((10000, 5000))


def bilevel_png(size) -> bytes:
    """A PNG of one bit a pixel: a few kB even at the pixel limit (16 megapixels), cheap to make."""
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(size, **options) -> bytes:
    """A plain JPEG; `options` go to Pillow's save (progressive, subsampling, exif, comment…)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format="JPEG", **options)
    return buffer.getvalue()


def oversize_png() -> bytes:
    """A valid PNG just over 5 MB: random noise does not compress."""
    import os

    side = 1400
    noise = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG", compress_level=0)
    return buffer.getvalue()
