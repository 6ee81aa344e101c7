"""Anti-abuse: signatures that look scripted are stored flagged, answered exactly like
everyone else's, and neither counted nor emailed."""

import re
import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from home.visitors import ip_hash
from petitions import services
from petitions.emails import confirm_token
from petitions.factories import SignatureFactory
from petitions.forms import STARTED_SALT
from petitions.models import PetitionAbuseSettings, PetitionTally, Signature
from petitions.selectors import petition_count
from supporters.models import Supporter
from tests.petitions.conftest import sign_url

pytestmark = pytest.mark.django_db

IP = "198.51.100.7"  # the `sign` fixture's REMOTE_ADDR
THANKS = re.compile(r"^(?P<path>/\S+/thanks/)\?ref=[\w:-]+$")
VARYING = re.compile(r'((?:name="csrfmiddlewaretoken" value|nonce)=)"[^"]*"')


@pytest.fixture
def post(client, petition, sign_data, django_capture_on_commit_callbacks):
    """Sign from a given address (REMOTE_ADDR, plus optional headers), tasks run."""

    def do(ip=IP, headers=None, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                sign_url(petition), sign_data(**overrides), REMOTE_ADDR=ip, **(headers or {})
            )

    return do


@pytest.fixture
def limits(settings):
    def set_limits(**values):
        settings.PETITION_LIMITS = {**settings.PETITION_LIMITS, **values}

    return set_limits


@pytest.fixture
def abuse_config(db):
    """The admin's anti-abuse settings; save() must forget the cached copy."""

    def configure(domains="", networks=""):
        config = PetitionAbuseSettings.load()
        config.blocked_domains = domains
        config.blocked_networks = networks
        config.full_clean()
        config.save()
        return config

    return configure


def signature_for(email):
    return Signature.objects.get(email=email)


def assert_flagged(email, reason):
    signature = signature_for(email)
    assert signature.flagged, f"{email} should be held back ({reason})"
    assert signature.flag_reason == reason


def assert_clean(email):
    signature = signature_for(email)
    assert not signature.flagged and signature.flag_reason == ""


# Honeypot and timing --------------------------------------------------------------


def test_honeypot_is_flagged_answered_as_usual_and_never_counts(
    client, petition, sign, django_capture_on_commit_callbacks
):
    response = sign(website="http://cheap-pills.example")

    assert response.status_code == 303
    match = THANKS.match(response["Location"])
    assert match and match["path"] == reverse("petitions:thanks", args=[petition.pk])
    assert client.get(response["Location"]).status_code == 200
    assert_flagged("maria.santos@example.org", "honeypot")
    assert mail.outbox == [], "a flagged signature gets no email"

    # Even if confirmed (here through the real confirmation page), it never counts.
    signature = Signature.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{petition.url}confirm/?t={confirm_token(signature)}")
    signature.refresh_from_db()
    assert signature.confirmed_at is not None
    services.tallies_update()
    assert petition_count(petition=petition)["total"] == 0
    assert PetitionTally.objects.get(action_key=petition.action_key).confirmed == 0
    assert not Supporter.objects.exists(), "a flagged signer is not recorded as a supporter"


def test_a_flagged_signer_sees_exactly_what_a_person_sees(client, petition, post):
    person = post(email="person@example.org")
    robot = post(email="robot@example.org", website="x", ip="192.0.2.50")

    assert person.status_code == robot.status_code == 303
    assert THANKS.match(person["Location"])["path"] == THANKS.match(robot["Location"])["path"]
    assert set(person.headers) == set(robot.headers)
    assert_flagged("robot@example.org", "honeypot")
    assert_clean("person@example.org")

    person_page = client.get(person["Location"])
    robot_page = client.get(robot["Location"])
    assert person_page.status_code == robot_page.status_code == 200
    assert [t.name for t in person_page.templates] == [t.name for t in robot_page.templates]

    # The only difference is the signer's own referral code in the share link
    # (and whatever differs on every response: CSRF tokens, CSP nonces).
    def normalised(page, email):
        html = page.content.decode().replace(signature_for(email).referral_code, "CODE")
        return VARYING.sub(r"\1", html)

    assert normalised(person_page, "person@example.org") == normalised(
        robot_page, "robot@example.org"
    )


def test_a_repeat_of_a_flagged_signature_is_answered_as_usual_without_email(post):
    post(website="x")
    again = post()
    assert again.status_code == 303 and THANKS.match(again["Location"])
    assert Signature.objects.count() == 1
    assert mail.outbox == []


def test_a_form_sent_too_fast_is_flagged(post):
    response = post(started=signing.dumps(time.time(), salt=STARTED_SALT))
    assert response.status_code == 303
    assert_flagged("maria.santos@example.org", "too_fast")
    assert mail.outbox == []


