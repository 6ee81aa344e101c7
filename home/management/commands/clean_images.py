"""Strip metadata from every stored image again (uploads are cleaned as they arrive)."""

from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from home.images import images_reclean


class Command(BaseCommand):
    help = "Re-encode every stored original image without metadata and forget its renditions."

    def handle(self, *args, **options):
        image_model = get_image_model()
        rendition_model = image_model.get_rendition_model()
        cleaned, unreadable = images_reclean(image_model, rendition_model, log=self.stderr.write)
        self.stdout.write(f"{cleaned} images cleaned, {unreadable} unreadable.")
