"""Importing ratifications from CSV: the service, the command and the admin upload."""

import datetime
import re
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from campaigns.forms import PAYLOAD_SALT
from campaigns.models import Convention, Ratification
from campaigns.services import MAX_ROWS, ratifications_import, ratifications_parse

pytestmark = pytest.mark.django_db

DEMO_CSV = Path(__file__).resolve().parents[2] / "campaigns" / "demo_data" / "ratifications.csv"
IMPORT_URL = "/admin/ratifications/import/"
LISTING_URL_NAME = "wagtailsnippets_campaigns_ratification:list"

VALID = (
    "country,convention,status,date,note\n"
    "PH,C189,in_force,2012-09-05,NORMLEX\n"
    "ZA,C189,in_force,2013-06-20,\n"
    "DE,C189,not_in_force,2013-09-20,Registered\n"
)


def csv_of(*rows, header="country,convention,status,date,note"):
    return "\n".join([header, *rows]) + "\n"


def messages_of(report):
    return [message for _line, message in report.errors]


def upload(text, name="ratifications.csv", encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def c189():
    return Convention.objects.get(code="C189")


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        email="organiser@example.org", password="a-long-test-password"
    )
    client.force_login(user)
    return client


# The service ----------------------------------------------------------------


def test_the_conventions_exist_from_the_data_migration():
    assert set(Convention.objects.values_list("code", flat=True)) >= {
        "C87", "C98", "C97", "C143", "C181", "C189", "C190", "UN1990",
    }  # fmt: skip


def test_a_valid_file_creates_every_row(c189):
    report = ratifications_import(text=VALID)

    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert [row.line for row in report.rows] == [2, 3, 4]
    assert Ratification.objects.count() == 3
    philippines = Ratification.objects.get(country="PH", convention=c189)
    assert philippines.status == Ratification.Status.IN_FORCE
    assert philippines.date == datetime.date(2012, 9, 5)
    assert philippines.note == "NORMLEX"
    germany = Ratification.objects.get(country="DE")
    assert germany.status == Ratification.Status.NOT_IN_FORCE


def test_importing_the_same_file_again_changes_nothing():
    ratifications_import(text=VALID)
    before = list(Ratification.objects.values_list("pk", "updated_at"))

    report = ratifications_import(text=VALID)

    assert report.ok
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert [row.action for row in report.rows] == ["unchanged"] * 3
    assert list(Ratification.objects.values_list("pk", "updated_at")) == before


def test_a_changed_row_updates_the_stored_ratification(c189):
    old = Ratification.objects.create(
        country="PH",
        convention=c189,
        status=Ratification.Status.NOT_IN_FORCE,
        date=datetime.date(2012, 9, 5),
        note="",
    )
    stamped = old.updated_at

    report = ratifications_import(text=csv_of("PH,C189,in_force,2012-09-05,Now in force"))

    assert report.ok
    assert [row.action for row in report.rows] == ["update"]
    assert report.updated == 1
    old.refresh_from_db()
    assert old.status == Ratification.Status.IN_FORCE
    assert old.note == "Now in force"
    assert old.updated_at > stamped
    assert Ratification.objects.count() == 1


def test_a_dry_run_reports_but_writes_nothing():
    report = ratifications_import(text=VALID, dry_run=True)

    assert report.ok
    assert report.created == 3
    assert Ratification.objects.count() == 0


