"""A user's conversation data for the account data download (config.account_data): what the user wrote, the
companies they blocked and the conversations they reported. Messages of other people are not the user's data and
stay out (they read them on the site). Three queries whatever the number of rows."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from messaging.models import Block, Message, ThreadReport


def messaging_data(user) -> dict:
    """Plain JSON types: {"messages_written": [...], "companies_blocked": [...], "conversations_reported": [...]},
    oldest first, times ISO 8601 in UTC."""
    messages = (Message.objects.filter(author=user).select_related("sender", "thread__company_low",
                                                                   "thread__company_high")
                .order_by("created_at", "pk"))
    blocks = Block.objects.filter(created_by=user).select_related("blocker", "blocked").order_by("created_at", "pk")
    reports = (ThreadReport.objects.filter(reporter=user)
               .select_related("thread__company_low", "thread__company_high").order_by("created_at", "pk"))
    return {
        "messages_written": [{
            "conversation": message.thread_id,
            "from_company": message.sender.name,
            "to_company": message.thread.other(message.sender_id).name,
            "body": message.body,
            "sent_at": _time(message.created_at),
        } for message in messages],
        "companies_blocked": [{
            "company": block.blocker.name, "blocked_company": block.blocked.name, "blocked_at": _time(block.created_at),
        } for block in blocks],
        "conversations_reported": [{
            "conversation": report.thread_id,
            "reported_company": report.thread.other(report.company_id).name,
            "reason": report.reason,
            "note": report.note,
            "status": report.status,
            "status_reason": report.status_reason,
            "reported_at": _time(report.created_at),
        } for report in reports],
    }


def _time(moment: datetime | None) -> str | None:
    return timezone.localtime(moment, ZoneInfo("UTC")).isoformat() if moment else None
