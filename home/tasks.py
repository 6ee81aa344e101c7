from wagtail.images import get_image_model
from wagtail.models import Page

from .queue import task
from .renditions import UPLOAD_SPECS, specs_for_page


@task
def renditions_pregenerate(page_id):
    """Make the image renditions a published page shows, so no visitor waits for them."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    made = 0
    for image, specs in specs_for_page(page.specific):
        image.get_renditions(*specs)
        made += len(specs)
    return made


@task
def upload_renditions_make(image_id):
    """Make the sizes an uploaded photo is shown in (UPLOAD_SPECS), before anyone asks."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return 0
    image.get_renditions(*UPLOAD_SPECS)
    return len(UPLOAD_SPECS)
