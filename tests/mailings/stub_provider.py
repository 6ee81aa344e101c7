"""A stand-in for Mailgun's HTTP API on 127.0.0.1, for anymail's real Mailgun backend.

It records every batch it is sent (recipients and their recipient-variables) and
answers each call as the test scripts it: accept, fail with a status, answer too
late (the client times out although the batch was accepted), or accept and drop
the connection without answering. Given a `webhook_url`, it then tells the site
each recipient's message was delivered, as Mailgun's signed tracking webhooks do.
"""

import base64
import contextlib
import email
import email.policy
import hashlib
import hmac
import json
import secrets
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

SIGNING_KEY = "stub-signing-key"


class StubMailgun:
    def __init__(self):
        self.batches = []  # every accepted call: {"to": [...], "variables": {...}, ...}
        self.calls = 0
        self.script = []  # what to do with the next calls: "ok", 500, 429, "slow", "drop"
        self.slow_seconds = 2.0
        self.webhook_url = ""  # where to post "delivered" events, e.g. http://host/anymail/…
        self.webhook_auth = ""  # "user:password"
        self.webhook_delay = 0.2
        self.webhooks_posted = 0
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                recipients = stub.recipients()
                self._answer(
                    200,
                    {
                        "calls": stub.calls,
                        "recipients": len(recipients),
                        "unique": len(set(recipients)),
                        "max_batch": max((len(b["to"]) for b in stub.batches), default=0),
                        "private": all(set(b["variables"]) == set(b["to"]) for b in stub.batches),
                    },
                )

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                with stub._lock:
                    stub.calls += 1
                    action = stub.script.pop(0) if stub.script else "ok"
                if action in (500, 429, 400):
                    self._answer(action, {"message": "stub failure"})
                    return
                batch = stub.parse(self.headers.get("Content-Type", ""), body)
                with stub._lock:
                    stub.batches.append(batch)
                if stub.webhook_url:
                    threading.Thread(target=stub.deliver, args=(batch,), daemon=True).start()
                if action == "drop":
                    self.close_connection = True
                    self.connection.close()
                    return
                if action == "slow":
                    time.sleep(stub.slow_seconds)
                n = len(stub.batches)
                self._answer(200, {"id": f"<batch{n}@mg.example.org>", "message": "Queued."})

            def _answer(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @staticmethod
    def parse(content_type, body):
        fields = {}
        if content_type.startswith("application/x-www-form-urlencoded"):
            fields = parse_qs(body.decode(), keep_blank_values=True)
        else:
            message = email.message_from_bytes(
                f"Content-Type: {content_type}\r\n\r\n".encode() + body,
                policy=email.policy.HTTP,
            )
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                fields.setdefault(name, []).append(part.get_content())
        variables = json.loads(fields.get("recipient-variables", ["{}"])[0])
        return {
            "to": fields.get("to", []),
            "cc": fields.get("cc", []),
            "bcc": fields.get("bcc", []),
            "subject": fields.get("subject", [""])[0],
            "text": fields.get("text", [""])[0],
            "html": fields.get("html", [""])[0],
            "variables": variables,
            "fields": fields,
        }

    def deliver(self, batch):
        """Post a signed "delivered" event for each recipient of an accepted batch."""
        time.sleep(self.webhook_delay)
        auth = "Basic " + base64.b64encode(self.webhook_auth.encode()).decode()
        for address in batch["to"]:
            variables = batch["variables"].get(address, {})
            timestamp, token = str(int(time.time())), secrets.token_hex(25)
            signature = hmac.new(
                SIGNING_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
            ).hexdigest()
            payload = {
                "signature": {"timestamp": timestamp, "token": token, "signature": signature},
                "event-data": {
                    "event": "delivered",
                    "id": secrets.token_hex(8),
                    "timestamp": time.time(),
                    "recipient": address,
                    "message": {"headers": {"message-id": "stub@mg.example.org"}},
                    "user-variables": {
                        key.removeprefix("v:"): value
                        for key, value in variables.items()
                        if key.startswith("v:")
                    },
                },
            }
            request = urllib.request.Request(  # noqa: S310 - the test's own server
                self.webhook_url,
                data=json.dumps(payload).encode(),
                headers={"Content-Type": "application/json", "Authorization": auth},
            )
            with contextlib.suppress(OSError):
                urllib.request.urlopen(request, timeout=10).close()  # noqa: S310
                with self._lock:
                    self.webhooks_posted += 1

    def recipients(self):
        """Every address the stub accepted a message for, as many times as it did."""
        return [address for batch in self.batches for address in batch["to"]]

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
