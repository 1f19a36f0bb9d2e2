"""Logo uploads: strict validation with Pillow, then a clean re-encode.

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
class ProcessedLogo:
    display: ContentFile
    thumbnail: ContentFile


def process_logo(upload) -> ProcessedLogo:
    """Validate an uploaded file and return the re-encoded display and thumbnail images.

    Raises ValidationError with a message meant for the form field. Works on bytes in memory only,
    so a refused upload never reaches the storage.
    """
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The logo is too large (%(size)s MB). The limit is 5 MB."),
            code="too_large",
            params={"size": f"{upload.size / 1024 / 1024:.1f}"},
        )
    data = upload.read()
    image = _open_checked(data)
    image = ImageOps.exif_transpose(image)
    image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    return ProcessedLogo(
        display=ContentFile(_encode(image, DISPLAY_SIZE), name="logo.webp"),
        thumbnail=ContentFile(_encode(image, THUMBNAIL_SIZE), name="logo-thumb.webp"),
    )


def _open_checked(data: bytes) -> Image.Image:
    unreadable = ValidationError(
        _("This file is not a readable PNG, JPEG or WebP image. Upload a PNG, JPEG or WebP logo."),
        code="invalid_image",
    )
    try:
        # Pillow reads only the header here, so the pixel count is checked before anything is decoded.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=sorted(ALLOWED_FORMATS))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("The logo has too many pixels (%(width)s × %(height)s). The limit is 40 megapixels."),
                    code="too_many_pixels",
                    params={"width": width, "height": height},
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The logo has too many pixels. The limit is 40 megapixels."), code="too_many_pixels"
        ) from None
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
