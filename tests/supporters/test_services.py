"""Supporters' services: who a person is (canonical email), what they did, with what consent,
and the anti-abuse helpers every action shares (client IP, salted IP hash)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from home.visitors import client_ip, ip_hash
from supporters.factories import AffiliateFactory
from supporters.models import Activity, ConsentRecord, Supporter, email_canonical
from supporters.selectors import AFFILIATE_LOOKUP_KEY, affiliate_lookup
from supporters.services import Consent, supporter_record_action

KIND = Activity.Kind.PETITION_SIGNATURE


# email_canonical ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "canonical"),
    [
        # Case and surrounding spaces never make a new person.
        ("  Maria.Santos@Example.ORG ", "maria.santos@example.org"),
        ("MARIA@EXAMPLE.ORG", "maria@example.org"),
        # Gmail ignores dots and +tags.
        ("Maria.Santos@gmail.com", "mariasantos@gmail.com"),
        ("m.a.r.i.a+petition@gmail.com", "maria@gmail.com"),
        ("maria+a+b@gmail.com", "maria@gmail.com"),
        # googlemail.com is the same mailbox as gmail.com.
        ("Maria.Santos+news@googlemail.com", "mariasantos@gmail.com"),
        # Outlook drops +tags but a dot is part of the address.
        ("maria.santos+petition@outlook.com", "maria.santos@outlook.com"),
        ("maria.santos+x@hotmail.com", "maria.santos@hotmail.com"),
        # Proton's short domain is an alias.
        ("maria+x@pm.me", "maria@proton.me"),
        # Unknown providers: dots and +tags may be distinct mailboxes, keep them.
        ("maria.santos+petition@example.org", "maria.santos+petition@example.org"),
        ("m.santos+x@union.org.np", "m.santos+x@union.org.np"),
        # A trailing dot on the domain is the same domain.
        ("maria.santos@gmail.com.", "mariasantos@gmail.com"),
    ],
)
def test_email_canonical(email, canonical):
    assert email_canonical(email) == canonical


@pytest.mark.parametrize(
    ("email", "canonical"),
    [("  Not-An-Address ", "not-an-address"), ("", ""), (None, "")],
)
def test_email_canonical_without_an_at_sign_only_normalises_case_and_spaces(email, canonical):
    assert email_canonical(email) == canonical


def test_email_canonical_uses_the_last_at_sign():
    assert email_canonical('"a@b"@Gmail.com') == '"a@b"@gmail.com'


# supporter_record_action --------------------------------------------------------


@pytest.fixture
def pages(home_page, campaign):
    """Two distinct pages on which actions can be taken."""
    return home_page, campaign


def test_first_action_creates_supporter_and_activity(pages):
    page, _other = pages
    at = timezone.now() - timedelta(minutes=5)
    affiliate = AffiliateFactory()

    supporter = supporter_record_action(
        email=" Maria.Santos@Gmail.com ",
        kind=KIND,
        page=page,
        first_name="Maria",
        last_name="Santos",
        country="PH",
        language="fr",
        affiliate=affiliate,
        source="kwdu",
        occurred_at=at,
    )

    supporter.refresh_from_db()
    assert supporter.email == "Maria.Santos@Gmail.com", "kept as typed, without the spaces"
    assert supporter.email_canonical == "mariasantos@gmail.com"
    assert (supporter.first_name, supporter.last_name) == ("Maria", "Santos")
    assert supporter.country.code == "PH" and supporter.language == "fr"
    assert supporter.affiliate == affiliate
    assert not supporter.email_consent
    activity = Activity.objects.get()
    assert activity.supporter == supporter
    assert activity.kind == KIND and activity.page_id == page.pk
    assert activity.source == "kwdu" and activity.occurred_at == at
    assert not ConsentRecord.objects.exists()


def test_the_same_action_twice_changes_nothing(pages):
    page, _other = pages
    kwargs = {
        "email": "maria@example.org",
        "kind": KIND,
        "page": page,
        "first_name": "Maria",
        "last_name": "Santos",
        "country": "PH",
        "language": "en",
        "source": "first",
    }
    first = supporter_record_action(**kwargs)
    first.refresh_from_db()
    activity = Activity.objects.get()

    second = supporter_record_action(
        **{**kwargs, "source": "second"}, occurred_at=timezone.now() + timedelta(days=1)
    )

    assert second.pk == first.pk
    assert Supporter.objects.count() == 1
    assert Activity.objects.count() == 1
    again = Activity.objects.get()
    assert (again.source, again.occurred_at) == (activity.source, activity.occurred_at)
    second.refresh_from_db()
    assert second.updated_at == first.updated_at, "nothing changed, so nothing was saved"


def test_another_spelling_of_the_same_address_is_the_same_supporter(pages):
    page, other = pages
    first = supporter_record_action(email="Maria.Santos@gmail.com", kind=KIND, page=page)
    second = supporter_record_action(email="mariasantos+x@googlemail.com", kind=KIND, page=other)
    assert first.pk == second.pk
    assert Supporter.objects.get().email == "mariasantos+x@googlemail.com", "as last typed"


def test_blank_values_do_not_overwrite_what_is_known(pages):
    page, other = pages
    supporter_record_action(
        email="maria@example.org",
        kind=KIND,
        page=page,
        first_name="Maria",
        last_name="Santos",
        country="PH",
        language="fr",
        affiliate=AffiliateFactory(),
    )
    supporter_record_action(email="maria@example.org", kind=KIND, page=other)

    supporter = Supporter.objects.get()
    assert (supporter.first_name, supporter.last_name) == ("Maria", "Santos")
    assert supporter.country.code == "PH" and supporter.language == "fr"
    assert supporter.affiliate is not None


def test_new_values_update_the_supporter(pages):
    page, other = pages
    supporter_record_action(email="maria@example.org", kind=KIND, page=page, first_name="Maria")
    supporter_record_action(
        email="maria@example.org", kind=KIND, page=other, first_name="María", country="NP"
    )
    supporter = Supporter.objects.get()
    assert supporter.first_name == "María" and supporter.country.code == "NP"


def test_a_later_consent_is_recorded_with_its_notice(pages):
    page, other = pages
    supporter_record_action(email="maria@example.org", kind=KIND, page=page)
    assert not Supporter.objects.get().email_consent

    at = timezone.now() - timedelta(hours=1)
    supporter_record_action(
        email="maria@example.org",
        kind=KIND,
        page=other,
        consent=Consent(given=True, notice="Yes, email me about this campaign.", at=at),
    )

    supporter = Supporter.objects.get()
    assert supporter.email_consent
    record = ConsentRecord.objects.get()
    assert record.supporter == supporter and record.given
    assert record.notice == "Yes, email me about this campaign."
    assert record.page_id == other.pk and record.recorded_at == at


@pytest.mark.parametrize(
    "later_consent",
    [None, Consent(given=False, notice="", at=timezone.now())],
    ids=["no-choice", "unticked"],
)
def test_no_consent_never_withdraws_an_earlier_one(pages, later_consent):
    page, other = pages
    supporter_record_action(
        email="maria@example.org",
        kind=KIND,
        page=page,
        consent=Consent(given=True, notice="Notice", at=timezone.now()),
    )
    supporter_record_action(email="maria@example.org", kind=KIND, page=other, consent=later_consent)

    assert Supporter.objects.get().email_consent
    assert list(ConsentRecord.objects.values_list("given", flat=True)) == [True]


def test_the_same_action_twice_with_consent_records_one_consent(pages):
    page, _other = pages
    consent = Consent(given=True, notice="Notice", at=timezone.now())
    for _ in range(2):
        supporter_record_action(email="maria@example.org", kind=KIND, page=page, consent=consent)
    assert Activity.objects.count() == 1
    assert ConsentRecord.objects.count() == 1


def test_actions_on_different_pages_are_separate_activities(pages):
    page, other = pages
    supporter_record_action(email="maria@example.org", kind=KIND, page=page)
    supporter_record_action(email="maria@example.org", kind=KIND, page=other)
    supporter = Supporter.objects.get()
    assert sorted(supporter.activities.values_list("page_id", flat=True)) == sorted(
        [page.pk, other.pk]
    )


def test_the_supporter_row_is_unique_per_canonical_email(db):
    Supporter.objects.create(email="Maria.Santos@gmail.com")
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Supporter.objects.create(email="mariasantos@googlemail.com")


# ip_hash ------------------------------------------------------------------------


def test_ip_hash_is_stable_and_32_hex_characters(settings):
    settings.IP_HASH_SALT = "salt-one"
    digest = ip_hash("198.51.100.7")
    assert digest == ip_hash("198.51.100.7")
    assert len(digest) == 32 and int(digest, 16) >= 0
    assert digest == digest.lower()
    assert ip_hash("198.51.100.8") != digest


def test_ip_hash_depends_on_the_salt(settings):
    settings.IP_HASH_SALT = "salt-one"
    first = ip_hash("198.51.100.7")
    settings.IP_HASH_SALT = "salt-two"
    assert ip_hash("198.51.100.7") != first


def test_ip_hash_is_not_a_plain_hash_of_the_address(settings):
    import hashlib

    settings.IP_HASH_SALT = "salt-one"
    plain = hashlib.sha256(b"198.51.100.7").hexdigest()
    assert ip_hash("198.51.100.7") not in plain


@pytest.mark.parametrize("ip", ["", None])
def test_ip_hash_of_nothing_is_empty(ip):
    assert ip_hash(ip) == ""


# client_ip ----------------------------------------------------------------------


def request_with(remote="198.51.100.7", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


PROXY = ["10.0.0.0/8"]
CDN_AND_PROXY = ["10.0.0.0/8", "192.0.2.0/24", "2001:db8:cd::/48"]


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No proxy configured: X-Forwarded-For is whatever the visitor typed, ignored.
        ([], "198.51.100.7", None, "198.51.100.7"),
        ([], "198.51.100.7", "203.0.113.9", "198.51.100.7"),
        # A proxy configured, but the request reached the site directly: ignored too.
        (PROXY, "198.51.100.7", "203.0.113.9", "198.51.100.7"),
        (PROXY, "198.51.100.7", "203.0.113.9, 10.0.0.2", "198.51.100.7"),
        # Through our proxy: the first address from the right that is not ours.
        (PROXY, "10.0.0.2", "198.51.100.7", "198.51.100.7"),
        (PROXY, "10.0.0.2", "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (PROXY, "10.0.0.2", "6.6.6.6,198.51.100.7 ,", "198.51.100.7"),
        (PROXY, "10.0.0.2", "10.0.0.1, 10.0.0.3", "10.0.0.1"),
        # A CDN in front of our proxy: both are skipped.
        (CDN_AND_PROXY, "10.0.0.2", "6.6.6.6, 198.51.100.7, 192.0.2.1", "198.51.100.7"),
        (CDN_AND_PROXY, "10.0.0.2", "2001:db8:cd::9, 192.0.2.1", "2001:db8:cd::9"),
        (CDN_AND_PROXY, "10.0.0.2", "2001:db8::7, 2001:db8:cd::9", "2001:db8::7"),
        # Ports, brackets and IPv4 written as IPv6, as some proxies write them.
        (PROXY, "10.0.0.2", "198.51.100.7:51234", "198.51.100.7"),
        (PROXY, "10.0.0.2", "[2001:db8::1]:443", "2001:db8::1"),
        (PROXY, "::ffff:10.0.0.2", "::ffff:198.51.100.7", "198.51.100.7"),
        # Nothing usable from the proxy: the proxy's own address.
        (PROXY, "10.0.0.2", None, "10.0.0.2"),
        (PROXY, "10.0.0.2", "", "10.0.0.2"),
        (PROXY, "10.0.0.2", "garbage", "10.0.0.2"),
        (PROXY, "10.0.0.2", "6.6.6.6, garbage", "10.0.0.2"),
        # No address at all (a unix socket without a proxy header).
        ([], "", None, ""),
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    assert client_ip(request_with(remote, forwarded)) == expected


def test_a_spoofed_forwarded_for_does_not_change_the_hash(settings):
    settings.TRUSTED_PROXIES = PROXY
    honest = ip_hash(client_ip(request_with("10.0.0.2", "198.51.100.7")))
    for spoof in ("1.1.1.1", "1.1.1.1, 2.2.2.2", "garbage", "10.0.0.9"):
        request = request_with("10.0.0.2", f"{spoof}, 198.51.100.7")
        assert ip_hash(client_ip(request)) == honest


def test_headers_sent_straight_to_the_site_are_one_address(settings):
    """2,000 requests from one address with random X-Forwarded-For are one visitor."""
    settings.TRUSTED_PROXIES = PROXY
    seen = {
        client_ip(request_with("198.51.100.7", f"203.0.{n // 256}.{n % 256}")) for n in range(2000)
    }
    assert seen == {"198.51.100.7"}


# affiliate_lookup ---------------------------------------------------------------


def test_affiliate_lookup_maps_code_name_and_acronym(db):
    affiliate = AffiliateFactory(
        name="Nepal Domestic Workers Union", acronym="NDWU", code="ndwu-np"
    )
    lookup = affiliate_lookup()
    assert lookup["ndwu-np"] == lookup["ndwu"] == affiliate.pk
    assert lookup["nepal domestic workers union"] == affiliate.pk


def test_affiliate_lookup_is_cached(db, django_assert_num_queries):
    AffiliateFactory(code="kwdu")
    affiliate_lookup()
    with django_assert_num_queries(0):
        assert "kwdu" in affiliate_lookup()


def test_saving_an_affiliate_invalidates_the_lookup(db, django_assert_num_queries):
    first = AffiliateFactory(code="kwdu")
    assert set(affiliate_lookup()) >= {"kwdu"}
    assert cache.get(AFFILIATE_LOOKUP_KEY) is not None

    second = AffiliateFactory(code="gefont")
    assert cache.get(AFFILIATE_LOOKUP_KEY) is None
    assert affiliate_lookup()["gefont"] == second.pk

    first.code = "kwdu-renamed"
    first.save()
    lookup = affiliate_lookup()
    assert lookup["kwdu-renamed"] == first.pk and "kwdu" not in lookup


def test_deleting_an_affiliate_invalidates_the_lookup(db):
    affiliate = AffiliateFactory(code="kwdu")
    assert "kwdu" in affiliate_lookup()
    affiliate.delete()
    assert "kwdu" not in affiliate_lookup()
