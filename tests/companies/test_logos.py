import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from companies.logos import process_logo
from tests import images


def test_process_logo_reencodes_png_to_webp_display_and_thumbnail():
    logo = process_logo(images.png_upload(size=(1200, 600)))

    display = Image.open(io.BytesIO(logo.display.read()))
    thumbnail = Image.open(io.BytesIO(logo.thumbnail.read()))
    assert (display.format, display.size) == ("WEBP", (400, 200))
    assert (thumbnail.format, thumbnail.size) == ("WEBP", (96, 48))


def test_process_logo_keeps_transparency():
    logo = process_logo(images.upload(images.image_bytes("PNG", mode="RGBA")))

    assert Image.open(io.BytesIO(logo.display.read())).mode == "RGBA"


def test_process_logo_drops_exif():
    original = images.jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif()[0x010F] == "SpyCam Inc."

    logo = process_logo(images.upload(original, "photo.jpg", "image/jpeg"))

    display = Image.open(io.BytesIO(logo.display.read()))
    assert dict(display.getexif()) == {}
    assert b"SpyCam" not in logo.display.read()


def test_process_logo_drops_payload_appended_to_image():
    smuggled = images.image_bytes("PNG") + b"<?php system($_GET['c']); ?>"

    logo = process_logo(images.upload(smuggled))

    logo.display.seek(0)
    assert b"<?php" not in logo.display.read()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_process_logo_accepts_allowed_formats(fmt):
    logo = process_logo(images.upload(images.image_bytes(fmt), f"logo.{fmt.lower()}"))

    assert Image.open(io.BytesIO(logo.display.read())).size == (400, 200)


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (images.SVG, "logo.svg", "invalid_image"),
        (images.HTML, "logo.png", "invalid_image"),
        (b"", "empty.png", "invalid_image"),
        (images.image_bytes("GIF"), "logo.gif", "invalid_image"),
        (images.image_bytes("BMP"), "logo.bmp", "invalid_image"),
    ],
    ids=["svg", "html-renamed-png", "empty", "gif", "bmp"],
)
def test_process_logo_refuses_what_is_not_png_jpeg_or_webp(content, name, code):
    with pytest.raises(ValidationError) as error:
        process_logo(images.upload(content, name))

    assert error.value.code == code


def test_process_logo_refuses_truncated_image():
    with pytest.raises(ValidationError) as error:
        process_logo(images.upload(images.truncated_png()))

    assert error.value.code == "invalid_image"


def test_process_logo_refuses_decompression_bomb_before_decoding():
    with pytest.raises(ValidationError) as error:
        process_logo(images.upload(images.bomb_png()))

    assert error.value.code == "too_many_pixels"
    assert error.value.params == {"width": 10000, "height": 5000}


def test_process_logo_refuses_file_over_5_mb():
    content = images.oversize_png()
    assert len(content) > 5 * 1024 * 1024

    with pytest.raises(ValidationError) as error:
        process_logo(images.upload(content))

    assert error.value.code == "too_large"
