"""Demo companies and accounts for `manage.py load_demo` (the command lives in events, which adds events).

Idempotent: everything is looked up by a natural key (email, slug) before it is created.
"""

import io
import random
import sys
import time

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from companies.demo_data import DEMO_COMPANIES
from companies.models import Company, Language, Membership, ModerationStatus, Sector
from companies.services import slug_base

DEMO_ACCOUNTS = [
    # email, password, role
    ("admin@tradebridge.example", "demo-admin-2026", "admin"),
    ("organizer@tradebridge.example", "demo-organizer-2026", "organizer"),
    ("owner.vn@tradebridge.example", "demo-owner-vn-2026", "owner-vn"),
    ("owner.az@tradebridge.example", "demo-owner-az-2026", "owner-az"),
]
ORGANIZERS_GROUP = "Organizers"  # the role events.models names; kept as data here (companies imports no events)
# A few demo profiles wait for moderation, so the admin has something to approve.
PENDING_DEMO_SLUGS_EVERY = 20
LOGO_COLOURS = ["#0b6e4f", "#1849a9", "#b54708", "#6941c6", "#c11574", "#026aa2", "#4e5ba6", "#3b7c0f"]

# Sector skew for synthetic companies, roughly as in the demo data and the article's trade mix.
SECTOR_WEIGHTS = {
    "agriculture-food": 22, "trade": 18, "transport-logistics": 12, "electronics-machinery": 11,
    "light-industry": 9, "construction": 8, "digital-economy": 7, "petrochemicals-oil-gas": 5,
    "tourism": 4, "renewable-energy": 3, "mining": 1,
}
SYNTHETIC_PREFIX = "synthetic-"



def load_accounts() -> dict:
    """The demo accounts (created once), keyed by role."""
    User = get_user_model()
    organizers, _ = Group.objects.get_or_create(name=ORGANIZERS_GROUP)
    users = {}
    for email, password, role in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(username=email.split("@")[0], email=email)
            user.set_password(password)
            user.is_staff = user.is_superuser = role == "admin"
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if role == "organizer":
            user.groups.add(organizers)
        users[role] = user
    return users

def load_companies(users: dict, *, draw_logos: bool) -> int:
    """The realistic demo companies; returns how many were created now."""
    sectors = {s.slug: s for s in Sector.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    owners = {"VN": users["owner-vn"], "AZ": users["owner-az"]}
    created = 0
    for index, data in enumerate(DEMO_COMPANIES):
        slug = slug_base(data["name"])
        if Company.objects.filter(slug=slug).exists():
            continue
        pending = index % PENDING_DEMO_SLUGS_EVERY == PENDING_DEMO_SLUGS_EVERY - 1
        company = Company(
            slug=slug,
            status=ModerationStatus.PENDING if pending else ModerationStatus.APPROVED,
            moderated_at=None if pending else timezone.now(),
            contact_email=f"contact@{data['website'].split('//')[1]}",
            contact_phone=data.get("phone", ""),
            email_language={"VN": "vi", "AZ": "az"}.get(data["country"], "en"),
            **{key: data[key] for key in ("name", "country", "city", "description", "website", "founded",
                                          "size", "women_led", "contact_person")},
        )
        if draw_logos:
            company.logo.save("logo.webp", ContentFile(_monogram(data["name"], index, 400)), save=False)
            company.logo_thumbnail.save("thumb.webp", ContentFile(_monogram(data["name"], index, 96)),
                                        save=False)
        company.save()
        company.sectors.set([sectors[s] for s in data["sectors"]])
        company.languages.set([languages[code] for code in data["languages"]])
        owner = owners.get(data["country"])
        if owner is not None and not Membership.objects.filter(user=owner).exists():
            Membership.objects.create(user=owner, company=company, role=Membership.Role.OWNER)
        created += 1
    return created

def create_synthetic(count: int, *, seed: int) -> None:
    """N synthetic approved companies, bulk-inserted in batches, with a progress bar on stderr."""
    rng = random.Random(seed + Company.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count())
    start = Company.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count()
    sector_ids = {s.slug: s.pk for s in Sector.objects.all()}
    weighted = [(sector_ids[slug], weight) for slug, weight in SECTOR_WEIGHTS.items() if slug in sector_ids]
    sector_pool, sector_weights = zip(*weighted, strict=True)
    codes = {"VN": ["vi", "en", "zh", "ko", "ja"], "AZ": ["az", "ru", "en", "tr"],
             "TR": ["tr", "en"], "KZ": ["ru", "en"], "GE": ["ru", "en"]}
    countries, country_weights = ["VN", "AZ", "TR", "KZ", "GE"], [45, 40, 7, 4, 4]
    now = timezone.now()
    Through, LanguageThrough = Company.sectors.through, Company.languages.through
    batch_size = 2000
    began = time.monotonic()
    for batch_start in range(0, count, batch_size):
        size = min(batch_size, count - batch_start)
        batch, picks = [], []
        for i in range(start + batch_start, start + batch_start + size):
            country = rng.choices(countries, country_weights)[0]
            batch.append(Company(
                name=f"Synthetic {country} Trading {i:06d}", slug=f"{SYNTHETIC_PREFIX}{i:06d}",
                country=country, city="Synthetic City", description="Synthetic company for benchmarks.",
                size=rng.choice(Company.Size.values), women_led=rng.random() < 0.2,
                contact_person="Demo Contact", contact_email=f"company{i}@synthetic.example",
                status=ModerationStatus.APPROVED, moderated_at=now, created_at=now,
            ))
            chosen = set(rng.choices(sector_pool, sector_weights, k=rng.choice((1, 1, 2, 2, 3))))
            others = codes[country][1:]
            spoken = {codes[country][0], *rng.sample(others, k=rng.randint(0, min(2, len(others))))}
            picks.append((chosen, spoken))
        with transaction.atomic():
            saved = Company.objects.bulk_create(batch, batch_size=batch_size)
            Through.objects.bulk_create(
                [Through(company_id=c.pk, sector_id=s) for c, (chosen, _) in zip(saved, picks, strict=True)
                 for s in chosen], batch_size=5000)
            LanguageThrough.objects.bulk_create(
                [LanguageThrough(company_id=c.pk, language_id=code)
                 for c, (_, spoken) in zip(saved, picks, strict=True) for code in spoken], batch_size=5000)
        _progress(batch_start + size, count, began)
    sys.stderr.write("\n")

def _progress(done: int, total: int, began: float) -> None:
    width = 30
    filled = width * done // total
    rate = done / max(time.monotonic() - began, 1e-6)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} companies "
                     f"({rate:,.0f}/s)")
    sys.stderr.flush()


def _monogram(name: str, index: int, size: int) -> bytes:
    """A simple initials logo, so the demo directory does not look empty."""
    initials = "".join(word[0] for word in name.split()[:2]).upper()
    image = Image.new("RGB", (size, size), LOGO_COLOURS[index % len(LOGO_COLOURS)])
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size * 0.4)
    draw.text((size / 2, size / 2), initials, fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="WEBP", quality=85)
    return buffer.getvalue()