def test_parsing_runs_a_fixed_number_of_queries(django_assert_num_queries):
    rows = [f"{code},C189,in_force,2012-09-05," for code in ("PH", "ZA", "DE", "FR", "IT")]
    with django_assert_num_queries(2):
        report = ratifications_parse(text=csv_of(*rows))
    assert report.ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "country,convention,status,date,note,source\nPH,C189,in_force,2012-09-05,,x\n",
            "Unknown column “source”",
        ),
        (
            "country,convention,status\nPH,C189,in_force\n",
            "Missing column “date”",
        ),
        (
            "nation,treaty,status,date\nPH,C189,in_force,2012-09-05\n",
            "Missing columns “country”, “convention”",
        ),
        (
            "country,country,convention,status,date\nPH,PH,C189,in_force,2012-09-05\n",
            "The column “country” appears twice",
        ),
    ],
)
def test_wrong_columns_are_a_file_error_and_nothing_is_written(text, expected):
    report = ratifications_import(text=text)

    assert not report.ok
    assert report.rows == []
    assert report.file_errors[0][0] == 1  # blamed on the header line
    assert any(expected in message for message in messages_of(report)), report.errors
    assert Ratification.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "The file is empty."),
        ("  \n\n", "The file is empty."),
        ("country,convention,status,date,note\n", "no rows of ratifications"),
    ],
)
def test_an_empty_file_is_a_file_error(text, expected):
    report = ratifications_import(text=text)

    assert not report.ok
    assert any(expected in message for message in messages_of(report))


def test_unknown_countries_are_reported_per_row_and_nothing_is_written():
    text = csv_of(
        "PH,C189,in_force,2012-09-05,",
        "XX,C189,in_force,2012-09-05,",
        "TW,C189,in_force,2012-09-05,",
        ",C189,in_force,2012-09-05,",
        "Atlantis,C189,in_force,2012-09-05,",
    )

    report = ratifications_import(text=text)

    assert not report.ok
    assert report.errors == [
        (3, "Unknown country “XX”: use a two-letter ISO code such as PH."),
        (4, "Taiwan (TW) is not one of the 187 ILO member States."),
        (5, "The country is missing: use a two-letter ISO code such as PH."),
        (6, "Unknown country “Atlantis”: use a two-letter ISO code such as PH."),
    ]
    assert report.rows[0].action == "create"
    assert report.rows[1].action == ""
    assert Ratification.objects.count() == 0


def test_english_country_names_and_lower_case_codes_are_accepted():
    text = csv_of(
        "philippines,C189,in_force,2012-09-05,",
        "Côte d'Ivoire,C189,in_force,2012-09-05,",
        "za,C189,in_force,2013-06-20,",
    )

    report = ratifications_import(text=text)

    assert report.ok, report.errors
    assert [row.country for row in report.rows] == ["PH", "CI", "ZA"]
    assert set(Ratification.objects.values_list("country", flat=True)) == {"PH", "CI", "ZA"}


def test_unknown_conventions_are_reported_with_the_valid_codes():
    report = ratifications_import(
        text=csv_of("PH,C999,in_force,2012-09-05,", "ZA,c189,in_force,2013-06-20,")
    )

    assert not report.ok
    [(line, message)] = report.errors
    assert line == 2
    assert message.startswith("Unknown convention “C999”: use one of ")
    for code in ("C87", "C189", "UN1990"):
        assert code in message
    # Codes are matched whatever their case.
    assert report.rows[1].convention == "C189"
    assert Ratification.objects.count() == 0


def test_statuses_accept_values_and_labels():
    report = ratifications_parse(
        text=csv_of(
            "PH,C189,In force,2012-09-05,",
            "ZA,C189,Ratified, not yet in force,2013-06-20,",
            "DE,C189,DENOUNCED,2013-09-20,",
            "FR,C189,ratified,2013-09-20,",
        ).replace("Ratified, not yet in force", '"Ratified, not yet in force"')
    )

    assert [row.status for row in report.rows[:3]] == ["in_force", "not_in_force", "denounced"]
    assert report.errors == [
        (5, "Unknown status “ratified”: use one of in_force, not_in_force, denounced.")
    ]


def test_bad_dates_are_reported_per_row_and_nothing_is_written():
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    text = csv_of(
        "PH,C189,in_force,05/09/2012,",
        "ZA,C189,in_force,2013-02-30,",
        f"DE,C189,in_force,{tomorrow},",
        "FR,C189,in_force,,",
        "IT,C189,in_force,20130920,",
    )

    report = ratifications_import(text=text)

    assert report.errors == [
        (2, "The date “05/09/2012” is not in the form YYYY-MM-DD, e.g. 2011-06-16."),
        (3, "The date “2013-02-30” does not exist."),
        (4, f"The date {tomorrow} is in the future."),
        (5, "The date is missing: use YYYY-MM-DD, e.g. 2011-06-16."),
        (6, "The date “20130920” is not in the form YYYY-MM-DD, e.g. 2011-06-16."),
    ]
    assert Ratification.objects.count() == 0


