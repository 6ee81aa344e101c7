"""Development mailer for mailings: one .eml file per recipient, merged.

A batch message carries every recipient with their merge_data and merge_headers,
as anymail hands it to a provider; here the provider's work is done locally
(Mailgun's %recipient.name% syntax, see emails.LOCAL_FORMAT) so that each
person's email, with their own unsubscribe link, can be read under var/mail/.
"""

import copy

from home.emails import EmlFileBackend, merge_fill

from .emails import LOCAL_FORMAT


def merged_copies(message):
    merge_data = getattr(message, "merge_data", None)
    if merge_data is None:
        return [message]
    copies = []
    for address in message.to:
        data = merge_data.get(address, {})

        def fill(text, data=data):
            return merge_fill(text, data, LOCAL_FORMAT)

        single = copy.copy(message)
        single.to = [address]
        single.cc, single.bcc = [], []
        single.subject = fill(message.subject)
        single.body = fill(message.body)
        single.alternatives = [
            type(alt)(fill(alt.content), alt.mimetype) for alt in message.alternatives
        ]
        single.extra_headers = {
            **message.extra_headers,
            **getattr(message, "merge_headers", {}).get(address, {}),
        }
        single.merge_data = None
        copies.append(single)
    return copies


class MergeFileBackend(EmlFileBackend):
    def send_messages(self, email_messages):
        expanded = [single for message in email_messages for single in merged_copies(message)]
        return super().send_messages(expanded)
