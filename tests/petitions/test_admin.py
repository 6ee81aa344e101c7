"""The staff's side of petitions in the Wagtail admin."""

import csv
import io
from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageLogEntry

from home.exports import csv_cell
from petitions.factories import PetitionPageFactory, SignatureFactory
from petitions.forms import SignatureInvalidateForm
from petitions.models import PaperSignatures, PetitionTally, Signature
from petitions.selectors import (
    EXPORT_COLUMNS,
    petition_count,
    signatures_matching,
    signatures_over_time,
    trending_domains,
    trending_ip_hashes,
)
from petitions.services import tallies_recount
from supporters.factories import AffiliateFactory
from users.services import STAFF_GROUP_NAME

pytestmark = pytest.mark.django_db

SIGNATURES = "/admin/petitions/signatures/"
PAPER = "/admin/petitions/paper/"
REPORTS = "/admin/petitions/reports/"
TRENDING = "/admin/petitions/trending/"
INVALIDATE = "/admin/petitions/invalidate/"

# What the "Communications staff" group needs for this part of the admin. The
# group is defined in users/services.py; until it grants these, this adds them.
STAFF_PETITION_PERMISSIONS = [
    "view_signature",
    "change_signature",
    "add_papersignatures",
    "view_papersignatures",
    "delete_papersignatures",
]


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        email="boss@example.org", password="a-long-demo-password"
    )
    client.force_login(user)
    return client


@pytest.fixture
def petition_staff_client(staff_client):
    group = Group.objects.get(name=STAFF_GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="petitions", codename__in=STAFF_PETITION_PERMISSIONS
        )
    )
    return staff_client


def admin_only_client(client, django_user_model, *codenames):
    """A client for someone who may enter the admin and do only what `codenames` allow."""
    user = django_user_model.objects.create_user(
        email="limited@example.org", password="a-long-demo-password"
    )
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="petitions", codename__in=codenames),
    )
    client.force_login(user)
    return client


def confirmed(**kwargs):
    return SignatureFactory(confirmed_at=timezone.now(), **kwargs)


def recount(petition):
    tallies_recount(action_keys=[petition.action_key])
    return petition_count(petition=petition)["total"]


def export_rows(response):
    assert response.streaming
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


# Signatures listing ------------------------------------------------------------


def test_signatures_are_listed_newest_first_with_their_petition(admin_client, petition):
    other = PetitionPageFactory(parent=petition.get_parent(), title="Free domestic workers")
    confirmed(petition=petition, email="old@example.org", created_at=timezone.now() - timedelta(1))
    SignatureFactory(petition=other, email="new@example.org", flagged=True, flag_reason="burst")
    response = admin_client.get(SIGNATURES)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("new@example.org") < html.index("old@example.org")
    assert "Ratify C189 now" in html and "Free domestic workers" in html
    assert "burst" in html


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"confirmed": "true"}, {"a"}),
        ({"confirmed": "false"}, {"b", "c"}),
        ({"flagged": "true"}, {"b"}),
        ({"invalidated": "true"}, {"c"}),
        ({"invalidated": "false"}, {"a", "b"}),
        ({"country": "NP"}, {"b"}),
        ({"source": "gefont"}, {"a"}),
        ({"q": "b-signer"}, {"b"}),
        ({"q": "Santos"}, {"a", "b", "c"}),
    ],
)
def test_signatures_can_be_filtered_and_searched(admin_client, petition, query, shown):
    confirmed(petition=petition, email="a-signer@example.org", source="gefont")
    SignatureFactory(petition=petition, email="b-signer@example.org", country="NP", flagged=True)
    SignatureFactory(petition=petition, email="c-signer@example.org", invalidated_at=timezone.now())
    html = admin_client.get(SIGNATURES, query).content.decode()
    assert {name for name in "abc" if f"{name}-signer@example.org" in html} == shown


