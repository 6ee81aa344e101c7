"""A mailer for the process tests: one line per message in MOBILISE_VAR_DIR/sent.log.

Each line is written with one O_APPEND write, so that lines from several worker
processes never interleave, and only once the message counts as sent; a
worker killed before that sent nothing. MAIL_DELAY slows each send down, as a
real provider would, so that a test can kill a worker in the middle of a batch.
"""

import json
import os
import time

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        delay = float(os.environ.get("MAIL_DELAY", "0"))
        path = os.path.join(settings.VAR_DIR, "sent.log")
        for message in email_messages:
            time.sleep(delay)
            line = json.dumps({"to": message.to, "subject": message.subject}) + "\n"
            descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(descriptor, line.encode())
            finally:
                os.close(descriptor)
        return len(email_messages)


def sent_log(var_dir):
    path = os.path.join(var_dir, "sent.log")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as log:
        return [json.loads(line) for line in log if line.strip()]
