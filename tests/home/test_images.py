"""Images lose every trace of where, when and by whom they were taken, originals included."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from home.images import image_clean, images_reclean

pytestmark = pytest.mark.django_db

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'photoshop:City="Doha" exif:GPSLatitude="25,17.1N"/></rdf:RDF></x:xmpmeta>'
)
# Long enough never to turn up by chance in compressed pixels; the GPS block is
# numbers, checked through getexif() below.
TELLTALES = (b"Siti Aminah", b"Doha", b"xmpmeta", b"Pixel 7", b"Exif\x00\x00", b"eXIf")


def tagged_photo(fmt="JPEG", size=(64, 32), orientation=1):
    """A photo as a phone makes it: GPS position, camera, owner, XMP, an orientation."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, size[0] // 2, size[1] // 2))  # the top-left corner is blue
    exif = image.getexif()
    exif[0x013B] = "Siti Aminah"  # Artist
    exif[0x010F] = "Google"  # Make
    exif[0x0110] = "Pixel 7"  # Model
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (25.0, 17.0, 6.0)
    gps[3], gps[4] = "E", (51.0, 31.0, 48.0)
    out = io.BytesIO()
    options = {"exif": exif.tobytes()}
    if fmt in ("JPEG", "WEBP", "PNG"):
        options["xmp"] = XMP
    image.save(out, format=fmt, **options)
    data = out.getvalue()
    assert b"Siti Aminah" in data
    return data


def assert_clean(data):
    for telltale in TELLTALES:
        assert telltale not in data, telltale
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert not image.getexif().get_ifd(0x8825)
        assert "xmp" not in image.info and "exif" not in image.info
        assert "icc_profile" not in image.info


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "AVIF"])
def test_image_clean_keeps_only_the_pixels(fmt):
    cleaned = image_clean(tagged_photo(fmt))
    assert cleaned.format == fmt
    assert_clean(cleaned.data)


def test_the_photo_is_turned_the_way_the_camera_meant():
    cleaned = image_clean(tagged_photo(orientation=6))  # "rotate 90° clockwise to view"
    assert (cleaned.width, cleaned.height) == (32, 64)
    with Image.open(io.BytesIO(cleaned.data)) as image:
        red, _green, blue = image.convert("RGB").getpixel((28, 2))  # now the top-right
        assert blue > red


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7 not a picture", "not a picture we can read"),
        (tagged_photo()[:200], "damaged or incomplete"),
    ],
    ids=["pdf", "truncated"],
)
def test_what_is_not_a_whole_picture_is_refused_with_a_message(data, message):
    with pytest.raises(ValidationError) as error:
        image_clean(data)
    assert message in str(error.value)


def test_too_many_pixels_are_refused_before_they_are_decoded(settings):
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, format="PNG")  # small file, 64 million pixels
    with pytest.raises(ValidationError) as error:
        image_clean(out.getvalue(), max_pixels=40_000_000)
    assert "at most 40 million pixels" in str(error.value)


def test_a_format_the_caller_does_not_take_is_refused():
    with pytest.raises(ValidationError) as error:
        image_clean(tagged_photo("PNG"), formats=("JPEG",))
    assert "not a picture we accept (JPEG)" in str(error.value)


def upload(admin_client, data, name="photo.jpg"):
    return admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "March in Doha", "file": SimpleUploadedFile(name, data), "collection": 1},
    )


def test_an_admin_upload_and_every_rendition_served_carry_no_metadata(admin_client):
    response = upload(admin_client, tagged_photo(size=(1600, 900)))
    assert response.status_code == 302, response.content[:2000]
    image = get_image_model().objects.get()
    with image.file.open("rb") as original:
        assert_clean(original.read())
    image.refresh_from_db()
    assert (image.width, image.height) == (1600, 900)
    assert image.file_size == image.file.size
    for spec in (
        "fill-1200x630|format-jpeg",
        "width-800|format-webp",
        "width-400|format-png",
        "width-400|format-avif",
        "original",
    ):
        rendition = image.get_rendition(Filter(spec=spec).spec)
        with rendition.file.open("rb") as served:
            assert_clean(served.read())


def test_an_admin_upload_that_is_not_a_picture_is_a_message_on_the_field(admin_client):
    response = upload(admin_client, b"%PDF-1.7 not a picture", name="photo.jpg")
    assert response.status_code == 200
    assert not get_image_model().objects.exists()
    assert response.context["form"].errors["file"]


def test_images_made_in_code_are_cleaned_too():
    image = get_image_model().objects.create(
        title="From a script", file=SimpleUploadedFile("script.jpg", tagged_photo())
    )
    with image.file.open("rb") as original:
        assert_clean(original.read())


def test_images_stored_before_cleaning_are_cleaned_by_the_command(settings):
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    model = get_image_model()
    name = default_storage.save("original_images/old.jpg", io.BytesIO(tagged_photo()))
    image = model(title="Old", file=name, width=64, height=32)
    model.objects.bulk_create([image])  # as stored before: no save(), no cleaning
    image = model.objects.get()
    with image.file.open("rb") as stored:
        assert b"Siti Aminah" in stored.read()
    rendition = image.get_rendition("width-40")
    rendition_name = rendition.file.name

    out = io.StringIO()
    call_command("clean_images", stdout=out)
    assert "1 images cleaned, 0 unreadable" in out.getvalue()
    image.refresh_from_db()
    with image.file.open("rb") as stored:
        assert_clean(stored.read())
    assert not image.renditions.exists()
    assert not default_storage.exists(rendition_name)
    assert images_reclean(model, model.get_rendition_model()) == (1, 0)
