import pytest
from django.test import TestCase
from wagtail.images.models import Rendition
from wagtail.models import Site
from wagtail_factories import ImageFactory

from campaigns.factories import CampaignIndexPageFactory, CampaignPageFactory
from home.renditions import CARD_SPEC, HERO_SPECS, SOCIAL_SPEC
from home.tasks import renditions_pregenerate


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
        assert specs == {*HERO_SPECS, CARD_SPEC, SOCIAL_SPEC}


@pytest.mark.django_db
def test_pregenerate_ignores_a_deleted_page():
    assert renditions_pregenerate(987654) == 0
