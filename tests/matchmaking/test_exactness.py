"""The first page of a company's suggestions is exactly the top of the score (matchmaking.selectors and
candidates.contenders): compared with a brute force over every company of a seeded synthetic population."""

import random

import pytest

from companies.demo import create_synthetic, create_synthetic_listings
from companies.models import KEY_COPIES, Company, Listing, Sector
from matchmaking import candidates, selectors
from matchmaking.models import MASK_BITS, Preference, mask_bit
from matchmaking.scoring import rank, score_value
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

SEED = 11
POPULATION = 300
VIEWERS = 12


@pytest.fixture
def population():
    create_synthetic(POPULATION, seed=SEED)
    create_synthetic_listings(seed=SEED)
    ids = list(Company.objects.order_by("pk").values_list("pk", flat=True))
    rng = random.Random(SEED)
    marks = set()
    while len(marks) < POPULATION // 10:
        marks.add(tuple(rng.sample(ids, 2)))
    Preference.objects.bulk_create([Preference(company_id=a, other_id=b, kind=rng.choice(["must_meet",
                                                                                          "not_interested"]))
                                    for a, b in sorted(marks)])
    return ids


def brute_force(company, everyone, among=None) -> list[tuple[int, int]]:
    """The first page ranking every company (or only those `among`), with the viewer's marks."""
    marks = selectors.marks_of(company)
    among = everyone if among is None else among
    others = [p for pk, p in everyone.items() if pk in among and marks.get(pk) != "not_interested"]
    must = frozenset(pk for pk, kind in marks.items() if kind == "must_meet")
    ranked = rank(everyone[company.pk], others, selectors._relations_with(company.pk, marks), must)
    return [(p.id, m.score) for p, m in ranked[:selectors.PAGE_SIZE]]


def first_page(company) -> list[tuple[int, int]]:
    return [(s.company_id, s.match.score) for s in selectors.company_suggestions(company)[:selectors.PAGE_SIZE]]


def sample(ids):
    return list(Company.objects.filter(pk__in=random.Random(SEED + 1).sample(ids, VIEWERS)).order_by("pk"))


def test_population_exercises_roles_headings_and_competitors(population):
    everyone = candidates.load_profiles(population)
    entries = [e for p in everyone.values() for e in p.entries]

    assert sum(1 for p in everyone.values() if p.roles) == len(everyone)
    assert 0 < sum(1 for e in entries if e.heading is not None) < len(entries)


def test_first_page_equals_brute_force_over_every_company(population):
    everyone = candidates.load_profiles(population)

    for company in sample(population):
        assert first_page(company) == brute_force(company, everyone), company.pk


def test_first_page_is_exact_even_when_the_heuristic_finds_almost_nothing(population, monkeypatch):
    """The guarantee does not rest on the candidate queries: with their pools cut to a handful, the bound on
    every other company still brings in all that can beat the cutoff."""
    monkeypatch.setattr(candidates, "BOTH_WAYS_POOL", 3)
    monkeypatch.setattr(candidates, "AFFINITY_POOLS", {"same_partner": 2, "near_partner": 2, "same_elsewhere": 2})
    everyone = candidates.load_profiles(population)

    for company in sample(population):
        assert first_page(company) == brute_force(company, everyone), company.pk


def test_the_cut_down_heuristic_alone_misses_companies_of_the_top_20(population, monkeypatch):
    """Ranking only what the cut-down candidate queries find misses companies of the true top 20: the test
    above does not pass by luck."""
    monkeypatch.setattr(candidates, "BOTH_WAYS_POOL", 3)
    monkeypatch.setattr(candidates, "AFFINITY_POOLS", {"same_partner": 2, "near_partner": 2, "same_elsewhere": 2})
    everyone = candidates.load_profiles(population)

    misses = 0
    for company in sample(population):
        found = set(candidates.candidate_ids(everyone[company.pk])) | set(selectors.marks_of(company))
        misses += brute_force(company, everyone, among=found) != brute_force(company, everyone)

    assert misses > 0


