"""Demo companies and accounts for `manage.py load_demo` (the command lives in events, which adds events).

Idempotent: everything is looked up by a natural key (email, slug) before it is created.
"""

import io
import random
import sys
import time
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from companies.demo_data import DEMO_COMPANIES, DEMO_ROLES
from companies.demo_listings import DEMO_HEADINGS, DEMO_LISTINGS
from companies.hs_headings import HS_HEADINGS
from companies.models import Company, Language, Listing, Membership, ModerationStatus, Role, Sector
from companies.services import slug_base
from companies.signals import companies_bulk_created, listings_bulk_created

DEMO_ACCOUNTS = [
    # email, password, role
    ("admin@tradebridge.example", "demo-admin-2026", "admin"),
    ("organizer@tradebridge.example", "demo-organizer-2026", "organizer"),
    ("owner.vn@tradebridge.example", "demo-owner-vn-2026", "owner-vn"),
    ("owner.az@tradebridge.example", "demo-owner-az-2026", "owner-az"),
    # Colleagues the organizer invited to help run the Baku forum (events.demo): one with the same rights, one
    # who follows it read-only.
    ("colleague@tradebridge.example", "demo-colleague-2026", "co-organizer"),
    ("observer@tradebridge.example", "demo-observer-2026", "viewer"),
]
# Shown where people are listed by name (an event's team, a company's team).
DEMO_NAMES = {
    "organizer": ("Leyla", "Həsənova"), "co-organizer": ("Thu Hà", "Nguyễn"), "viewer": ("Rashad", "Aliyev"),
    "owner-vn": ("Minh", "Trần"), "owner-az": ("Aysel", "Məmmədova"),
}
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
# Roles of synthetic companies: one or two drawn with these weights; logistics companies are logistics providers.
ROLE_WEIGHTS = {"producer": 24, "exporter": 24, "importer": 20, "distributor": 16, "retailer": 6,
                "services": 5, "investor": 2, "logistics": 3}



def load_accounts() -> dict:
    """The demo accounts (created once), keyed by role."""
    User = get_user_model()
    users = {}
    for email, password, role in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            first_name, last_name = DEMO_NAMES.get(role, ("", ""))
            user = User(username=email.split("@")[0], email=email, first_name=first_name, last_name=last_name)
            user.set_password(password)
            user.is_staff = user.is_superuser = role == "admin"
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users[role] = user
    return users

