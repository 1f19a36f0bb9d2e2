"""Demo conversations for `manage.py load_demo`: a few threads between the demo companies, so that both demo
owners find conversations (one with an unread message) on their threads page.

Idempotent: a pair that already has a thread is left alone. Written straight to the tables, not through the
services: the demo must not hit the rate limits nor queue emails, and it sets the times of its messages.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from companies.models import Company, Listing, Membership
from companies.services import slug_base
from messaging.models import Message, ReadState, Thread
from messaging.selectors import thread_pair

# (writer company, other company, started from, title of the other company's entry or None, messages). Each
# message: (company that writes, hours ago, text); "owner" names the demo account that writes for it.
DEMO_THREADS = [
    ("Bakı Qida Distribusiya MMC", "Highland Bean Export JSC", "listing", "Robusta green coffee, grade 1, screen 18", [
        ("Bakı Qida Distribusiya MMC", 75,
         "Good afternoon,\n\nWe distribute coffee and spices to about 400 shops and HoReCa clients in Baku and "
         "Sumqayıt. We are interested in your grade 1 Robusta, screen 18. Could you quote CIF Poti for two "
         "20-foot containers, delivery in March? We would also like 2 kg samples.\n\nBest regards,\nRəşad Məmmədov"),
        ("Highland Bean Export JSC", 60,
         "Dear Mr Məmmədov,\n\nThank you for your interest. For March shipment we can offer 19.2 tonnes per "
         "container, wet-polished, moisture max 12.5%. I will send the CIF Poti price tomorrow, once our "
         "forwarder confirms the Black Sea rate. Samples can leave Buôn Ma Thuột by courier this week: please "
         "confirm the delivery address.\n\nKind regards,\nNguyễn Thị Lan"),
        ("Bakı Qida Distribusiya MMC", 5,
         "Thank you, Ms Lan. The address is 14 Neftçilər prospekti, Baku AZ1010, attention of the quality "
         "department. We will also be at the Baku B2B days next month: perhaps we can meet there to discuss "
         "a yearly contract."),
    ]),
    ("Xəzər Fındıq MMC", "Highland Bean Export JSC", "suggestion", None, [
        ("Xəzər Fındıq MMC", 50,
         "Hello from Zaqatala!\n\nTradeBridge suggested your company to us. We ship hazelnut kernels to roasters "
         "and confectioners, and several of our Turkish clients also buy Robusta. Would you consider a joint "
         "offer to Vietnamese and Azerbaijani roasters: your coffee, our roasted hazelnuts for flavoured "
         "blends?\n\nElçin Babayev"),
        ("Highland Bean Export JSC", 30,
         "Dear Mr Babayev,\n\nAn interesting idea: hazelnut-flavoured coffee sells well in Hà Nội cafés. We "
         "could introduce your kernels to two roasters we supply. Could you send your specification sheet and "
         "the aflatoxin certificates in English?\n\nNguyễn Thị Lan"),
    ]),
    ("Bình Phước Cashew Processing Co., Ltd", "Xəzər Fındıq MMC", "company", None, [
        ("Bình Phước Cashew Processing Co., Ltd", 20,
         "Dear Xəzər Fındıq team,\n\nWe read that you want Vietnamese cashews for mixed-nut products. We "
         "process W240 and W320 whole kernels and pieces, about 6,000 tonnes a year, BRCGS certified. We can "
         "pack in 22.68 kg cartons or in vacuum bags for your line. Shall we send a price list?\n\n"
         "Trần Văn Hùng, export manager"),
    ]),
]


def create_demo_threads(users: dict) -> int:
    """The demo conversations (companies.demo.load_accounts's `users` name who writes for the demo owners'
    companies); returns how many threads were created now. Demo companies missing (a partial load) are
    skipped."""
    companies = {company.name: company for company in Company.objects.filter(
        slug__in=[slug_base(name) for spec in DEMO_THREADS for name in spec[:2]])}
    authors = {membership.company_id: membership.user for membership in Membership.objects.filter(
        user__in=[user for role, user in users.items() if role.startswith("owner")])}
    now = timezone.now()
    created = 0
    with transaction.atomic():
        for writer_name, other_name, started_from, listing_title, history in DEMO_THREADS:
            writer, other = companies.get(writer_name), companies.get(other_name)
            if writer is None or other is None:
                continue
            low, high = thread_pair(writer, other)
            if Thread.objects.filter(company_low_id=low, company_high_id=high).exists():
                continue
            listing = (Listing.objects.filter(company=other, title=listing_title).first()
                       if listing_title else None)
            started_at = now - timedelta(hours=history[0][1])
            thread = Thread.objects.create(
                company_low_id=low, company_high_id=high, started_from=started_from, listing=listing,
                subject=listing.title if listing else "", started_by=authors.get(writer.pk), created_at=started_at,
                last_message_at=started_at)
            for sender_name, hours_ago, body in history:
                sender = companies[sender_name]
                at = now - timedelta(hours=hours_ago)
                Message.objects.create(thread=thread, sender=sender, author=authors.get(sender.pk), body=body,
                                       created_at=at)
                side = "low_last_at" if sender.pk == low else "high_last_at"
                setattr(thread, side, at)
                thread.last_message_at = at
                # Each demo owner has read what they wrote (and what came before it).
                author = authors.get(sender.pk)
                if author is not None:
                    ReadState.objects.update_or_create(user=author, thread=thread, defaults={"read_at": at})
            thread.save(update_fields=["low_last_at", "high_last_at", "last_message_at"])
            created += 1
    return created
