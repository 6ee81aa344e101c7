from wagtail.models import Page

from .queue import task
from .renditions import specs_for_page


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