def test_signatures_filter_by_petition_and_signing_date(admin_client, petition):
    other = PetitionPageFactory(parent=petition.get_parent())
    SignatureFactory(petition=petition, email="mine@example.org")
    SignatureFactory(petition=other, email="theirs@example.org")
    SignatureFactory(
        petition=petition, email="last-year@example.org", created_at=timezone.now() - timedelta(400)
    )
    html = admin_client.get(SIGNATURES, {"petition": petition.pk}).content.decode()
    assert "mine@example.org" in html and "theirs@example.org" not in html
    assert f"{REPORTS}{petition.pk}/" in html  # the header links to the petition's report
    today = timezone.localdate().isoformat()
    html = admin_client.get(
        SIGNATURES, {"created_at_from": today, "created_at_to": today}
    ).content.decode()
    assert "mine@example.org" in html and "last-year@example.org" not in html


def test_signatures_are_listed_as_stored_or_for_one_petition_in_signing_order(
    admin_client, petition
):
    now = timezone.now()
    SignatureFactory(petition=petition, email="late@example.org", created_at=now)
    # Stored later, signed earlier (only imports and factories do this).
    SignatureFactory(petition=petition, email="early@example.org", created_at=now - timedelta(1))
    html = admin_client.get(SIGNATURES).content.decode()
    assert html.index("early@example.org") < html.index("late@example.org")
    html = admin_client.get(SIGNATURES, {"petition": petition.pk}).content.decode()
    assert html.index("late@example.org") < html.index("early@example.org")
    html = admin_client.get(SIGNATURES, {"ordering": "created_at"}).content.decode()
    assert html.index("early@example.org") < html.index("late@example.org")


def test_the_listing_runs_as_many_queries_for_many_signatures_as_for_few(admin_client, petition):
    def queries():
        with CaptureQueriesContext(connection) as context:
            assert admin_client.get(SIGNATURES).status_code == 200
        return len(context)

    SignatureFactory(petition=petition)
    few = queries()
    others = [PetitionPageFactory(parent=petition.get_parent()) for _ in range(3)]
    for index in range(30):
        SignatureFactory(petition=others[index % 3], affiliate=AffiliateFactory())
    assert queries() == few


