"""What moderating in bulk in the admin shares, whatever is moderated (event
actions, solidarity messages): who may, and the reason given to the service."""

from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction


class ModerationBulkAction(SnippetBulkAction):
    """A bulk action on snippets that needs the permission to change each one and
    hands the reason typed in its form (if it has one) to `execute_action`."""

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    def get_execution_context(self):
        reason = self.cleaned_form.cleaned_data.get("reason", "") if self.cleaned_form else ""
        return {**super().get_execution_context(), "reason": reason}