def load_companies(users: dict, *, draw_logos: bool) -> int:
    """The realistic demo companies; returns how many were created now."""
    sectors = {s.slug: s for s in Sector.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    roles = {role.slug: role for role in Role.objects.all()}
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
        company.roles.set([roles[slug] for slug in DEMO_ROLES.get(data["name"], []) if slug in roles])
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
    Through, LanguageThrough, RoleThrough = Company.sectors.through, Company.languages.through, Company.roles.through
    role_ids = {r.slug: r.pk for r in Role.objects.all()}
    logistics = sector_ids.get("transport-logistics")
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
            # Roles from a generator of their own, so the sectors and languages drawn stay as they were.
            roles_rng = random.Random(seed * 7_919 + i)
            roles = set(roles_rng.choices(list(ROLE_WEIGHTS), list(ROLE_WEIGHTS.values()), k=roles_rng.choice((1, 2))))
            if logistics in chosen:
                roles.add("logistics")
            picks.append((chosen, spoken, {role_ids[slug] for slug in roles if slug in role_ids}))
        with transaction.atomic():
            saved = Company.objects.bulk_create(batch, batch_size=batch_size)
            Through.objects.bulk_create(
                [Through(company_id=c.pk, sector_id=s) for c, (chosen, _, _) in zip(saved, picks, strict=True)
                 for s in chosen], batch_size=5000)
            LanguageThrough.objects.bulk_create(
                [LanguageThrough(company_id=c.pk, language_id=code)
                 for c, (_, spoken, _) in zip(saved, picks, strict=True) for code in spoken], batch_size=5000)
            RoleThrough.objects.bulk_create(
                [RoleThrough(company_id=c.pk, role_id=role)
                 for c, (_, _, roles) in zip(saved, picks, strict=True) for role in roles], batch_size=5000)
        companies_bulk_created.send(sender=Company, company_ids=[c.pk for c in saved])
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


# Marketplace entries ------------------------------------------------------------------------------------------

# What companies of each sector trade, as HS chapters with a rough weight (None: a service, no chapter).
SECTOR_CHAPTERS = {
    "agriculture-food": {9: 20, 10: 12, 8: 12, 3: 10, 16: 5, 20: 5, 15: 4, 4: 4, 2: 4, 21: 3, 22: 3, 23: 3,
                         12: 3, 17: 2, 19: 2, 24: 1, 84: 2},
    "trade": {9: 6, 10: 5, 8: 5, 85: 6, 61: 4, 62: 4, 64: 4, 27: 4, 39: 3, 94: 3, 3: 3, 72: 2, 87: 2},
    "transport-logistics": {None: 20, 86: 2, 87: 3, 89: 2, 73: 1},
    "electronics-machinery": {85: 20, 84: 14, 90: 4, 87: 3, 94: 2, 73: 2},
    "light-industry": {61: 8, 62: 8, 64: 6, 52: 5, 63: 3, 42: 3, 39: 3, 57: 2, 48: 2, 95: 2, 60: 2},
    "construction": {25: 6, 68: 4, 69: 3, 72: 5, 73: 5, 44: 3, 94: 2, 84: 3, 76: 2, None: 4},
    "digital-economy": {None: 20, 85: 4, 84: 1},
    "petrochemicals-oil-gas": {27: 20, 29: 6, 39: 6, 38: 3, 31: 4, 28: 2, 84: 3, 73: 3, 40: 2},
    "tourism": {None: 20, 22: 1},
    "renewable-energy": {85: 16, 84: 6, 73: 3, 76: 2, 90: 2, None: 3},
    "mining": {26: 10, 25: 6, 71: 3, 72: 3, 74: 3, 28: 2, 84: 2},
}
# The headings an entry of a chapter may name (HS_HEADINGS); six entries in ten name one, when the chapter has any.
CHAPTER_HEADINGS: dict[int, list[int]] = {}
for _code, *_names in HS_HEADINGS:
    CHAPTER_HEADINGS.setdefault(_code // 100, []).append(_code)
HEADING_SHARE = 0.6
# How many entries a synthetic company has (0–4), and how long an entry stays (days).
ENTRY_COUNT_WEIGHTS = [25, 25, 25, 15, 10]
CORRIDOR_PARTNER = {"VN": "AZ", "AZ": "VN"}


def create_synthetic_listings(*, seed: int) -> int:
    """0–4 approved marketplace entries for each synthetic company that has none; returns how many were made.

    Chapters follow each company's sectors (SECTOR_CHAPTERS); Vietnamese companies offer a little more and
    Azerbaijani ones request a little more; three entries in ten target the corridor partner country only.
    """
    sectors = {s.pk: s.slug for s in Sector.objects.all()}
    pools = {slug: (list(weights), list(weights.values())) for slug, weights in SECTOR_CHAPTERS.items()}
    today, now = timezone.localdate(), timezone.now()
    Through = Company.sectors.through
    pending = (Company.objects.filter(slug__startswith=SYNTHETIC_PREFIX, listings__isnull=True)
               .order_by("pk").values_list("pk", "country"))
    created, began, batch = 0, time.monotonic(), []
    ids = list(pending)
    company_sectors: dict[int, list[int]] = {}
    for start in range(0, len(ids), 5000):
        chunk = [pk for pk, _ in ids[start:start + 5000]]
        for company_id, sector_id in Through.objects.filter(company_id__in=chunk).values_list(
                "company_id", "sector_id").order_by("company_id", "sector_id"):
            company_sectors.setdefault(company_id, []).append(sector_id)
    for done, (company_id, country) in enumerate(ids, start=1):
        # One generator per company: a company drawn with no entries draws none again on the next run.
        rng = random.Random(seed * 1_000_003 + company_id)
        headings_rng = random.Random(seed * 2_000_003 + company_id)  # its own, so the rest stays as it was
        own = company_sectors.get(company_id) or []
        for n in range(rng.choices(range(5), ENTRY_COUNT_WEIGHTS)[0] if own else 0):
            sector_id = rng.choice(own)
            chapters, weights = pools.get(sectors[sector_id], ([None], [1]))
            chapter = rng.choices(chapters, weights)[0]
            offer_share = {"VN": 0.6, "AZ": 0.45}.get(country, 0.5)
            kind = Listing.Kind.OFFER if rng.random() < offer_share else Listing.Kind.REQUEST
            partner = CORRIDOR_PARTNER.get(country)
            targets = [partner] if partner and rng.random() < 0.3 else []
            headings = CHAPTER_HEADINGS.get(chapter) if chapter else None
            # The few headings of a chapter, so that offers and requests do meet on them.
            heading = (headings_rng.choice(headings[:3]) if headings and headings_rng.random() < HEADING_SHARE
                       else None)
            batch.append(Listing(
                company_id=company_id, kind=kind, sector_id=sector_id, hs_chapter_id=chapter, hs_heading_id=heading,
                title=f"Synthetic {kind} {n + 1}" + (f", HS {chapter:02d}" if chapter else ""),
                description="Synthetic marketplace entry for benchmarks.", target_countries=targets,
                expires_on=today + timedelta(days=rng.randint(30, 365)),
                status=ModerationStatus.APPROVED, moderated_at=now, created_at=now,
            ))
        if len(batch) >= 5000 or done == len(ids):
            with transaction.atomic():
                Listing.objects.bulk_create(batch, batch_size=5000)
                listings_bulk_created.send(sender=Listing, company_ids=sorted({e.company_id for e in batch}))
            created += len(batch)
            batch = []
            _progress(done, len(ids), began)
    if ids:
        sys.stderr.write("\n")
    return created


def load_listings() -> int:
    """The demo marketplace (companies/demo_listings.py), approved; returns how many entries were created now.

    Idempotent: an entry is looked up by its company and title. Expiry dates are counted from today, so the
    demo marketplace never runs dry.
    """
    sectors = {s.slug: s for s in Sector.objects.all()}
    companies = {c.slug: c for c in Company.objects.filter(
        slug__in={slug_base(entry["company"]) for entry in DEMO_LISTINGS})}
    existing = set(Listing.objects.filter(company__in=companies.values()).values_list("company_id", "title"))
    today, now = timezone.localdate(), timezone.now()
    new = []
    for entry in DEMO_LISTINGS:
        company = companies.get(slug_base(entry["company"]))
        if company is None or (company.pk, entry["title"]) in existing:
            continue
        new.append(Listing(
            company=company, kind=entry["kind"], title=entry["title"], description=entry["description"],
            sector=sectors[entry["sector"]], hs_chapter_id=entry["hs"], hs_heading_id=DEMO_HEADINGS.get(entry["title"]),
            target_countries=entry.get("targets", []),
            expires_on=today + timedelta(days=entry.get("days", 180)),
            status=ModerationStatus.APPROVED, moderated_at=now, created_at=now,
        ))
    Listing.objects.bulk_create(new)
    listings_bulk_created.send(sender=Listing, company_ids=sorted({e.company_id for e in new}))
    return len(new)
