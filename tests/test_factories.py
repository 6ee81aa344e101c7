"""Every page type has a factory, so tests and the demo seed can build any page."""

from wagtail.models import get_page_models

from campaigns import factories as campaign_factories
from home import factories as home_factories

FACTORIES = {
    factory._meta.model
    for module in (campaign_factories, home_factories)
    for factory in vars(module).values()
    if isinstance(factory, type)
    and hasattr(factory, "_meta")
    and getattr(factory._meta, "model", None)
}


def test_every_page_type_has_a_factory():
    ours = [m for m in get_page_models() if m._meta.app_label in {"home", "campaigns"}]
    missing = [m.__name__ for m in ours if m not in FACTORIES]
    assert ours and not missing