def test_the_bound_is_never_below_the_score(population):
    """What the exactness rests on: for every company, the bound computed by the database (candidates._bounded,
    on the candidate key's masks) is at least its score."""
    everyone = candidates.load_profiles(population)

    for company in sample(population)[:4]:
        viewer = everyone[company.pk]
        answering = {pk: bound for bound, pk in candidates.contenders(
            viewer, floor=0, exclude={viewer.id}, answering=True)}
        others = {pk: bound for bound, pk in candidates.contenders(
            viewer, floor=0, exclude={viewer.id} | set(answering), answering=False)}
        bounds = answering | others
        assert set(bounds) == set(everyone) - {viewer.id}
        assert all(bounds[pk] >= score_value(viewer, profile) for pk, profile in everyone.items() if pk != viewer.id)


def test_sectors_sharing_a_bit_of_the_mask_keep_the_first_page_exact(population):
    """Sector ids 62 apart share a bit of the candidate key's sector mask (models.mask_bit): the bound then
    counts a shared sector that is not, which over-estimates and never misses a company."""
    first = Sector.objects.order_by("pk").first()
    twin = Sector.objects.create(pk=first.pk + MASK_BITS, slug="twin-sector", name_en="Twin sector")
    assert mask_bit(twin.pk) == mask_bit(first.pk)
    rng = random.Random(SEED + 2)
    holders = Company.objects.filter(pk__in=rng.sample(population, POPULATION // 3))
    for company in holders:  # through the relation, so that the signals refresh the keys
        company.sectors.add(twin)
    everyone = candidates.load_profiles(population)

    viewers = sample(population) + list(holders.order_by("pk")[:4])
    for company in viewers:
        assert first_page(company) == brute_force(company, everyone), company.pk


def test_missing_key_copies_on_the_entries_keep_the_first_page_exact(population):
    """The bound of the companies answering the viewer reads the key from the entries' copies
    (companies.models.KEY_COPIES); an entry without one (NULL) is bounded as if it could be anything."""
    everyone = candidates.load_profiles(population)
    Listing.objects.update(**dict.fromkeys(KEY_COPIES))

    for company in sample(population)[:6]:
        assert first_page(company) == brute_force(company, everyone), company.pk
        viewer = everyone[company.pk]
        bounds = {pk: bound for bound, pk in candidates.contenders(viewer, floor=0, exclude={viewer.id},
                                                                    answering=True)}
        assert all(bounds[pk] >= score_value(viewer, everyone[pk]) for pk in bounds)


def key_copies(company) -> set[tuple]:
    return set(Listing.objects.filter(company=company).values_list(*KEY_COPIES))


def test_entries_carry_their_companys_current_key(population):
    """Bulk-created entries (the synthetic population), a new entry, and the entries of a company whose
    country, sectors, languages or roles change all carry the company's candidate key."""
    company = Company.objects.filter(listings__isnull=False).order_by("pk").first()
    key = company.candidate_key

    def current():
        key.refresh_from_db()
        return {(key.country, key.sector_mask, key.sector_count, key.language_mask, key.role_mask)}

    assert not Listing.objects.filter(key_country__isnull=True).exists()
    assert key_copies(company) == current()

    ListingFactory(company=company)
    assert key_copies(company) == current()

    company.country = "AZ" if company.country != "AZ" else "VN"
    company.save()
    assert key_copies(company) == current() == {(company.country, *next(iter(current()))[1:])}

    added = Sector.objects.exclude(pk__in=company.sectors.all()).order_by("pk").first()
    company.sectors.add(added)
    assert key_copies(company) == current()
    assert next(iter(key_copies(company)))[2] == company.sectors.count()

    company.languages.clear()
    company.roles.clear()
    assert key_copies(company) == current() == {(company.country, *next(iter(current()))[1:3], 0, 0)}
