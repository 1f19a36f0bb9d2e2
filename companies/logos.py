"""Image uploads (logos, and the photos of success stories): strict validation with Pillow, then a clean re-encode.

Nothing the user sent is ever stored as is. The file is opened by Pillow, checked (format, byte size,
pixel count, complete decode) and drawn again into fresh WebP files, which drops EXIF, ICC tricks and
anything appended to or smuggled inside the original bytes.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP"}
DISPLAY_SIZE = (400, 400)
THUMBNAIL_SIZE = (96, 96)


@dataclass(frozen=True)
class ProcessedImage:
    display: ContentFile
    thumbnail: ContentFile


ProcessedLogo = ProcessedImage


@dataclass(frozen=True)
class ImageMessages:
    """What the form says about a refused upload, naming the kind of image ("logo", "photo")."""

    too_large: str  # with %(size)s
    too_many_pixels_sized: str  # with %(width)s and %(height)s
    too_many_pixels: str
    unreadable: str


LOGO_MESSAGES = ImageMessages(
    too_large=_("The logo is too large (%(size)s MB). The limit is 5 MB."),
    too_many_pixels_sized=_("The logo has too many pixels (%(width)s × %(height)s). The limit is 40 megapixels."),
    too_many_pixels=_("The logo has too many pixels. The limit is 40 megapixels."),
    unreadable=_("This file is not a readable PNG, JPEG or WebP image. Upload a PNG, JPEG or WebP logo."),
)


def process_logo(upload) -> ProcessedImage:
    """Validate an uploaded logo and return the re-encoded display and thumbnail images."""
    return process_image(upload, display_size=DISPLAY_SIZE, thumbnail_size=THUMBNAIL_SIZE, name="logo",
                         messages=LOGO_MESSAGES)


def process_image(upload, *, display_size: tuple[int, int], thumbnail_size: tuple[int, int], name: str,
                  messages: ImageMessages) -> ProcessedImage:
    """Validate an uploaded file and return the re-encoded display and thumbnail images (WebP, `name`.webp and
    `name`-thumb.webp, each fitted inside its size).

    Raises ValidationError with a message meant for the form field. Works on bytes in memory only,
    so a refused upload never reaches the storage.
    """
    if upload.size > MAX_BYTES:
        raise ValidationError(messages.too_large, code="too_large",
                              params={"size": f"{upload.size / 1024 / 1024:.1f}"})
    data = upload.read()
    image = _open_checked(data, messages)
    image = ImageOps.exif_transpose(image)
    image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    return ProcessedImage(
        display=ContentFile(_encode(image, display_size), name=f"{name}.webp"),
        thumbnail=ContentFile(_encode(image, thumbnail_size), name=f"{name}-thumb.webp"),
    )


def _open_checked(data: bytes, messages: ImageMessages) -> Image.Image:
    unreadable = ValidationError(messages.unreadable, code="invalid_image")
    try:
        # Pillow reads only the header here, so the pixel count is checked before anything is decoded.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=sorted(ALLOWED_FORMATS))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(messages.too_many_pixels_sized, code="too_many_pixels",
                                      params={"width": width, "height": height})
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(messages.too_many_pixels, code="too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise unreadable from None
    if image.format not in ALLOWED_FORMATS:
        raise unreadable
    return image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _encode(image: Image.Image, size: tuple[int, int]) -> bytes:
    copy = image.copy()
    copy.thumbnail(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, format="WEBP", quality=85, method=4)
    return buffer.getvalue()
