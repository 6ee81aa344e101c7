"""Every page type has a factory, so tests and the demo seed can build any page."""

import importlib
import inspect

from factory.base import FactoryMetaClass
from wagtail.models import get_page_models

from tests.utils import our_apps


def our_factories():
    """The model of every factory in every app's factories.py."""
    models = set()
    for app in our_apps():
        try:
            module = importlib.import_module(f"{app.name}.factories")
        except ModuleNotFoundError:
            continue
        for _name, factory in inspect.getmembers(module, lambda f: isinstance(f, FactoryMetaClass)):
            if getattr(factory._meta, "model", None) is not None:
                models.add(factory._meta.model)
    return models


def test_every_page_type_of_every_app_has_a_factory():
    labels = {app.label for app in our_apps()}
    ours = [model for model in get_page_models() if model._meta.app_label in labels]
    missing = [model._meta.label for model in ours if model not in our_factories()]
    assert {model._meta.app_label for model in ours} >= {"home", "campaigns", "petitions"}
    assert not missing, f"add a factory for {missing} to the app's factories.py"