def test_a_form_sent_after_the_minimum_is_not_flagged(post, limits):
    limits(min_fill_seconds=3)
    post(started=signing.dumps(time.time() - 4, salt=STARTED_SALT))
    assert_clean("maria.santos@example.org")
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "started",
    [
        None,  # missing
        "",
        "1700000000",  # a bare timestamp, unsigned
        signing.dumps(time.time() - 30, salt="another-salt"),  # signed for something else
        signing.dumps(time.time() - 30, salt=STARTED_SALT)[:-2] + "xx",  # tampered
        signing.dumps("yesterday", salt=STARTED_SALT),  # signed, but not a time
        signing.dumps({"t": 1}, salt=STARTED_SALT),
        signing.dumps(time.time() + 3600, salt=STARTED_SALT),  # from the future
    ],
    ids=["missing", "empty", "unsigned", "other-salt", "tampered", "text", "dict", "future"],
)
def test_a_missing_or_forged_start_marker_is_flagged(post, started):
    response = post(started=started)
    assert response.status_code == 303
    assert_flagged("maria.santos@example.org", "too_fast")


# Rate limits ---------------------------------------------------------------------


def test_burst_limit_flags_the_third_signature_from_one_address(post, limits):
    limits(burst=2)
    for n in range(3):
        assert post(email=f"s{n}@example.org").status_code == 303
    assert_clean("s0@example.org")
    assert_clean("s1@example.org")
    assert_flagged("s2@example.org", "burst")

    post(email="neighbour@example.org", ip="198.51.100.8")
    assert_clean("neighbour@example.org")
    assert len(mail.outbox) == 3, "the flagged one got no email"


