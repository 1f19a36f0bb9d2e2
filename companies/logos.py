"""Image uploads (logos, and the photos of success stories): strict validation with Pillow, then a clean re-encode.

Nothing the user sent is ever stored as is. The file is opened by Pillow, checked (format, byte size,
pixel count, complete decode) and drawn again into fresh WebP files, which drops EXIF, ICC tricks and
anything appended to or smuggled inside the original bytes.

Memory is bounded before anything is decoded (docs/performance.md, "Image uploads"): the header gives the
dimensions, and the largest output (a 1200 × 800 story photo) needs far fewer than the 16 megapixels allowed;
a JPEG is decoded at 1/2, 1/4 or 1/8 of its size when that still covers the output (`Image.draft`), and the
decoded image is shrunk band by band, so no full-size colour-converted copy is ever made. What a decoder needs
beyond the pixels themselves (a progressive JPEG keeps all its coefficients; Pillow's WebP decoder holds the
canvas several times) is estimated from the header and refused above DECODE_BUDGET.

Forms check cheaply in clean_<field> (check_image) and re-encode only once everything else is valid
(process_when_valid), so an invalid form never pays for a decode.
"""

import io
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
# A 12-megapixel phone photo (4032 × 3024) and a 16-megapixel one (4608 × 3456) fit; the outputs need at most
# 1200 × 800.
MAX_PIXELS = 16_000_000
# What decoding one accepted file may cost. A 16-megapixel PNG decodes into at most 64 MB (4 bytes a pixel).
DECODE_BUDGET = 64 * 1024 * 1024
ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP"}
DISPLAY_SIZE = (400, 400)
THUMBNAIL_SIZE = (96, 96)
# Rows of the full-size image converted and reduced at a time: about 2 MB for the widest accepted image.
BAND_ROWS = 128

_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


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
    too_costly: str  # with %(width)s and %(height)s: within the pixel limit, but too costly in its format
    unreadable: str


LOGO_MESSAGES = ImageMessages(
    too_large=_("The logo is too large (%(size)s MB). The limit is 5 MB."),
    too_many_pixels_sized=_("The logo has too many pixels (%(width)s × %(height)s). The limit is 16 megapixels."),
    too_many_pixels=_("The logo has too many pixels. The limit is 16 megapixels."),
    too_costly=_("The logo is too large to process in this format (%(width)s × %(height)s). Save it as a PNG or "
                 "a standard (not progressive) JPEG, or make it smaller."),
    unreadable=_("This file is not a readable PNG, JPEG or WebP image. Upload a PNG, JPEG or WebP logo."),
)


def check_logo(upload) -> None:
    """The cheap checks of an uploaded logo (no decoding): for the form field's clean method."""
    check_image(upload, LOGO_MESSAGES)


def process_logo(upload) -> ProcessedImage:
    """Validate an uploaded logo and return the re-encoded display and thumbnail images."""
    return process_image(upload, display_size=DISPLAY_SIZE, thumbnail_size=THUMBNAIL_SIZE, name="logo",
                         messages=LOGO_MESSAGES)


def check_image(upload, messages: ImageMessages) -> None:
    """Refuse an upload from its size and header alone: byte size, format, pixel count, decoding cost.

    Raises ValidationError with a message meant for the form field. Nothing is decoded, so this is cheap enough
    for every submission of a form, valid or not.
    """
    data = _read(upload, messages)
    image = _opened(data, messages)
    try:
        _check_cost(image, data, messages)
    finally:
        image.close()


