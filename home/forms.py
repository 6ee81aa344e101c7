"""The Wagtail image form, refusing on the field what home.images cannot clean."""

from wagtail.images.forms import BaseImageForm

from .images import image_clean


class CleanImageForm(BaseImageForm):
    """Every image upload in the admin (single, multiple, chooser) is checked here first.

    The file itself is cleaned when the image is saved (home/signals.py); checking
    here turns what cannot be cleaned into a message on the field, not an error page.
    """

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            image_clean(file)
        return file
