"""Every app of ours is under the import-linter contracts that `make test` checks."""

import tomllib
from pathlib import Path

from django.conf import settings

from tests.utils import our_apps


def test_every_app_of_ours_is_checked_by_the_layer_contract():
    config = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
    checked = set(config["tool"]["importlinter"]["root_packages"])
    ours = {app.name for app in our_apps()}
    assert ours, "the project's own apps are found"
    assert ours <= checked, f"add {sorted(ours - checked)} to root_packages (and its layer)"
    (layers,) = (
        contract["layers"]
        for contract in config["tool"]["importlinter"]["contracts"]
        if contract["id"] == "layers"
    )
    layered = {name.strip("() ") for layer in layers for name in layer.split("|")}
    assert ours - {"users"} <= layered, "every app but users has its place in a layer"