def process_image(upload, *, display_size: tuple[int, int], thumbnail_size: tuple[int, int], name: str,
                  messages: ImageMessages) -> ProcessedImage:
    """Validate an uploaded file and return the re-encoded display and thumbnail images (WebP, `name`.webp and
    `name`-thumb.webp, each fitted inside its size).

    Raises ValidationError with a message meant for the form field. Runs check_image's checks first, then
    decodes at the smallest size that still covers `display_size`. Works on bytes in memory only, so a refused
    upload never reaches the storage.
    """
    data = _read(upload, messages)
    image = _opened(data, messages)
    try:
        _check_cost(image, data, messages)
        target = _covering_size(image.size, display_size)
        if image.format == "JPEG":
            image.draft(None, target)  # decodes at 1/2, 1/4 or 1/8 when that still covers the target
        try:
            image.load()
        except (OSError, SyntaxError, ValueError):
            raise ValidationError(messages.unreadable, code="invalid_image") from None
        orientation = _orientation(image)
        small = _reduced(image, target)
    finally:
        image.close()  # frees the full-size pixels now, before encoding (leaving a `with` block does not)
    small = small.transpose(_TRANSPOSE[orientation]) if orientation in _TRANSPOSE else small
    return ProcessedImage(
        display=ContentFile(_encode(small, display_size), name=f"{name}.webp"),
        thumbnail=ContentFile(_encode(small, thumbnail_size), name=f"{name}-thumb.webp"),
    )


def process_when_valid(form: forms.BaseForm, field: str,
                       process: Callable[[object], ProcessedImage]) -> ProcessedImage | None:
    """Re-encode the form's upload in `field` once every other check passed (call it at the end of full_clean);
    a file refused only now (e.g. truncated) becomes an error of that field. None when there is nothing to do.
    """
    upload = form.cleaned_data.get(field) if form.is_bound and not form.errors else None
    if not upload:
        return None
    try:
        return process(upload)
    except ValidationError as error:
        form.add_error(field, error)
        return None


def _read(upload, messages: ImageMessages) -> bytes:
    if upload.size > MAX_BYTES:
        raise ValidationError(messages.too_large, code="too_large",
                              params={"size": f"{upload.size / 1024 / 1024:.1f}"})
    upload.seek(0)
    data = upload.read()
    upload.seek(0)  # read again by process_image after check_image
    return data


