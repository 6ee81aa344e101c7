"""Reading walls and their messages."""

from datetime import timedelta

from django.db import connections

from home.memory import live_page

from .models import Message, SolidarityWallPage


def wall_live(page_id):
    """The published, unrestricted wall with this id, or None (kept in home.memory)."""
    return live_page(SolidarityWallPage.objects, page_id)


def posted_before(*, ip_hashed, email, action_key, text, now, cap):
    """What this sender posted before, in one statement of three indexed reads:
    (messages stored from this connection in the last hour, counted up to cap;
    the id of this same text on this wall from this address, or from this
    connection within the hour, or None).

    Every post pays for it, so it is written in SQL, as signing's limits are
    (petitions.selectors.signatures_from_ip): through the ORM the same reads
    were a fifth of posting's CPU.
    """
    connection = connections[Message.objects.db]
    table = connection.ops.quote_name(Message._meta.db_table)
    key = Message._meta.get_field("action_key").get_db_prep_value(action_key, connection)
    since = connection.ops.adapt_datetimefield_value(now - timedelta(hours=1))
    # No address (no proxy header, a test client): match no row rather than every one.
    ip = ip_hashed or None
    # The table's name comes from the model; every value is a parameter.
    sql = (
        "SELECT "  # noqa: S608
        f"(SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE ip_hash = %s AND created_at >= %s "
        "LIMIT %s) recent), "
        f"(SELECT id FROM {table} WHERE action_key = %s AND email = %s AND text = %s LIMIT 1), "
        f"(SELECT id FROM {table} WHERE ip_hash = %s AND created_at >= %s "
        "AND action_key = %s AND text = %s LIMIT 1)"
    )
    params = [ip, since, cap, key, email, text, ip, since, key, text]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        recent, by_email, by_connection = cursor.fetchone()
    return int(recent), by_email or by_connection
