import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image, ImageFile

from companies.forms import CompanyForm
from companies.logos import check_logo, process_logo
from companies.models import Company
from tests import images
from tests.companies.test_views import valid_post
from tests.conftest import stored_files


@pytest.fixture
def decoded(monkeypatch) -> list[tuple[int, int]]:
    """The size of every image Pillow decodes from a file during the test (at the size it decodes at)."""
    sizes = []
    load = ImageFile.ImageFile.load

    def recording_load(image):
        if image.tile:  # pixels still to decode (a second call returns the loaded ones)
            sizes.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", recording_load)
    return sizes


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


def test_process_logo_refuses_decompression_bomb_before_decoding(decoded):
    with pytest.raises(ValidationError) as error:
        process_logo(images.upload(images.bomb_png()))

    assert error.value.code == "too_many_pixels"
    assert error.value.params == {"width": 10000, "height": 5000}
    assert decoded == []


def test_check_logo_refuses_dimensions_just_over_16_megapixels_from_the_header(decoded):
    with pytest.raises(ValidationError) as error:
        check_logo(images.upload(images.bilevel_png((4001, 4000))))

    assert error.value.messages == ["The logo has too many pixels (4001 × 4000). The limit is 16 megapixels."]
    assert decoded == []


def test_process_logo_accepts_16_megapixels():
    logo = process_logo(images.upload(images.bilevel_png((4000, 4000))))

    assert Image.open(io.BytesIO(logo.display.read())).size == (400, 400)


def test_create_company_refuses_logo_over_the_pixel_limit_and_saves_nothing(client, loner, media_root):
    client.force_login(loner)
    logo = images.upload(images.bilevel_png((5000, 4000)))

    response = client.post(reverse("companies:create"), valid_post(logo=logo))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "logo": ["The logo has too many pixels (5000 × 4000). The limit is 16 megapixels."]}
    assert (Company.objects.count(), stored_files(media_root)) == (0, [])


def test_company_form_with_another_field_invalid_does_not_decode_the_logo(db, decoded):
    form = CompanyForm(valid_post(name=""), {"logo": images.png_upload(size=(1200, 600))})

    assert form.errors == {"name": ["This field is required."]}
    assert (decoded, form.processed_logo) == ([], None)


def test_company_form_decodes_the_logo_once_everything_is_valid(db, decoded):
    form = CompanyForm(valid_post(), {"logo": images.png_upload(size=(1200, 600))})

    assert form.is_valid()
    assert decoded == [(1200, 600)]
    assert Image.open(io.BytesIO(form.processed_logo.display.read())).size == (400, 200)


def test_company_form_reports_a_logo_that_fails_to_decode_on_the_logo_field(db):
    form = CompanyForm(valid_post(), {"logo": images.upload(images.truncated_png())})

    assert form.errors == {"logo": ["This file is not a readable PNG, JPEG or WebP image. Upload a PNG, JPEG or "
                                    "WebP logo."]}
    assert form.processed_logo is None


def test_process_logo_decodes_a_large_jpeg_at_reduced_size(decoded):
    logo = process_logo(images.upload(images.jpeg_bytes((4000, 3000)), "photo.jpg", "image/jpeg"))

    # 1/8 of 4000 × 3000 still covers the 400 × 300 the logo needs.
    assert decoded == [(500, 375)]
    display = Image.open(io.BytesIO(logo.display.read()))
    thumbnail = Image.open(io.BytesIO(logo.thumbnail.read()))
    assert (display.size, thumbnail.size) == ((400, 300), (96, 72))


def test_process_logo_turns_the_image_as_its_exif_orientation_says():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    content = images.jpeg_bytes((1200, 600), exif=exif.tobytes())

    logo = process_logo(images.upload(content, "photo.jpg", "image/jpeg"))

    assert Image.open(io.BytesIO(logo.display.read())).size == (200, 400)


def test_process_logo_keeps_transparency_of_a_large_palette_png():
    image = Image.new("P", (3000, 1500), 1)
    image.putpalette([0, 0, 0, 200, 30, 30])
    image.paste(0, (0, 0, 1500, 1500))  # the left half in the transparent colour
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", transparency=0)

    logo = process_logo(images.upload(buffer.getvalue()))

    display = Image.open(io.BytesIO(logo.display.read()))
    assert (display.mode, display.size) == ("RGBA", (400, 200))
    assert (display.getpixel((50, 100))[3], display.getpixel((350, 100))[3]) == (0, 255)


def test_check_logo_refuses_progressive_jpeg_whose_coefficients_exceed_the_budget(decoded):
    content = images.jpeg_bytes((3400, 3400), progressive=True, subsampling=0)  # 4:4:4: 69 MB of coefficients

    with pytest.raises(ValidationError) as error:
        check_logo(images.upload(content, "photo.jpg", "image/jpeg"))

    assert error.value.messages == ["The logo is too large to process in this format (3400 × 3400). Save it as a "
                                    "PNG or a standard (not progressive) JPEG, or make it smaller."]
    assert decoded == []


@pytest.mark.parametrize(
    "options",
    [{"subsampling": 0}, {"subsampling": 0, "comment": b"\xff\xda\x00\x08 a scan marker in a comment"},
     {"progressive": True, "subsampling": 2}],
    ids=["baseline-444", "baseline-with-marker-in-comment", "progressive-420"],
)
def test_check_logo_accepts_jpeg_within_the_budget(options):
    check_logo(images.upload(images.jpeg_bytes((3400, 3400), **options), "photo.jpg", "image/jpeg"))


def test_check_logo_refuses_webp_over_the_budget():
    buffer = io.BytesIO()
    Image.new("RGB", (2100, 2100)).save(buffer, format="WEBP", lossless=True)

    with pytest.raises(ValidationError) as error:
        check_logo(images.upload(buffer.getvalue(), "logo.webp", "image/webp"))

    assert (error.value.code, error.value.params) == ("too_costly", {"width": 2100, "height": 2100})


def test_process_logo_refuses_file_over_5_mb():
    content = images.oversize_png()
    assert len(content) > 5 * 1024 * 1024

    with pytest.raises(ValidationError) as error:
        process_logo(images.upload(content))

    assert error.value.code == "too_large"
