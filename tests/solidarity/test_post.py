"""Posting a message on a solidarity wall: without JavaScript, confirmed by email,
every hostile input refused or neutralised."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.images.models import Rendition

from home.renditions import UPLOAD_SPECS
from solidarity import services
from solidarity.factories import MessageFactory
from solidarity.models import Message
from supporters.factories import SupporterFactory
from supporters.models import Activity, ConsentRecord, Supporter
from tests.home.test_images import assert_clean, tagged_photo
from tests.solidarity.conftest import post_url

pytestmark = pytest.mark.django_db


def confirm_path(message):
    url = re.search(r"https?://\S+/confirm/\?t=\S+", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def test_the_form_renders_without_javascript(client, wall):
    response = client.get(wall.url + wall.reverse_subpage("post"))
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("display_name", "from_country", "to_country", "language", "text", "photo"):
        assert f'name="{name}"' in html
    assert 'maxlength="1000"' in html
    assert '<option value="QA" selected>' in html
    # The form posts to a plain URL, which skips the page tree (bench/walls.py).
    assert f'action="{post_url(wall)}"' in html


def test_the_plain_posting_url_knows_only_published_walls(client, wall, post_data):
    url = post_url(wall)
    assert client.get(url).status_code == 302
    assert client.get(url)["Location"] == wall.url + wall.reverse_subpage("post")
    wall.unpublish()
    assert client.post(url, post_data()).status_code == 404
    assert client.post(url.replace(f"/{wall.pk}/", "/999999/"), post_data()).status_code == 404
    assert not Message.objects.exists()


def test_a_form_opened_before_still_posts_to_the_page(client, wall, post_data):
    response = client.post(wall.url + wall.reverse_subpage("post"), post_data())
    assert response.status_code == 303
    assert Message.objects.count() == 1


def test_posting_reads_the_same_few_queries_however_full_the_wall(
    client, post, post_data, wall, django_assert_num_queries
):
    post(text="The first one")
    MessageFactory.create_batch(30, wall=wall, status=Message.Status.APPROVED)
    # What the sender posted before (one statement), whether we know them, and
    # the INSERT inside its transaction. The email is the worker's.
    with django_assert_num_queries(5):
        response = client.post(post_url(wall), post_data(text="Another one"))
    assert response.status_code == 303


def test_an_unknown_sender_confirms_by_email_then_a_moderator_reads_it(
    client, post, django_capture_on_commit_callbacks
):
    response = post(opt_in="on")
    assert response.status_code == 303
    message = Message.objects.get()
    assert message.status == Message.Status.UNCONFIRMED
    assert len(mail.outbox) == 1
    path = confirm_path(mail.outbox[0])
    # Opening the link (as a mail scanner does) changes nothing; the button does.
    assert "Confirm my message" in client.get(path).content.decode()
    message.refresh_from_db()
    assert message.status == Message.Status.UNCONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    supporter = Supporter.objects.get()
    assert supporter.activities.get().kind == Activity.Kind.SOLIDARITY_MESSAGE
    assert supporter.email_consent
    assert ConsentRecord.objects.get().notice == message.opt_in_notice


def test_posting_again_unconfirmed_resends_the_link_at_most_every_ten_minutes(
    client, post, django_capture_on_commit_callbacks
):
    for _ in range(5):
        assert post().status_code == 303
    assert len(mail.outbox) == 1
    message = Message.objects.get()
    message.confirmation_sent_at -= services.CONFIRMATION_RESEND_AFTER
    message.save()
    post()
    post()
    assert len(mail.outbox) == 2
    # Both links name the same message; they differ at most in the second they were
    # signed, and the newer one confirms it.
    first, second = (confirm_path(m).split("%3A")[0] for m in mail.outbox)
    assert first == second
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_path(mail.outbox[1]))
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING


def test_links_a_worker_left_unsent_go_out_once_with_the_sweep(post, settings):
    # A worker died mid-send: one claim held and not marked, others never touched.
    for n in range(3):
        MessageFactory(status=Message.Status.UNCONFIRMED, email=f"left{n}@example.org")
    held = MessageFactory(status=Message.Status.UNCONFIRMED, email="held@example.org")
    held.confirmation_claimed_at = timezone.now()
    held.save()
    assert services.confirmations_sweep() == 3
    assert services.confirmations_sweep() == 0
    # The claim lapses: the link may have gone out before the death, so it goes again.
    Message.objects.filter(pk=held.pk).update(
        confirmation_claimed_at=timezone.now() - services.CONFIRMATION_CLAIM_TIMEOUT
    )
    assert services.confirmations_sweep() == 1
    assert sorted(m.to[0] for m in mail.outbox) == [
        "held@example.org",
        *(f"left{n}@example.org" for n in range(3)),
    ]


def test_a_link_that_fails_to_send_is_released_for_the_next_run(post, monkeypatch):
    from solidarity import emails

    def fail(message):
        raise ConnectionError("provider down")

    monkeypatch.setattr(emails, "confirmation_send", fail)
    post()  # the follower gives up for now; the message is stored all the same
    message = Message.objects.get()
    assert message.confirmation_sent_at is None
    assert message.confirmation_claimed_at is None
    monkeypatch.undo()
    assert services.confirmations_sweep() == 1
    assert len(mail.outbox) == 1


def test_someone_known_goes_straight_to_the_moderators(post):
    SupporterFactory(email="binod@example.org")
    post()
    assert Message.objects.get().status == Message.Status.PENDING
    assert not mail.outbox


def test_campaign_email_is_never_assumed(client, post, django_capture_on_commit_callbacks):
    post()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_path(mail.outbox[0]))
    assert not Supporter.objects.get().email_consent


def test_a_trusted_unions_own_address_publishes_directly_where_the_wall_allows(wall, post):
    from supporters.factories import AffiliateFactory

    AffiliateFactory(name="GEFONT", trusted=True, email_domains="gefont.org")
    SupporterFactory(email="binod@gefont.org")
    wall.moderation = wall.Moderation.TRUSTED
    wall.save()
    post(organisation="GEFONT", email="binod@gefont.org")
    assert Message.objects.get().status == Message.Status.APPROVED
    # The same union's name typed from another address is moderated.
    SupporterFactory(email="someone@example.org")
    post(organisation="GEFONT", email="someone@example.org", text="Another message", ip="1.2.3.4")
    assert Message.objects.get(email="someone@example.org").status == Message.Status.PENDING


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"text": "<script>alert(1)</script>"}, "text", "plain text"),
        ({"text": "Hello <b>friends</b>"}, "text", "plain text"),
        ({"text": "x" * 10_000}, "text", "at most 1000 characters"),
        ({"text": "hidden\u0007bell"}, "text", "invisible characters"),
        ({"text": "\u200b\u200b"}, "text", "Write your message"),
        ({"display_name": "<img src=x>"}, "display_name", "< or >"),
        ({"display_name": ""}, "display_name", "required"),
        ({"to_country": "XX"}, "to_country", "Select a valid choice"),
        ({"language": "klingon"}, "language", "Select a valid choice"),
        ({"email": "binod@localhost"}, "email", "name@example.org"),
        ({"consent": None}, "consent", "Tick this box"),
    ],
)
def test_bad_input_is_refused_field_by_field(post, overrides, field, message):
    response = post(**overrides)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Message.objects.exists()


def test_zero_width_and_bidi_tricks_are_removed_and_hearts_kept(post):
    post(text="We \u200bstand\u202e with you <3 \u200d")
    assert Message.objects.get().text == "We stand with you <3"


def test_the_same_message_posted_500_times_is_stored_once(post):
    for n in range(5):
        assert post(ip=f"198.51.100.{n}").status_code in (303, 429)
    for n in range(3):
        post(email=f"other{n}@example.org", ip="198.51.100.0")  # same connection, same text
    assert Message.objects.count() == 1


def test_posting_is_limited_per_connection(post, settings):
    settings.SOLIDARITY_PER_HOUR = 3
    for n in range(3):
        assert post(text=f"Message {n}").status_code == 303
    assert post(text="One more").status_code == 429
    assert post(text="One more", ip="198.51.100.99").status_code == 303
    # Sending the same message again is not a new one: it is answered as before.
    assert post(text="Message 1").status_code == 303
    assert Message.objects.count() == 4


def test_attempts_with_a_photo_are_limited_before_the_photo_is_read(post, settings):
    settings.SOLIDARITY_PER_HOUR = 2
    cache.clear()
    statuses = [
        post(files={"photo": SimpleUploadedFile("x.jpg", b"%PDF-1.7", "image/jpeg")}).status_code
        for _ in range(3)
    ]
    assert statuses == [400, 400, 429]


def test_a_photo_is_stored_without_any_metadata(post):
    photo = SimpleUploadedFile("me.jpg", tagged_photo(size=(320, 200)), "image/jpeg")
    assert post(files={"photo": photo}).status_code == 303
    image = Message.objects.get().image
    with image.file.open("rb") as f:
        assert_clean(f.read())
    assert image.collection.name == "Solidarity messages"


def test_a_confirmed_photo_is_made_in_the_sizes_the_wall_shows_before_anyone_looks(
    client, post, wall, django_capture_on_commit_callbacks
):
    photo = SimpleUploadedFile("me.jpg", tagged_photo(size=(1200, 900)), "image/jpeg")
    post(files={"photo": photo})
    image = Message.objects.get().image
    # Posted, not confirmed: the worker spends nothing on it yet.
    assert not Rendition.objects.filter(image=image).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_path(mail.outbox[0]))
    made = Rendition.objects.filter(image=image)
    assert set(made.values_list("filter_spec", flat=True)) == set(UPLOAD_SPECS)
    for rendition in made:
        with rendition.file.open("rb") as f:
            assert_clean(f.read())
    services.messages_decide(messages=Message.objects.all(), status=Message.Status.APPROVED)
    html = client.get(wall.url).content.decode()
    # AVIF, then WebP, then JPEG; a phone takes the 360 px one; nothing made on the view.
    assert Rendition.objects.filter(image=image).count() == len(UPLOAD_SPECS)
    assert '<source sizes="(min-width: 48rem) 45rem, 100vw" srcset="' in html
    assert 'type="image/avif"' in html and 'type="image/webp"' in html
    avif_360 = made.get(filter_spec="max-360x270|format-avif")
    assert (avif_360.width, avif_360.height) == (360, 270)
    assert f"{avif_360.url} 360w" in html
    # The larger size gives the photo its place on a wide screen.
    img = re.search(r'<img alt="Photo from Binod"[^>]*>', html).group(0)
    assert 'height="540"' in img and 'width="720"' in img


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.7 a document", "flyer.jpg", "not a picture we can read"),
        (tagged_photo()[:300], "cut.jpg", "damaged or incomplete"),
    ],
)
def test_a_photo_that_is_not_one_is_refused(post, data, name, message):
    response = post(files={"photo": SimpleUploadedFile(name, data, "image/jpeg")})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["photo"])
    assert not Message.objects.exists()


def test_a_huge_png_is_refused_before_it_is_decoded(post):
    import struct
    import zlib

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    # A 50,000 × 50,000 PNG header with almost no data: a decompression bomb.
    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 100))
        + chunk(b"IEND", b"")
    )
    response = post(files={"photo": SimpleUploadedFile("bomb.png", png, "image/png")})
    assert response.status_code == 400
    assert "too large" in " ".join(response.context["form"].errors["photo"])


def test_malformed_posts_never_give_a_500(client, wall):
    url = wall.url + wall.reverse_subpage("post")
    assert client.post(url, {"text": ["a", "b"], "consent": "maybe"}).status_code == 400
    assert client.put(url).status_code == 405
    assert client.generic(
        "POST", url, b"\xff\xfe", content_type="multipart/form-data; boundary=x"
    ).status_code in (400, 429)


def test_a_guessed_confirmation_link_opens_nothing(client, wall, post):
    post()
    url = wall.url + wall.reverse_subpage("confirm")
    assert client.post(url + "?t=1:forged").status_code == 400
    assert Message.objects.get().status == Message.Status.UNCONFIRMED