def test_a_spoofed_forwarded_for_does_not_escape_the_burst_limit(post, limits, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    limits(burst=2)
    for n in range(3):
        post(
            email=f"s{n}@example.org",
            ip="10.0.0.2",  # our proxy
            headers={"HTTP_X_FORWARDED_FOR": f"203.0.113.{n}, {IP}"},
        )
    assert_flagged("s2@example.org", "burst")
    assert Signature.objects.get(email="s0@example.org").ip_hash == ip_hash(IP)


def minutes_pass(minutes):
    Signature.objects.update(created_at=F("created_at") - timedelta(minutes=minutes))


def test_sustained_limit_flags_signatures_beyond_the_hourly_limit(post, limits):
    limits(burst=2, sustained=3)
    post(email="s0@example.org")
    post(email="s1@example.org")
    minutes_pass(2)
    post(email="s2@example.org")
    minutes_pass(2)
    post(email="s3@example.org")

    for n in range(3):
        assert_clean(f"s{n}@example.org")
    assert_flagged("s3@example.org", "sustained")

    post(email="elsewhere@example.org", ip="198.51.100.9")
    assert_clean("elsewhere@example.org")


def test_the_limits_forget_signatures_older_than_their_window(post, limits):
    limits(burst=2, sustained=3)
    for n in range(3):
        post(email=f"s{n}@example.org")
    assert_flagged("s2@example.org", "burst")
    minutes_pass(61)
    post(email="an-hour-later@example.org")
    assert_clean("an-hour-later@example.org")


def test_a_refused_duplicate_does_not_use_up_the_limit(post, limits):
    """Double clicks and second tabs store nothing, so they cannot hold a person back."""
    limits(burst=2)
    for _ in range(4):
        assert post(email="maria.santos@example.org").status_code == 303
    post(email="her.sister@example.org")
    assert_clean("her.sister@example.org")


# The hard ceiling ------------------------------------------------------------------


def test_past_the_hard_ceiling_the_form_answers_429_and_stores_nothing(post, limits):
    limits(burst=2, sustained=3, hard_per_hour=5)
    for n in range(5):
        assert post(email=f"s{n}@example.org").status_code == 303
    assert Signature.objects.count() == 5

    refused = post(email="s5@example.org")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "Nothing you sent this time was kept" in refused.content.decode()
    assert Signature.objects.count() == 5
    assert not Signature.objects.filter(email="s5@example.org").exists()

    post(email="elsewhere@example.org", ip="198.51.100.9")
    assert_clean("elsewhere@example.org")
    minutes_pass(61)
    assert post(email="an-hour-later@example.org").status_code == 303


def test_the_hard_ceiling_holds_bots_the_honeypot_caught(post, limits):
    """A script that fills every field is flagged, and past the ceiling refused like any other."""
    limits(burst=2, sustained=3, hard_per_hour=4)
    answers = [post(email=f"bot{n}@example.org", website="x").status_code for n in range(10)]
    assert answers == [303] * 4 + [429] * 6
    assert Signature.objects.count() == 4


def test_the_hard_ceiling_speaks_the_visitors_language(client, petition, sign_data, limits):
    limits(burst=1, sustained=1, hard_per_hour=1)
    SignatureFactory(petition=petition, ip_hash=ip_hash(IP))
    url = sign_url(petition).replace("/en/", "/fr/")
    refused = client.post(url, sign_data(), REMOTE_ADDR=IP)
    assert refused.status_code == 429
    assert '<html lang="fr"' in refused.content.decode()


def test_the_embed_refuses_past_the_hard_ceiling_too(client, petition, sign_data, limits):
    from django.urls import reverse

    limits(burst=1, sustained=1, hard_per_hour=1)
    SignatureFactory(petition=petition, ip_hash=ip_hash(IP))
    response = client.post(
        reverse("petitions:embed", args=[petition.pk]), sign_data(), REMOTE_ADDR=IP
    )
    assert response.status_code == 429
    assert Signature.objects.count() == 1


def test_below_the_ceiling_one_read_past_the_hourly_limit_two(limits, petition):
    limits(burst=100, sustained=3, hard_per_hour=50)
    services.abuse_settings()  # cached, as it is for every signature after the first
    hashed = ip_hash(IP)
    check = {"ip": IP, "domain": "example.org", "fill_seconds": 30, "honeypot": ""}
    with CaptureQueriesContext(connection) as queries:
        assert services.abuse_check(ip_hashed=hashed, **check) == ""
    assert len(queries) == 1
    SignatureFactory.create_batch(3, petition=petition, ip_hash=hashed)
    with CaptureQueriesContext(connection) as queries:
        assert services.abuse_check(ip_hashed=hashed, **check) == "sustained"
    assert len(queries) == 2


def test_held_back_signatures_nobody_confirmed_are_deleted_after_the_set_days(petition, settings):
    from petitions.tasks import signatures_retention_sweep

    settings.PETITION_FLAGGED_RETENTION_DAYS = 30
    now = timezone.now()
    old = now - timedelta(days=31)
    stale = SignatureFactory(petition=petition, flagged=True, flag_reason="honeypot")
    recent = SignatureFactory(petition=petition, flagged=True, flag_reason="burst")
    released = SignatureFactory(petition=petition, flagged=True, confirmed_at=old)
    person = SignatureFactory(petition=petition, confirmed_at=None)
    Signature.objects.filter(pk__in=[stale.pk, released.pk, person.pk]).update(created_at=old)

    assert signatures_retention_sweep()["flagged_deleted"] == 1
    left = set(Signature.objects.values_list("pk", flat=True))
    assert left == {recent.pk, released.pk, person.pk}


# Blocked domains and networks ------------------------------------------------------


def test_blocked_domains_are_flagged_subdomains_too(post, abuse_config):
    post(email="before@mailinator.com")  # caches the (empty) settings
    assert_clean("before@mailinator.com")

    abuse_config(domains="  MAILINATOR.com \n\n@guerrillamail.com\n")
    assert cache.get(services.ABUSE_CACHE_KEY) is None, "saving forgets the cached settings"

    post(email="bot@mailinator.com")
    post(email="bot@eu.mailinator.com")
    post(email="bot2@Guerrillamail.COM")
    post(email="person@notmailinator.com")
    post(email="person@mailinator.com.example.org")

    assert_flagged("bot@mailinator.com", "blocked_domain")
    assert_flagged("bot@eu.mailinator.com", "blocked_domain")
    assert_flagged("bot2@Guerrillamail.COM", "blocked_domain")
    assert_clean("person@notmailinator.com")
    assert_clean("person@mailinator.com.example.org")


@pytest.mark.parametrize(
    ("ip", "blocked"),
    [
        ("203.0.113.1", True),
        ("203.0.113.254", True),
        ("203.0.114.1", False),
        ("2001:db8::1", True),
        ("2001:db8:ffff::42", True),
        ("2001:db9::1", False),
        ("192.0.2.10", True),  # a single address
        ("192.0.2.11", False),
        (IP, False),
    ],
)
def test_blocked_networks_are_flagged(post, abuse_config, ip, blocked):
    abuse_config(networks="203.0.113.0/24\n2001:db8::/32\n192.0.2.10\n")
    post(ip=ip)
    if blocked:
        assert_flagged("maria.santos@example.org", "blocked_ip")
    else:
        assert_clean("maria.santos@example.org")


def test_blocked_network_applies_to_the_address_behind_our_proxy(post, abuse_config, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    abuse_config(networks="203.0.113.0/24")
    post(ip="10.0.0.2", headers={"HTTP_X_FORWARDED_FOR": "203.0.113.9"})
    assert_flagged("maria.santos@example.org", "blocked_ip")


def test_abuse_settings_reject_a_bad_range_with_a_message():
    config = PetitionAbuseSettings(
        blocked_networks="203.0.113.0/24\nnot-a-range\n2001:db8::/32\n300.1.1.1\n"
    )
    with pytest.raises(ValidationError) as error:
        config.clean()
    assert error.value.message_dict == {
        "blocked_networks": ["Not an address or range: not-a-range, 300.1.1.1"]
    }


def test_abuse_settings_accept_addresses_and_ranges():
    config = PetitionAbuseSettings(
        blocked_domains="mailinator.com",
        blocked_networks=" 203.0.113.0/24 \n203.0.113.7/24\n2001:db8::/32\n192.0.2.1\n\n",
    )
    config.clean()
    assert len(config.network_list()) == 4
    assert config.domain_set() == {"mailinator.com"}


# Cost ------------------------------------------------------------------------------


def test_abuse_checks_write_nothing_and_read_once(abuse_config, limits, petition):
    abuse_config(domains="mailinator.com", networks="203.0.113.0/24")
    services.abuse_settings()  # cached, as it is for every signature after the first
    limits(burst=2)
    hashed = ip_hash(IP)
    check = {
        "ip": IP,
        "ip_hashed": hashed,
        "domain": "example.org",
        "fill_seconds": 30,
        "honeypot": "",
    }

    def reasons_and_queries(checks):
        with CaptureQueriesContext(connection) as queries:
            reasons = [services.abuse_check(**{**check, **changes}) for changes in checks]
        for query in queries.captured_queries:
            assert query["sql"].lstrip().upper().startswith("SELECT"), query["sql"]
        return reasons, len(queries.captured_queries)

    assert reasons_and_queries([{}]) == ([""], 1)
    SignatureFactory.create_batch(2, petition=petition, ip_hash=hashed)
    assert reasons_and_queries(
        [
            {},
            {"ip_hashed": ip_hash("198.51.100.99")},
            {"domain": "mailinator.com"},
            {"ip": "203.0.113.5"},
            {"honeypot": "x"},
            {"fill_seconds": None},
        ]
    ) == (["burst", "", "blocked_domain", "blocked_ip", "honeypot", "too_fast"], 6)


def test_the_rate_limit_read_is_bounded_by_the_limits(limits, petition):
    """However many signatures came from an address, the check reads at most the limit's worth."""
    limits(burst=2, sustained=3)
    hashed = ip_hash(IP)
    SignatureFactory.create_batch(20, petition=petition, ip_hash=hashed)
    from petitions.selectors import signatures_from_ip

    assert signatures_from_ip(hashed, now=timezone.now(), cap=4) == (4, 4)
    minutes_pass(2)
    assert signatures_from_ip(hashed, now=timezone.now(), cap=4) == (0, 4)
    assert signatures_from_ip(hashed, now=timezone.now(), cap=100) == (0, 20)


def test_uncached_abuse_settings_are_only_read(abuse_config):
    abuse_config(domains="mailinator.com")
    cache.clear()
    check = {
        "ip": IP,
        "ip_hashed": ip_hash(IP),
        "domain": "example.org",
        "fill_seconds": 30,
        "honeypot": "",
    }
    with CaptureQueriesContext(connection) as queries:
        assert services.abuse_check(**check) == ""
    assert queries.captured_queries, "the settings were read from the table"
    for query in queries.captured_queries:
        assert query["sql"].lstrip().upper().startswith("SELECT"), query["sql"]


def test_a_person_first_caught_as_too_fast_can_sign_properly_later(
    client, petition, sign_data, django_capture_on_commit_callbacks
):
    """A fast autofill must not lock someone out of the petition for good."""
    import time

    from django.core import mail, signing

    from petitions.forms import STARTED_SALT
    from petitions.models import Signature

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            sign_url(petition), sign_data(started=signing.dumps(time.time(), salt=STARTED_SALT))
        )
    assert Signature.objects.get().flag_reason == "too_fast"
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(sign_url(petition), sign_data())
    assert response.status_code == 303
    signature = Signature.objects.get()
    assert not signature.flagged and signature.flag_reason == ""
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Confirm your signature"]


def test_a_bot_caught_by_the_honeypot_stays_caught(client, petition, sign_data):
    from petitions.models import Signature

    client.post(sign_url(petition), sign_data(website="http://spam.example"))
    client.post(sign_url(petition), sign_data())
    assert Signature.objects.get().flag_reason == "honeypot"