def test_a_duplicate_row_is_reported_on_the_second_line_naming_the_first():
    text = csv_of(
        "PH,C189,in_force,2012-09-05,",
        "ZA,C189,in_force,2013-06-20,",
        "ph,c189,in_force,2012-09-05,again",
    )

    report = ratifications_import(text=text)

    assert report.errors == [
        (4, "PH and C189 already appear on line 2; keep one of the two rows."),
    ]
    assert Ratification.objects.count() == 0


def test_a_note_over_200_characters_is_an_error():
    report = ratifications_parse(text=csv_of(f"PH,C189,in_force,2012-09-05,{'x' * 201}"))

    assert report.errors == [(2, "The note has 201 characters; the limit is 200.")]


def test_a_value_outside_the_named_columns_is_an_error():
    report = ratifications_parse(text=csv_of("PH,C189,in_force,2012-09-05,note,extra"))

    assert report.errors == [
        (2, "This row has a value outside the columns named in the header line.")
    ]


def test_empty_trailing_columns_from_a_spreadsheet_are_ignored():
    text = "\n" + csv_of(
        "PH,C189,in_force,2012-09-05,,,", header="country,convention,status,date,,,"
    )

    report = ratifications_parse(text=text)

    assert report.ok, report.errors
    assert report.rows[0].line == 3


def test_only_the_last_row_being_bad_still_writes_nothing(c189):
    Ratification.objects.create(
        country="PH", convention=c189, status="not_in_force", date=datetime.date(2012, 9, 5)
    )
    rows = [f"{code},C87,in_force,1990-01-01," for code in ("FR", "IT", "DE", "ES", "PT")]
    text = csv_of("PH,C189,in_force,2012-09-05,", *rows, "XX,C87,in_force,1990-01-01,")

    report = ratifications_import(text=text)

    assert not report.ok
    assert report.errors[0][0] == 8
    assert Ratification.objects.count() == 1
    assert Ratification.objects.get().status == "not_in_force"


def test_a_byte_order_mark_semicolons_whitespace_and_header_case_are_accepted():
    text = (
        "\ufeff Country ; CONVENTION ;Status; Date ;Note\r\n"
        " PH ; C189 ; in_force ; 2012-09-05 ; semicolons\r\n"
        "\r\n"
        "ZA;C189;in_force;2013-06-20\r\n"
    )

    report = ratifications_import(text=text)

    assert report.ok, report.errors
    assert [(row.line, row.country, row.note) for row in report.rows] == [
        (2, "PH", "semicolons"),
        (4, "ZA", ""),
    ]
    assert Ratification.objects.count() == 2


def test_more_than_5000_rows_is_a_file_error():
    text = csv_of(*["PH,C189,in_force,2012-09-05,"] * (MAX_ROWS + 1))

    report = ratifications_import(text=text)

    assert not report.ok
    assert report.errors == [
        (None, "The file has more than 5,000 rows. Split it into smaller files.")
    ]
    assert Ratification.objects.count() == 0


def test_more_than_2_mb_is_a_file_error():
    report = ratifications_import(text=csv_of("PH,C189,in_force,2012-09-05," + "x" * 2_200_000))

    assert not report.ok
    assert "larger than 2 MB" in report.errors[0][1]


def test_the_shipped_demo_file_imports_without_errors():
    text = DEMO_CSV.read_text(encoding="utf-8-sig")

    report = ratifications_import(text=text)

    assert report.ok, report.errors
    assert report.created == len(report.rows) == Ratification.objects.count()
    assert report.created > 100


# The management command -----------------------------------------------------


