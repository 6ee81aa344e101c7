"""Every language the site offers has a complete, compiled catalogue: no string
falls back to English for a supporter who reads Nepali or Urdu."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
OFFERED = [code for code, _name in settings.LANGUAGES if code != "en"]
STATISTICS = re.compile(r"(\d+) (translated|fuzzy|untranslated) (?:message|translation)")

MSGFMT = shutil.which("msgfmt")
pytestmark = pytest.mark.skipif(MSGFMT is None, reason="gettext is not installed")


def _po(code):
    return LOCALE / code / "LC_MESSAGES" / "django.po"


def _msgids(code):
    text = _po(code).read_text(encoding="utf-8")
    return set(re.findall(r'^msgid "(.*)"$', text, flags=re.MULTILINE)) - {""}


@pytest.mark.parametrize("code", OFFERED)
def test_every_string_is_translated_and_none_is_fuzzy(code):
    checked = subprocess.run(  # noqa: S603 - gettext on our own catalogue
        [MSGFMT, "--check", "--statistics", "-o", "/dev/null", str(_po(code))],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    counts = {kind: int(n) for n, kind in STATISTICS.findall(checked.stderr)}
    assert counts.get("translated", 0) > 0
    assert counts.get("fuzzy", 0) == 0, checked.stderr
    assert counts.get("untranslated", 0) == 0, checked.stderr


@pytest.mark.parametrize("code", OFFERED)
def test_the_compiled_catalogue_is_the_one_written(code, tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(  # noqa: S603 - gettext on our own catalogue
        [MSGFMT, "--check-format", "-o", str(compiled), str(_po(code))], check=True
    )
    assert compiled.read_bytes() == (_po(code).with_suffix(".mo")).read_bytes(), (
        "run `make messages` (compilemessages) and commit the .mo"
    )


def test_every_catalogue_holds_the_same_strings():
    reference = _msgids(OFFERED[0])
    for code in OFFERED[1:]:
        assert _msgids(code) == reference, f"{code} is out of step: run `make messages`"
