from django import template
from django.urls import reverse

from companies.moderation import pending_counts

register = template.Library()


@register.simple_tag
def moderation_queue() -> list[dict]:
    """What waits for a moderator, for the admin home: each moderated model's name, count and filtered list."""
    queue = []
    for model, count in pending_counts():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?review=waiting"
        queue.append({"name": opts.verbose_name_plural, "count": count, "url": url})
    return queue