@pytest.fixture
def csv_file(tmp_path):
    def write(content, name="ratifications.csv"):
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return str(path)

    return write


def test_the_command_imports_and_prints_counts(csv_file, capsys):
    call_command("import_ratifications", csv_file(VALID))

    assert "Imported 3 rows: 3 created, 0 updated, 0 unchanged." in capsys.readouterr().out
    assert Ratification.objects.count() == 3


def test_the_command_dry_run_writes_nothing(csv_file, capsys):
    call_command("import_ratifications", csv_file(VALID), "--dry-run")

    assert "Would have: 3 created, 0 updated, 0 unchanged." in capsys.readouterr().out
    assert Ratification.objects.count() == 0


def test_the_command_reports_each_error_and_fails(csv_file, capsys):
    path = csv_file(csv_of("PH,C189,in_force,2012-09-05,", "XX,C999,in_force,2012-09-05,"))

    with pytest.raises(CommandError, match="Nothing was imported: 2 error"):
        call_command("import_ratifications", path)

    err = capsys.readouterr().err
    assert "line 3: Unknown country “XX”" in err
    assert "line 3: Unknown convention “C999”" in err
    assert Ratification.objects.count() == 0


def test_the_command_reads_a_byte_order_mark(csv_file):
    call_command("import_ratifications", csv_file(b"\xef\xbb\xbf" + VALID.encode()))

    assert Ratification.objects.count() == 3


def test_the_command_rejects_a_file_that_is_not_utf8(csv_file):
    path = csv_file(csv_of("CI,C189,in_force,2012-09-05,Côte d'Ivoire").encode("cp1252"))

    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_ratifications", path)
    assert Ratification.objects.count() == 0


def test_the_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_ratifications", str(tmp_path / "nowhere.csv"))


# The admin ------------------------------------------------------------------


def payload_from(response):
    match = re.search(r'name="payload" value="([^"]+)"', response.content.decode())
    assert match, "the preview has no confirm form"
    return match.group(1)


def test_the_upload_form_links_the_example(staff_client):
    response = staff_client.get(IMPORT_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'type="file"' in content
    assert 'accept=".csv,text/csv"' in content
    assert reverse("campaigns_ratification_import_example") in content


def test_the_url_names_are_as_documented():
    assert reverse("campaigns_ratification_import") == IMPORT_URL
    assert reverse("campaigns_ratification_import_example").startswith(IMPORT_URL)


def test_upload_preview_confirm_imports_and_redirects(staff_client):
    response = staff_client.post(IMPORT_URL, {"file": upload(VALID)})

    assert response.status_code == 200
    content = response.content.decode()
    for country in ("Philippines", "South Africa", "Germany"):
        assert country in content
    assert "Import 3 rows" in content
    assert Ratification.objects.count() == 0  # the preview writes nothing

    response = staff_client.post(IMPORT_URL, {"payload": payload_from(response)})

    assert response.status_code == 302
    assert response.url == reverse(LISTING_URL_NAME)
    assert Ratification.objects.count() == 3
    [message] = get_messages(response.wsgi_request)
    assert message.level_tag == "success"
    # Wagtail renders its messages as HTML, with trailing whitespace.
    assert str(message).strip() == "Imported 3 rows: 3 created, 0 updated, 0 unchanged."


def test_an_upload_with_errors_shows_them_and_offers_no_import(staff_client):
    text = csv_of("PH,C189,in_force,2012-09-05,", "XX,C189,in_force,2012-09-05,")

    response = staff_client.post(IMPORT_URL, {"file": upload(text)})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Nothing was imported." in content
    assert "Unknown country “XX”: use a two-letter ISO code such as PH." in content
    assert 'name="payload"' not in content
    assert "Import 2 rows" not in content
    assert Ratification.objects.count() == 0


def test_file_level_errors_show_above_the_rows(staff_client):
    response = staff_client.post(IMPORT_URL, {"file": upload("country,convention\nPH,C189\n")})

    content = response.content.decode()
    assert "Line 1:" in content
    assert "Missing columns “status”, “date”" in content
    assert 'name="payload"' not in content


def test_a_tampered_payload_is_rejected_and_nothing_is_written(staff_client):
    response = staff_client.post(IMPORT_URL, {"file": upload(VALID)})
    payload = payload_from(response)
    forged = signing.dumps(VALID + "FR,C189,in_force,2013-01-01,\n", compress=True)

    for bad in (payload[:-2] + "xx", forged, "not-a-payload"):
        response = staff_client.post(IMPORT_URL, {"payload": bad}, follow=True)

        # Back to the upload form, with the message shown once.
        assert response.redirect_chain == [(IMPORT_URL, 302)]
        content = response.content.decode()
        assert content.count("The previewed file could not be verified.") == 1
        assert 'type="file"' in content
    assert Ratification.objects.count() == 0


def test_an_expired_preview_is_rejected(staff_client):
    class TwoHoursAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 2 * 60 * 60)

    payload = TwoHoursAgo(salt=PAYLOAD_SALT).sign_object(VALID, compress=True)

    response = staff_client.post(IMPORT_URL, {"payload": payload}, follow=True)

    assert "This preview is more than an hour old." in response.content.decode()
    assert Ratification.objects.count() == 0