def test_a_signature_can_be_viewed_but_not_added_edited_or_deleted(admin_client, petition):
    signature = SignatureFactory(petition=petition, ip_hash="a1b2c3", phone="+977 1 4412345")
    response = admin_client.get(f"{SIGNATURES}inspect/{signature.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "a1b2c3" in html and "+977 1 4412345" in html
    for path in ("new/", f"edit/{signature.pk}/", f"delete/{signature.pk}/"):
        # No such admin URL: the language middleware sends it on to a public 404.
        assert admin_client.get(f"{SIGNATURES}{path}", follow=True).status_code == 404
    listing = admin_client.get(SIGNATURES).content.decode()
    assert f"{SIGNATURES}inspect/{signature.pk}/" in listing
    assert f"{SIGNATURES}edit/" not in listing and f"{SIGNATURES}new/" not in listing
    assert "ordering=email" not in listing  # only the date is sortable


# Export ------------------------------------------------------------------------


def test_export_all_or_only_the_signatures_that_count(admin_client, petition):
    confirmed(petition=petition, email="counts@example.org")
    SignatureFactory(petition=petition, email="unconfirmed@example.org")
    confirmed(petition=petition, email="flagged@example.org", flagged=True, flag_reason="burst")
    confirmed(petition=petition, email="invalid@example.org", invalidated_at=timezone.now())
    SignatureFactory(email="other-petition@example.org")

    response = admin_client.get(f"{REPORTS}{petition.pk}/export/all/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="sign-now-all-')
    assert "no-store" in response["Cache-Control"]
    header, *rows = export_rows(response)
    assert header == list(EXPORT_COLUMNS)
    emails = [row[header.index("email")] for row in rows]
    assert sorted(emails) == [
        "counts@example.org",
        "flagged@example.org",
        "invalid@example.org",
        "unconfirmed@example.org",
    ]

    header, *rows = export_rows(admin_client.get(f"{REPORTS}{petition.pk}/export/confirmed/"))
    assert [row[header.index("email")] for row in rows] == ["counts@example.org"]
    assert (
        PageLogEntry.objects.filter(page=petition, action="petitions.signatures_export").count()
        == 2
    )


def test_export_defuses_spreadsheet_formulas_in_every_text_cell(admin_client, petition):
    affiliate = AffiliateFactory(name="=cmd|' /C calc'!A0")
    confirmed(
        petition=petition,
        first_name='=HYPERLINK("http://evil.example","Click")',
        last_name="@SUM(A1:A9)",
        phone="+977 1 4412345",
        comment="-2+3",
        affiliate=affiliate,
        source="gefont",
        utm_campaign="\tcampaign",
    )
    header, row = export_rows(admin_client.get(f"{REPORTS}{petition.pk}/export/all/"))
    cell = dict(zip(header, row, strict=True))
    assert cell["first_name"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert cell["last_name"] == "'@SUM(A1:A9)"
    assert cell["phone"] == "'+977 1 4412345"
    assert cell["comment"] == "'-2+3"
    assert cell["union"] == "'=cmd|' /C calc'!A0"
    assert cell["utm_campaign"] == "'\tcampaign"
    assert cell["source"] == "gefont"
    assert cell["opt_in"] == "no" and cell["flagged"] == "no"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\uff1dSUM(A1)", "'\uff1dSUM(A1)"),
        ("\uff0b1", "'\uff0b1"),
        ("\uff20x", "'\uff20x"),
        ("  =1+1", "'  =1+1"),
        ("\u3000=1", "'\u3000=1"),
        ("Maria", "Maria"),
        ("María José", "María José"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (True, "yes"),
    ],
)
def test_csv_cells_starting_like_a_formula_get_an_apostrophe(value, expected):
    assert csv_cell(value) == expected


def test_an_unknown_export_kind_is_404(admin_client, petition):
    response = admin_client.get(f"{REPORTS}{petition.pk}/export/everything/", follow=True)
    assert response.status_code == 404


# Paper signatures --------------------------------------------------------------


def test_paper_signatures_raise_the_public_count(
    petition_staff_client, staff_user, petition, django_capture_on_commit_callbacks
):
    confirmed(petition=petition)
    assert recount(petition) == 1
    assert petition_staff_client.get(f"{PAPER}new/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = petition_staff_client.post(
            f"{PAPER}new/",
            {"petition": petition.pk, "count": "250", "country": "NP", "note": "May Day rally"},
        )
    assert response.status_code == 302
    assert petition_count(petition=petition)["total"] == 251
    batch = PaperSignatures.objects.get()
    assert batch.added_by == staff_user and batch.count == 250
    html = petition_staff_client.get(PAPER).content.decode()
    assert "May Day rally" in html and "Amina" in html and "Nepal" in html


@pytest.mark.parametrize("count", ["0", "-5", "1000001", ""])
def test_a_paper_batch_needs_a_sensible_number(admin_client, petition, count):
    response = admin_client.post(f"{PAPER}new/", {"petition": petition.pk, "count": count})
    assert response.status_code == 200
    assert not PaperSignatures.objects.exists()


def test_deleting_a_paper_batch_takes_it_off_the_count(
    admin_client, petition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"{PAPER}new/", {"petition": petition.pk, "count": "40"})
    assert petition_count(petition=petition)["total"] == 40
    batch = PaperSignatures.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{PAPER}delete/{batch.pk}/")
    assert response.status_code == 302
    assert petition_count(petition=petition)["total"] == 0


# Bulk invalidation -------------------------------------------------------------


@pytest.fixture
def burst(petition):
    """Twelve confirmed signatures from one address, among three real ones."""
    for _ in range(12):
        confirmed(petition=petition, ip_hash="bad0bad0", email_domain="spam.example")
    for _ in range(3):
        confirmed(petition=petition, ip_hash="fine1234")
    SignatureFactory(ip_hash="bad0bad0")  # the same address on another petition
    assert recount(petition) == 15


def test_invalidation_preview_counts_and_changes_nothing(petition_staff_client, petition, burst):
    response = petition_staff_client.post(
        INVALIDATE, {"petition": petition.pk, "ip_hash": "bad0bad0", "preview": "1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "12 signatures on “Ratify C189 now” will be invalidated." in html
    assert "Invalidate 12 signatures" in html
    assert "12 of them count in public now: the public count drops by as many." in html
    assert html.count("bad0bad0") >= 12  # the sample
    assert not Signature.objects.filter(invalidated_at__isnull=False).exists()
    assert petition_count(petition=petition)["total"] == 15


def test_confirming_invalidates_only_the_matching_signatures(
    petition_staff_client, petition, burst, django_capture_on_commit_callbacks
):
    preview = petition_staff_client.post(
        INVALIDATE, {"petition": petition.pk, "ip_hash": "bad0bad0", "preview": "1"}
    )
    payload = preview.context["confirm_form"]["payload"].value()
    with django_capture_on_commit_callbacks(execute=True):
        response = petition_staff_client.post(INVALIDATE, {"payload": payload}, follow=True)
    assert "Invalidated 12 signatures on “Ratify C189 now”" in response.content.decode()
    invalidated = Signature.objects.filter(invalidated_at__isnull=False)
    assert invalidated.count() == 12
    assert set(invalidated.values_list("petition", flat=True)) == {petition.pk}
    assert petition_count(petition=petition)["total"] == 3
    entry = PageLogEntry.objects.get(page=petition, action="petitions.signatures_invalidate")
    assert entry.data["count"] == 12 and entry.data["criteria"]["ip_hash"] == "bad0bad0"


def test_criteria_by_domain_source_and_time_window(petition):
    now = timezone.now()
    old = SignatureFactory(petition=petition, email="x@spam.example", created_at=now - timedelta(3))
    new = SignatureFactory(petition=petition, email="y@spam.example", source="ref1", created_at=now)
    SignatureFactory(petition=petition, email="z@example.org", created_at=now)
    form = SignatureInvalidateForm(
        data={
            "petition": petition.pk,
            "email_domain": "@SPAM.example",
            "created_from": timezone.localtime(now - timedelta(1)).strftime("%Y-%m-%d %H:%M"),
        }
    )
    assert form.is_valid(), form.errors
    assert list(signatures_matching(petition=petition, **form.criteria())) == [new]
    assert set(signatures_matching(petition=petition, email_domain="spam.example")) == {old, new}
    assert list(signatures_matching(petition=petition, source="ref1")) == [new]


def test_tampered_criteria_are_refused(petition_staff_client, petition, burst):
    preview = petition_staff_client.post(
        INVALIDATE, {"petition": petition.pk, "ip_hash": "bad0bad0", "preview": "1"}
    )
    payload = preview.context["confirm_form"]["payload"].value()
    # Other criteria under the previewed signature, a damaged signature, and junk.
    signature = payload.rpartition(":")[2]
    forged = SignatureInvalidateForm.sign(petition=petition, criteria={"ip_hash": "fine1234"})
    forged_with_old_signature = f"{forged.rpartition(':')[0]}:{signature}"
    for tampered in (forged_with_old_signature, payload[:-2] + "xx", "junk"):
        response = petition_staff_client.post(INVALIDATE, {"payload": tampered}, follow=True)
        assert "The criteria changed after the preview. Preview again." in (
            response.content.decode()
        )
    assert not Signature.objects.filter(invalidated_at__isnull=False).exists()


def test_invalidation_needs_a_criterion_besides_the_petition(admin_client, petition, burst):
    response = admin_client.post(INVALIDATE, {"petition": petition.pk, "preview": "1"})
    assert response.status_code == 200
    assert "Give at least one criterion besides the petition" in response.content.decode()
    assert "confirm_form" not in response.context


def test_the_invalidation_form_is_prefilled_from_the_link(admin_client, petition):
    response = admin_client.get(INVALIDATE, {"petition": petition.pk, "ip_hash": "bad0bad0"})
    form = response.context["form"]
    assert form["ip_hash"].value() == "bad0bad0"
    assert str(form["petition"].value()) == str(petition.pk)


# Trending ----------------------------------------------------------------------


def test_the_trending_report_shows_a_burst_with_a_link_to_invalidate_it(
    petition_staff_client, petition
):
    for _ in range(25):
        SignatureFactory(petition=petition, ip_hash="b0b0b0b0", email_domain="bots.example")
    for _ in range(3):
        SignatureFactory(petition=petition, ip_hash="c0c0c0c0", email_domain="gmail.com")
    response = petition_staff_client.get(TRENDING)
    assert response.status_code == 200
    html = response.content.decode()
    assert "b0b0b0b0" in html and "c0c0c0c0" in html
    ip_rows = response.context["ip_rows"]
    assert ip_rows[0]["row"].value == "b0b0b0b0" and ip_rows[0]["row"].above_threshold
    assert not ip_rows[1]["row"].above_threshold
    link = ip_rows[0]["invalidate_url"]
    assert link.startswith(INVALIDATE) and "ip_hash=b0b0b0b0" in link
    assert f"petition={petition.pk}" in link
    # The link's criteria make a valid preview that finds the burst.
    query = dict(parse_qsl(urlsplit(link).query))
    preview = petition_staff_client.post(INVALIDATE, {**query, "preview": "1"})
    assert preview.context["preview"].to_invalidate == 25
    domains = [item["row"].value for item in response.context["domain_rows"]]
    assert domains == ["bots.example"]  # free mail is left out
    assert petition_staff_client.get(TRENDING, {"hours": "24"}).status_code == 200


def test_trending_thresholds_and_windows(petition):
    now = timezone.now()
    for minutes in range(21):
        SignatureFactory(
            petition=petition, ip_hash="fast", created_at=now - timedelta(minutes=minutes)
        )
    for hours in range(2, 12):
        SignatureFactory(petition=petition, ip_hash="slow", created_at=now - timedelta(hours=hours))
    (fast,) = trending_ip_hashes(now=now)
    assert fast.value == "fast" and fast.signatures == 21 and fast.above_threshold
    assert fast.petitions == [(petition.pk, petition.title, 21)]
    day = {row.value: row for row in trending_ip_hashes(hours=24, now=now)}
    assert day["slow"].signatures == 10 and not day["slow"].above_threshold
    assert not day["fast"].above_threshold  # 21 in a day is slow
    for _ in range(51):
        SignatureFactory(petition=petition, email_domain="farm.example")
    domains = {row.value: row for row in trending_domains(now=now + timedelta(seconds=1))}
    assert domains["farm.example"].above_threshold and domains["farm.example"].signatures == 51
    assert not domains["example.org"].above_threshold  # the 31 above


def test_trending_runs_a_fixed_number_of_queries(petition, django_assert_num_queries):
    others = [petition, *(PetitionPageFactory(parent=petition.get_parent()) for _ in range(3))]
    for index in range(12):
        SignatureFactory(petition=others[index % 4], ip_hash=f"h{index % 3}")
    with django_assert_num_queries(3):
        trending_ip_hashes()
    with django_assert_num_queries(2):
        trending_ip_hashes(petition=petition)


# The report --------------------------------------------------------------------


def test_the_report_shows_counts_chart_sources_and_embed_snippet(admin_client, petition):
    gefont = AffiliateFactory(name="General Federation of Nepalese Trade Unions", code="gefont")
    referrer = confirmed(petition=petition, country="NP")
    for _ in range(3):
        confirmed(petition=petition, source="gefont", affiliate=gefont)
    confirmed(petition=petition, source=referrer.referral_code)
    confirmed(petition=petition, source="newsletter")
    SignatureFactory(petition=petition, flagged=True, flag_reason="burst")
    recount(petition)

    response = admin_client.get(f"{REPORTS}{petition.pk}/", {"affiliate": "gefont"})
    assert response.status_code == 200
    html = response.content.decode()
    statuses = response.context["statuses"]
    assert statuses == {
        "total": 7,
        "confirmed": 6,
        "unconfirmed": 0,
        "flagged": 1,
        "invalidated": 0,
    }
    assert "<svg" in html and 'class="petition-chart__counting"' in html
    assert "General Federation of Nepalese Trade Unions" in html
    sources = {row.source: row.kind for row in response.context["sources"]}
    assert sources == {
        "gefont": "affiliate",
        referrer.referral_code: "referral",
        "newsletter": "other",
    }
    url = f"http://localhost/en/embed/petitions/{petition.pk}/?affiliate=gefont"
    assert response.context["embed"]["url"] == url
    snippet = (
        f"&lt;iframe src=&quot;{url}&quot; title=&quot;Ratify C189 now&quot; "
        "width=&quot;100%&quot; height=&quot;760&quot; loading=&quot;lazy&quot; "
        "style=&quot;border:0;max-width:40rem&quot;&gt;&lt;/iframe&gt;"
    )
    assert snippet in html
    assert "Nepal" in html  # top countries
    assert admin_client.get(f"{REPORTS}{petition.pk}/", {"chart": "hours"}).status_code == 200


def test_the_embed_address_is_in_the_chosen_translations_language(admin_client, petition, locales):
    french = petition.copy_for_translation(locales["fr"], copy_parents=True)
    french.save_revision().publish()
    response = admin_client.get(f"{REPORTS}{french.pk}/")
    assert response.status_code == 302, "one report for the petition in all its languages"
    assert response["Location"] == f"{REPORTS}{petition.pk}/"
    response = admin_client.get(f"{REPORTS}{petition.pk}/")
    assert response.context["embed"]["url"] == f"http://localhost/en/embed/petitions/{petition.pk}/"
    response = admin_client.get(f"{REPORTS}{petition.pk}/", {"language": "fr"})
    assert response.context["embed"]["url"] == f"http://localhost/fr/embed/petitions/{french.pk}/"


def test_the_report_lists_petitions_and_is_linked_from_the_page(admin_client, petition):
    html = admin_client.get(REPORTS).content.decode()
    assert f"{REPORTS}{petition.pk}/" in html and "Ratify C189 now" in html
    edit = admin_client.get(f"/admin/pages/{petition.pk}/edit/").content.decode()
    assert f"{REPORTS}{petition.pk}/" in edit
    explorer = admin_client.get(f"/admin/pages/{petition.get_parent().pk}/").content.decode()
    assert f"{REPORTS}{petition.pk}/" in explorer
    campaign = petition.get_parent()
    campaign_edit = admin_client.get(f"/admin/pages/{campaign.pk}/edit/").content.decode()
    assert f"{REPORTS}{campaign.pk}/" not in campaign_edit


def test_recount_corrects_the_public_count(
    admin_client, petition, django_capture_on_commit_callbacks
):
    confirmed(petition=petition)
    confirmed(petition=petition)
    recount(petition)
    PetitionTally.objects.filter(action_key=petition.action_key).update(confirmed=999)
    assert admin_client.get(f"{REPORTS}{petition.pk}/recount/").status_code == 405
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = admin_client.post(f"{REPORTS}{petition.pk}/recount/", follow=True)
    assert len(queued) == 1, "recounted by the worker, not in the request"
    assert "is being recounted in all its languages" in response.content.decode()
    assert petition_count(petition=petition)["total"] == 2


def test_signatures_over_time_in_days_and_hours(petition):
    now = timezone.now()
    confirmed(petition=petition, created_at=now)
    SignatureFactory(petition=petition, created_at=now - timedelta(hours=3))
    SignatureFactory(petition=petition, created_at=now - timedelta(days=30))
    days = signatures_over_time(petition=petition, now=now)
    assert len(days) == 31
    assert (days[0].signatures, days[-1].signatures) == (1, 2 if now.hour >= 3 else 1)
    assert days[-1].counting == 1
    hours = signatures_over_time(petition=petition, hourly=True, now=now)
    assert len(hours) == 48
    assert hours[-1].signatures == 1 and hours[-4].signatures == 1
    young = PetitionPageFactory(parent=petition.get_parent())
    assert len(signatures_over_time(petition=young)) == 14


# Permissions -------------------------------------------------------------------


def test_communications_staff_reach_every_view(petition_staff_client, petition):
    for url in (SIGNATURES, PAPER, f"{PAPER}new/", REPORTS, f"{REPORTS}{petition.pk}/", TRENDING):
        assert petition_staff_client.get(url).status_code == 200, url
    assert petition_staff_client.get(INVALIDATE).status_code == 200
    menu = petition_staff_client.get("/admin/").content.decode()
    assert REPORTS in menu and INVALIDATE in menu


def test_the_group_editor_offers_exactly_the_permissions_the_views_check(admin_client):
    group = Group.objects.get(name=STAFF_GROUP_NAME)
    html = admin_client.get(f"/admin/groups/edit/{group.pk}/").content.decode()
    offered = {
        permission.codename
        for permission in Permission.objects.filter(content_type__app_label="petitions")
        if f'value="{permission.pk}"' in html
    }
    assert set(STAFF_PETITION_PERMISSIONS) <= offered
    assert not {"add_signature", "delete_signature", "change_papersignatures"} & offered


def test_users_without_permission_are_refused(client, django_user_model, petition):
    client = admin_only_client(client, django_user_model)
    for url in (
        SIGNATURES,
        PAPER,
        f"{PAPER}new/",
        REPORTS,
        f"{REPORTS}{petition.pk}/",
        f"{REPORTS}{petition.pk}/export/all/",
        TRENDING,
        INVALIDATE,
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    assert client.get(f"{REPORTS}999999/")["Location"] == "/admin/"  # refused before looked up
    assert client.post(f"{REPORTS}{petition.pk}/recount/").status_code == 302
    assert REPORTS not in client.get("/admin/").content.decode()


def test_viewing_signatures_does_not_allow_changing_them(
    client, django_user_model, petition, burst
):
    client = admin_only_client(client, django_user_model, "view_signature")
    assert client.get(f"{REPORTS}{petition.pk}/").status_code == 200
    assert "Recount now" not in client.get(f"{REPORTS}{petition.pk}/").content.decode()
    assert client.post(f"{REPORTS}{petition.pk}/recount/").status_code == 302
    response = client.post(
        INVALIDATE, {"petition": petition.pk, "ip_hash": "bad0bad0", "preview": "1"}
    )
    assert response.status_code == 302
    assert client.get(f"{PAPER}new/").status_code == 302


# Two roles: communications staff see figures, the supporter-data role sees people -----


@pytest.fixture
def signers(petition):
    return [
        confirmed(petition=petition, email="maria.santos@example.org", phone="+977 1 4412345"),
        SignatureFactory(petition=petition, email="siti.aminah@example.org"),
    ]


def test_communications_staff_never_see_who_signed(petition_staff_client, petition, signers):
    listing = petition_staff_client.get(SIGNATURES).content.decode()
    assert "m***@example.org" in listing and "s***@example.org" in listing
    searched = petition_staff_client.get(SIGNATURES, {"q": "maria.santos"})
    report = petition_staff_client.get(f"{REPORTS}{petition.pk}/").content.decode()
    assert "/export/" not in report
    assert "Supporter data" in report
    preview = petition_staff_client.post(
        INVALIDATE, {"petition": petition.pk, "email_domain": "example.org", "preview": "1"}
    )
    pages = [listing, searched.content.decode(), report, preview.content.decode()]
    for html in pages:
        assert "maria.santos@example.org" not in html
        assert "siti.aminah@example.org" not in html
        assert "4412345" not in html
    for url in (
        f"{SIGNATURES}inspect/{signers[0].pk}/",
        f"{REPORTS}{petition.pk}/export/all/",
        f"{REPORTS}{petition.pk}/export/confirmed/",
    ):
        response = petition_staff_client.get(url)
        assert response.status_code in (302, 403), url
        assert "maria.santos@example.org" not in response.content.decode()
    assert not PageLogEntry.objects.filter(action="petitions.signatures_export").exists()


def test_the_supporter_data_role_sees_and_exports_signers_with_a_record(
    data_client, data_user, petition, signers
):
    assert "maria.santos@example.org" in data_client.get(SIGNATURES).content.decode()
    searched = data_client.get(SIGNATURES, {"q": "maria.santos"}).content.decode()
    assert "maria.santos@example.org" in searched and "siti.aminah" not in searched
    inspect = data_client.get(f"{SIGNATURES}inspect/{signers[0].pk}/").content.decode()
    assert "+977 1 4412345" in inspect

    _header, *rows = export_rows(data_client.get(f"{REPORTS}{petition.pk}/export/all/"))
    assert len(rows) == 2
    entry = PageLogEntry.objects.get(page=petition, action="petitions.signatures_export")
    assert (entry.user, entry.data["rows"], entry.data["kind"]) == (data_user, 2, "all")
    history = data_client.get(f"/admin/pages/{petition.pk}/history/").content.decode()
    assert "Exported 2 signatures as CSV" in history
