"""Demo trade fairs: made-up fairs with generic names, labelled as demo content, dated relative to today (no real
fair's dates are claimed), with some demo companies going. Idempotent: fairs are looked up by slug, attendances
by company and fair."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from companies.models import Company, Sector
from companies.services import slug_base
from market.models import Fair, FairAttendance

DEMO_NOTE = ("Demo content: this fair is made up to show the site; its name and dates are not those of a real "
             "event.")

# (slug, name, city, country, first day from today, days, sectors, description)
FAIRS = [
    ("baku-food-agriculture-fair-demo", "Baku food and agriculture fair (demo)", "Bakı", "AZ", 45, 3,
     ["agriculture-food", "trade"],
     "Food producers, processors and importers of the Caspian region: fruit and nuts, tea, rice, coffee, "
     "seafood and packaging."),
    ("hanoi-industry-energy-expo-demo", "Hanoi industry and energy expo (demo)", "Hà Nội", "VN", 90, 4,
     ["electronics-machinery", "renewable-energy", "construction"],
     "Machinery, electronics, solar and wind equipment, building materials: suppliers from Vietnam and buyers "
     "from abroad."),
    ("ho-chi-minh-city-logistics-expo-demo", "Ho Chi Minh City logistics expo (demo)", "Thành phố Hồ Chí Minh",
     "VN", -40, 2, ["transport-logistics", "trade"],
     "Freight forwarders, ports, rail and shipping lines serving Southeast Asia and the Caspian corridor."),
]

# fair slug → (company name, what it seeks)
ATTENDANCES = {
    "baku-food-agriculture-fair-demo": [
        ("Highland Bean Export JSC", "Coffee importers and roasters in Azerbaijan and the Caucasus"),
        ("Công ty TNHH Mekong Green Rice", "Rice distributors and supermarket chains"),
        ("Bình Phước Cashew Processing Co., Ltd", "Importers of cashew kernels and dried fruit"),
        ("Xəzər Fındıq MMC", "Buyers of hazelnuts from Vietnam and Southeast Asia"),
        ("Bakı Qida Distribusiya MMC", "Suppliers of rice, coffee, tea and seafood"),
        ("Göyçay Nar Məhsulları MMC", "Distributors of pomegranate juice in Asia"),
    ],
    "hanoi-industry-energy-expo-demo": [
        ("Nắng Việt Solar Energy JSC", "Solar project developers in Azerbaijan"),
        ("Bắc Ninh Precision Electronics JSC", "Electronics distributors in the Caucasus"),
        ("Günəş Enerji Həlləri MMC", "Suppliers of solar panels and inverters"),
        ("Bakı Elektronika Distribusiya MMC", "Home electronics manufacturers"),
    ],
    "ho-chi-minh-city-logistics-expo-demo": [
        ("Saigon ColdLink Logistics Co., Ltd", "Partners for cold-chain freight to the Caspian"),
        ("Ələt Liman Ekspeditor MMC", "Forwarders shipping from Vietnam through Alat port"),
    ],
}


@transaction.atomic
def load() -> int:
    """Create the demo fairs and attendances that are missing; returns how many rows were created."""
    today = timezone.localdate()
    sectors = {s.slug: s for s in Sector.objects.all()}
    created = 0
    fairs = {}
    for slug, name, city, country, offset, days, sector_slugs, description in FAIRS:
        start = today + timedelta(days=offset)
        fair, is_new = Fair.objects.get_or_create(slug=slug, defaults={
            "name": name, "city": city, "country": country, "start_date": start,
            "end_date": start + timedelta(days=days - 1), "description": f"{description}\n\n{DEMO_NOTE}"})
        if is_new:
            fair.sectors.set([sectors[s] for s in sector_slugs if s in sectors])
            created += 1
        fairs[slug] = fair
    companies = {c.slug: c for c in Company.objects.filter(
        slug__in={slug_base(name) for rows in ATTENDANCES.values() for name, _seeks in rows})}
    for fair_slug, rows in ATTENDANCES.items():
        for name, seeks in rows:
            company = companies.get(slug_base(name))
            if company is None:  # the demo companies were not loaded
                continue
            _attendance, is_new = FairAttendance.objects.get_or_create(fair=fairs[fair_slug], company=company,
                                                                       defaults={"seeks": seeks})
            created += is_new
    return created
