import pytest
from django.test import TestCase
from wagtail.images.models import Rendition
from wagtail.models import Site
from wagtail_factories import ImageFactory

from campaigns.factories import CampaignIndexPageFactory, CampaignPageFactory
from home.renditions import CARD_SPECS, HERO_SPECS, SOCIAL_SPEC, UPLOAD_SPECS
from home.tasks import renditions_pregenerate, upload_renditions_make


class PublishPregeneratesRenditionsTests(TestCase):
    def test_publishing_queues_the_renditions_the_page_shows(self):
        home = Site.objects.get(is_default_site=True).root_page
        index = CampaignIndexPageFactory(parent=home)
        image = ImageFactory()
        page = CampaignPageFactory(parent=index, hero_image=image)
        Rendition.objects.all().delete()

        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()

        specs = set(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True))
        assert specs == {*HERO_SPECS, *CARD_SPECS, SOCIAL_SPEC}


@pytest.mark.django_db
def test_pregenerate_ignores_a_deleted_page():
    assert renditions_pregenerate(987654) == 0


@pytest.mark.django_db
def test_an_uploaded_photo_is_made_in_its_sizes_and_a_deleted_one_is_skipped():
    image = ImageFactory()
    image_id = image.pk
    assert upload_renditions_make(image_id) == len(UPLOAD_SPECS)
    assert Rendition.objects.filter(image=image).count() == len(UPLOAD_SPECS)
    image.delete()
    assert upload_renditions_make(image_id) == 0