def test_a_payload_signed_with_the_right_salt_but_bad_rows_imports_nothing(staff_client):
    # Defence in depth: the confirm step checks the file again before writing.
    payload = signing.dumps(
        csv_of("XX,C189,in_force,2012-09-05,"), salt=PAYLOAD_SALT, compress=True
    )

    response = staff_client.post(IMPORT_URL, {"payload": payload})

    assert response.status_code == 200
    assert "Nothing was imported." in response.content.decode()
    assert Ratification.objects.count() == 0


def test_a_file_that_is_not_utf8_gives_a_form_error(staff_client):
    text = csv_of("CI,C189,in_force,2012-09-05,Côte d'Ivoire")

    response = staff_client.post(IMPORT_URL, {"file": upload(text, encoding="cp1252")})

    assert response.status_code == 200
    assert "The file is not UTF-8 text." in response.content.decode()
    assert 'name="payload"' not in response.content.decode()
    assert Ratification.objects.count() == 0


def test_a_missing_file_gives_a_form_error(staff_client):
    response = staff_client.post(IMPORT_URL, {})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize("codenames", [[], ["add_ratification"], ["change_ratification"]])
def test_staff_without_both_permissions_are_turned_away(client, django_user_model, codenames):
    user = django_user_model.objects.create_user(
        email="volunteer@example.org", password="a-long-test-password"
    )
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="campaigns", codename__in=codenames),
    )
    client.force_login(user)

    get = client.get(IMPORT_URL)
    post = client.post(IMPORT_URL, {"file": upload(VALID)})

    assert get.status_code in (302, 403)
    assert post.status_code in (302, 403)
    assert Ratification.objects.count() == 0


def test_staff_with_both_permissions_may_import(client, django_user_model):
    user = django_user_model.objects.create_user(
        email="organiser@example.org", password="a-long-test-password"
    )
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="campaigns",
            codename__in=["add_ratification", "change_ratification", "view_ratification"],
        ),
    )
    client.force_login(user)

    response = client.post(IMPORT_URL, {"file": upload(VALID)})
    response = client.post(IMPORT_URL, {"payload": payload_from(response)})

    assert response.status_code == 302
    assert Ratification.objects.count() == 3


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert "/login/" in response.url


def test_the_example_file_downloads(staff_client):
    response = staff_client.get(reverse("campaigns_ratification_import_example"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body == DEMO_CSV.read_bytes()


def test_the_listing_and_the_menu_link_to_the_import(staff_client):
    listing = staff_client.get(reverse(LISTING_URL_NAME))

    assert listing.status_code == 200
    content = listing.content.decode()
    assert "Import CSV" in content
    assert "Import ratifications" in content  # in the "Campaign data" menu
    assert IMPORT_URL in content