def _opened(data: bytes, messages: ImageMessages) -> Image.Image:
    unreadable = ValidationError(messages.unreadable, code="invalid_image")
    try:
        # Pillow reads only the header here, so the pixel count is checked before anything is decoded.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=sorted(ALLOWED_FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(messages.too_many_pixels, code="too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise unreadable from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise ValidationError(messages.too_many_pixels_sized, code="too_many_pixels",
                              params={"width": width, "height": height})
    if image.format not in ALLOWED_FORMATS:
        image.close()
        raise unreadable
    return image


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation (1: upright); a damaged EXIF block is no reason to refuse the picture."""
    try:
        return image.getexif().get(ExifTags.Base.Orientation, 1)
    except (OSError, SyntaxError, ValueError, TypeError, KeyError):
        return 1


def _check_cost(image: Image.Image, data: bytes, messages: ImageMessages) -> None:
    if _decoding_cost(image, data) > DECODE_BUDGET:
        width, height = image.size
        raise ValidationError(messages.too_costly, code="too_costly", params={"width": width, "height": height})


def _decoding_cost(image: Image.Image, data: bytes) -> int:
    """Bytes the decoder needs for this file, estimated from its header (measured in bench/image_bench.py)."""
    width, height = image.size
    if image.format == "WEBP":
        # Pillow's decoder (libwebp's animation API) keeps two RGBA canvases, copies the frame into a bytes
        # object, then into the image: four copies of 4 bytes a pixel.
        return width * height * 16
    if image.format == "JPEG" and _jpeg_scans(data) > 1:
        # libjpeg keeps every DCT coefficient (2 bytes each) of a file in several scans until the last one,
        # whatever the scale it decodes at; the pixels, decoded small, are negligible beside them.
        return _jpeg_coefficient_bytes(image)
    return width * height * 4  # Pillow stores every mode we accept in at most 4 bytes a pixel


def _jpeg_coefficient_bytes(image: Image.Image) -> int:
    width, height = image.size
    layers = image.layer  # (id, horizontal sampling, vertical sampling, table) for each component
    h_max, v_max = max(layer[1] for layer in layers), max(layer[2] for layer in layers)
    total = 0
    for _id, h, v, _table in layers:
        # Blocks of 8 × 8, each line padded to whole MCUs as libjpeg allocates them.
        blocks_across = _round_up(math.ceil(width * h / (h_max * 8)), h)
        blocks_down = _round_up(math.ceil(height * v / (v_max * 8)), v)
        total += blocks_across * blocks_down * 64 * 2
    return total


def _round_up(value: int, step: int) -> int:
    return -(-value // step) * step


def _jpeg_scans(data: bytes, enough: int = 2) -> int:
    """How many scans (SOS markers) a JPEG has, counting up to `enough`. Walks the segments rather than searching
    the bytes: an EXIF thumbnail inside APP1 has markers of its own."""
    position, scans = 2, 0
    while position + 4 <= len(data) and scans < enough:
        if data[position] != 0xFF:
            break  # not a marker: a damaged file, which the decoder will refuse
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:  # end of image
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            position += 2
            continue
        position += 2 + int.from_bytes(data[position + 2:position + 4], "big")
        if marker == 0xDA:  # start of scan: skip its entropy-coded data up to the next real marker
            scans += 1
            position = _next_marker(data, position)
    return scans


def _next_marker(data: bytes, position: int) -> int:
    while (found := data.find(b"\xff", position)) != -1 and found + 1 < len(data):
        following = data[found + 1]
        if following == 0xFF:
            position = found + 1
        elif following == 0x00 or 0xD0 <= following <= 0xD7:  # a stuffed 0xFF byte, or a restart marker
            position = found + 2
        else:
            return found
    return len(data)


def _covering_size(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The size the image must keep to fill `box` once fitted into it, upright or turned a quarter (the EXIF
    orientation is only read after decoding)."""
    width, height = size
    scale = min(1, max(min(box[0] / width, box[1] / height), min(box[1] / width, box[0] / height)))
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def _reduced(image: Image.Image, target: tuple[int, int]) -> Image.Image:
    """The image in RGB, or RGBa (premultiplied alpha) when it has transparency, reduced by a whole factor that
    keeps at least twice `target` (the final Lanczos resize then has enough detail).

    Converted and reduced a band of rows at a time: a box average over factor × factor blocks gives the same
    pixels band by band as for the whole image, without a full-size copy. Premultiplied, because Pillow's reduce
    and resize premultiply an RGBA image anyway, each time into a new image of the source's size.
    """
    mode = "RGBa" if _has_alpha(image) else "RGB"
    width, height = image.size
    factor = max(1, min(width // (2 * target[0]), height // (2 * target[1])))
    result = Image.new(mode, (math.ceil(width / factor), math.ceil(height / factor)))
    band = factor * max(1, BAND_ROWS // factor)
    for top in range(0, height, band):
        rows = _converted(image.crop((0, top, width, min(top + band, height))), mode)
        result.paste(rows.reduce(factor) if factor > 1 else rows, (0, top // factor))
    return result


def _converted(image: Image.Image, mode: str) -> Image.Image:
    if image.mode == mode:
        return image
    if mode == "RGBa":
        return (image if image.mode == "RGBA" else image.convert("RGBA")).convert("RGBa")
    return image.convert(mode)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _encode(image: Image.Image, box: tuple[int, int]) -> bytes:
    """WebP of the image fitted inside `box` (never enlarged)."""
    width, height = image.size
    scale = min(1, box[0] / width, box[1] / height)
    fitted = max(1, round(width * scale)), max(1, round(height * scale))
    # Lanczos straight from the reduced image: no copy of it (Image.thumbnail works on a copy).
    resized = image.resize(fitted, Image.Resampling.LANCZOS, reducing_gap=3.0) if scale < 1 else image
    if resized.mode == "RGBa":
        resized = resized.convert("RGBA")
    buffer = io.BytesIO()
    resized.save(buffer, format="WEBP", quality=85, method=4)
    return buffer.getvalue()
