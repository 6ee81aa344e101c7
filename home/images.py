"""Images people upload, cleaned before anything stores or shows them.

A phone's photo says where it was taken (GPS), on what device and by whom
(EXIF, XMP, IPTC). For a migrant worker posting from a dormitory that is a
danger, not a detail. Every image the site keeps goes through `image_clean`:
the real type is checked (not the name), the size in pixels is bounded
(decompression bombs), the photo is turned the way the camera meant (EXIF
orientation applied), and only its pixels are written again: no EXIF, GPS,
XMP, IPTC, comments or colour profile survive, in the original or in any
rendition made from it. Wagtail images are cleaned on save (home/signals.py);
the walls' and event reports' photos call `image_clean` themselves.
"""

import io
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# Pillow's format name -> (file extension, save options).
FORMATS = {
    "JPEG": ("jpg", {"quality": 90, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "GIF": ("gif", {}),
    "WEBP": ("webp", {"quality": 90}),
    "AVIF": ("avif", {"quality": 80}),
}
SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self):
        return FORMATS[self.format][0]

    def name_for(self, name):
        """`name` with the extension of what it now is."""
        return f"{os.path.splitext(name)[0]}.{self.extension}"


def image_clean(file, *, formats=tuple(FORMATS), max_pixels=None):
    """The image in `file` (a file object or bytes), re-encoded with nothing but its pixels.

    Raises ValidationError, with a message a person understands, for anything
    that is not an image of one of `formats`, is truncated, or is too large.
    An animated GIF or WebP keeps its first frame.
    """
    max_pixels = max_pixels or settings.IMAGE_MAX_PIXELS
    raw = file if isinstance(file, bytes) else _read(file)
    try:
        with Image.open(io.BytesIO(raw)) as image:
            kind = image.format
            if kind not in formats:
                raise ValidationError(
                    _("This file is not a picture we accept (%(formats)s)."),
                    code="format",
                    params={"formats": ", ".join(formats)},
                )
            if image.width * image.height > max_pixels:
                raise ValidationError(
                    _("This picture is too large: at most %(megapixels)s million pixels."),
                    code="pixels",
                    params={"megapixels": max_pixels // 1_000_000},
                )
            image.load()
            pixels = _pixels_only(image)
    except Image.DecompressionBombError:
        # Pillow refuses to open it at all: far beyond any limit of ours.
        raise ValidationError(
            _("This picture is too large: at most %(megapixels)s million pixels."),
            code="pixels",
            params={"megapixels": max_pixels // 1_000_000},
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not a picture we can read."), code="invalid"
        ) from None
    except (OSError, SyntaxError, ValueError):
        # Truncated or corrupt data.
        raise ValidationError(
            _("This picture is damaged or incomplete. Please try another file."), code="invalid"
        ) from None
    options = FORMATS[kind][1]
    if kind == "JPEG" and pixels.mode not in ("RGB", "L", "CMYK"):
        pixels = pixels.convert("RGB")
    out = io.BytesIO()
    pixels.save(out, format=kind, **options)
    return CleanImage(out.getvalue(), kind, pixels.width, pixels.height)


def _read(file):
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    if hasattr(file, "seek"):
        file.seek(0)
    return data


def _pixels_only(image):
    """A new image holding only the pixels, turned upright and in sRGB."""
    icc = image.info.get("icc_profile")
    transparency = image.info.get("transparency")
    image = ImageOps.exif_transpose(image) or image
    if icc and image.mode in ("RGB", "RGBA"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, source, SRGB, outputMode=image.mode)
        except (ImageCms.PyCMSError, OSError):
            pass  # an unreadable profile: the pixels as they are
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    if image.mode == "P":
        clean.putpalette(image.getpalette())
        if transparency is not None:
            clean.info["transparency"] = transparency
    return clean


def image_field_clean(image):
    """Clean a Wagtail image's new file in place, before it is stored (home/signals.py)."""
    cleaned = image_clean(image.file)
    from django.core.files.base import ContentFile

    image.file = ContentFile(cleaned.data, name=cleaned.name_for(os.path.basename(image.file.name)))
    image.width, image.height = cleaned.width, cleaned.height
    image._set_image_file_metadata()


def stored_image_reclean(storage, name):
    """Clean an original already stored; returns (new name, CleanImage), or None if unreadable."""
    with storage.open(name, "rb") as stored:
        raw = stored.read()
    try:
        cleaned = image_clean(raw, max_pixels=10**10)
    except ValidationError:
        return None
    new_name = cleaned.name_for(name)
    storage.delete(name)
    from django.core.files.base import ContentFile

    saved = storage.save(new_name, ContentFile(cleaned.data))
    return saved, cleaned


def images_reclean(image_model, rendition_model, *, log=None):
    """Clean every stored original and forget its renditions (they are made again, clean).

    Serves the data migration and `manage.py clean_images`; works on historical
    models too, so it uses only fields. Returns (cleaned, unreadable).
    """
    import hashlib

    cleaned_count = unreadable = 0
    for image in image_model.objects.all().iterator():
        if not image.file:
            continue
        storage = image.file.storage
        try:
            result = stored_image_reclean(storage, image.file.name)
        except OSError:
            result = None  # the file is missing from storage
        if result is None:
            unreadable += 1
            if log:
                log(f"could not read image {image.pk} ({image.file.name})")
            continue
        name, cleaned = result
        image_model.objects.filter(pk=image.pk).update(
            file=name,
            width=cleaned.width,
            height=cleaned.height,
            file_size=len(cleaned.data),
            file_hash=hashlib.sha1(cleaned.data, usedforsecurity=False).hexdigest(),
        )
        for rendition in rendition_model.objects.filter(image_id=image.pk):
            if rendition.file:
                rendition.file.storage.delete(rendition.file.name)
            rendition.delete()
        cleaned_count += 1
    return cleaned_count, unreadable


def uploaded_image_store(upload, *, title, name, collection):
    """A Wagtail image of a photo someone uploaded on a public form, in the named
    collection (made if missing). The form has checked it with image_clean;
    saving re-encodes it with nothing but its pixels (home/signals.py)."""
    from django.core.files.base import ContentFile
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    folder = root.get_children().filter(name=collection).first() or root.add_child(name=collection)
    upload.seek(0)
    image = get_image_model()(
        title=title,
        file=ContentFile(upload.read(), name=f"{name}-{os.path.basename(upload.name or 'photo')}"),
        collection=folder,
    )
    image.save()
    return image
