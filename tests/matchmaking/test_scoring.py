"""The pure match score (matchmaking.scoring): plain data, no database."""

import itertools
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaking.scoring import (
    A_OFFERS_B_REQUESTS,
    B_OFFERS_A_REQUESTS,
    CROSS_BORDER,
    DECLINED_REQUEST,
    LANGUAGES,
    NO_RELATION,
    NOT_INTERESTED_BY_A,
    NOT_INTERESTED_BY_B,
    SECTORS,
    WEIGHTS,
    Entry,
    Profile,
    Reason,
    Relation,
    best_pairs,
    pair_score,
    rank,
    score,
    score_value,
)

COUNTRIES = ["VN", "AZ", "TR", "GE"]
LANGUAGE_CODES = ["vi", "az", "en", "ru"]
FAST = settings(deadline=None, max_examples=100)


def entry(pk, kind, chapter, sector=1, targets=(), title=None):
    return Entry(pk, kind, chapter, sector, title or f"{kind} {pk}", frozenset(targets))


def profile(pk, country="VN", sectors=(), languages=(), entries=()):
    return Profile(pk, country, frozenset(sectors), frozenset(languages), tuple(entries))


@st.composite
def entries_of(draw, kinds=("offer", "request")):
    rows = draw(st.lists(st.tuples(
        st.sampled_from(kinds),
        st.one_of(st.none(), st.integers(1, 5)),
        st.integers(1, 5),
        st.frozensets(st.sampled_from(COUNTRIES), max_size=2),
    ), max_size=4))
    return tuple(Entry(i + 1, kind, chapter, sector, f"entry {i + 1}", targets)
                 for i, (kind, chapter, sector, targets) in enumerate(rows))


@st.composite
def profiles(draw, pk=None, kinds=("offer", "request")):
    return Profile(
        draw(st.integers(1, 10_000)) if pk is None else pk,
        draw(st.sampled_from(COUNTRIES)),
        draw(st.frozensets(st.integers(1, 6), max_size=4)),
        draw(st.frozensets(st.sampled_from(LANGUAGE_CODES), max_size=3)),
        draw(entries_of(kinds)),
    )


relations = st.builds(Relation, st.booleans(), st.booleans(), st.booleans())


def meets(seller, buyer) -> bool:
    """Brute force, independent of the implementation: does one of the seller's offers meet a buyer's request?"""
    for offer, request in itertools.product(seller.entries, buyer.entries):
        if offer.kind != "offer" or request.kind != "request":
            continue
        if not offer.open_to(buyer.country) or not request.open_to(seller.country):
            continue
        if offer.chapter is not None and offer.chapter == request.chapter:
            return True
        if offer.chapter is None and request.chapter is None and offer.sector == request.sector:
            return True
    return False


# Properties ---------------------------------------------------------------------------------------------------


@FAST
@given(profiles(pk=1), profiles(pk=2), relations)
def test_score_is_always_between_0_and_100(a, b, relation):
    assert 0 <= score(a, b, relation).score <= 100


@FAST
@given(profiles(pk=1), profiles(pk=2), st.booleans())
def test_score_symmetric_part_is_symmetric(a, b, declined):
    relation = Relation(declined=declined)

    assert score(a, b, relation).score == score(b, a, relation).score


@FAST
@given(profiles(pk=1), profiles(pk=2), relations)
def test_score_swapping_sides_swaps_the_directional_marks(a, b, relation):
    forward, backward = score(a, b, relation), score(b, a, relation.swapped())
    own, theirs = WEIGHTS.not_interested_own, WEIGHTS.not_interested_theirs

    unclamped_forward = sum(r.points for r in forward.reasons)
    unclamped_backward = sum(r.points for r in backward.reasons)
    expected_difference = ((own - theirs) * relation.a_not_interested + (theirs - own) * relation.b_not_interested)
    assert unclamped_forward - unclamped_backward == expected_difference


@FAST
@given(profiles(pk=1), profiles(pk=2), relations, st.integers(1, 8))
def test_score_adding_a_shared_sector_never_lowers_it(a, b, relation, sector):
    before = score(a, b, relation).score
    after = score(replace(a, sectors=a.sectors | {sector}), replace(b, sectors=b.sectors | {sector}), relation).score

    assert after >= before


@FAST
@given(profiles(pk=1, kinds=("offer",)), profiles(pk=2, kinds=("offer",)), st.sampled_from(COUNTRIES))
def test_score_nothing_in_common_and_not_cross_border_is_0(a, b, country):
    a = replace(a, country=country, sectors=frozenset(s for s in a.sectors if s % 2), languages=frozenset({"vi"}))
    b = replace(b, country=country, sectors=frozenset(s for s in b.sectors if not s % 2), languages=frozenset({"az"}))

    match = score(a, b)

    assert match.score == 0
    assert match.reasons == ()


@FAST
@given(profiles(pk=1), profiles(pk=2), relations)
def test_score_reasons_are_exactly_the_parts_that_scored(a, b, relation):
    match = score(a, b, relation)

    expected = [code for code, scored in [
        (SECTORS, bool(a.sectors & b.sectors)),
        (A_OFFERS_B_REQUESTS, meets(a, b)),
        (B_OFFERS_A_REQUESTS, meets(b, a)),
        (CROSS_BORDER, {a.country, b.country} == {"VN", "AZ"}),
        (LANGUAGES, bool(a.languages & b.languages)),
        (NOT_INTERESTED_BY_A, relation.a_not_interested),
        (NOT_INTERESTED_BY_B, relation.b_not_interested),
        (DECLINED_REQUEST, relation.declined),
    ] if scored]
    assert list(match.codes) == expected
    assert all(reason.points != 0 for reason in match.reasons)
    assert match.score == max(0, min(100, sum(reason.points for reason in match.reasons)))


@FAST
@given(profiles(pk=1), profiles(pk=2), relations)
def test_score_value_is_the_score_without_reasons(a, b, relation):
    assert score_value(a, b, relation) == score(a, b, relation).score


@FAST
@given(profiles(pk=1), profiles(pk=2), st.randoms(use_true_random=False))
def test_score_does_not_depend_on_the_order_of_entries(a, b, rng):
    shuffled = list(b.entries)
    rng.shuffle(shuffled)

    assert score(a, b) == score(a, replace(b, entries=tuple(shuffled)))


@FAST
@given(st.lists(profiles(), min_size=2, max_size=9, unique_by=lambda p: p.id), st.integers(1, 12),
       st.data())
def test_best_pairs_equals_scoring_every_pair(population, limit, data):
    ids = sorted(p.id for p in population)
    pairs = [(x, y) for i, x in enumerate(ids) for y in ids[i + 1:]]
    skip = set(data.draw(st.lists(st.sampled_from(pairs), max_size=3)))
    marks = data.draw(st.dictionaries(st.sampled_from(pairs), relations, max_size=3))
    by_id = {p.id: p for p in population}

    brute = sorted((-pair_score(by_id[x], by_id[y], marks.get((x, y), NO_RELATION)), x, y)
                   for x, y in pairs if (x, y) not in skip)[:limit]

    assert best_pairs(population, limit=limit, skip=skip, relations=marks) == [(-s, x, y) for s, x, y in brute]


# Each part -----------------------------------------------------------------------------------------------------


def test_sectors_score_the_jaccard_index_rounded_half_up():
    assert score(profile(1, sectors=[1]), profile(2, sectors=[1])).reasons == (Reason(SECTORS, 30, {"sectors": [1]}),)
    assert score(profile(1, sectors=[1, 2]), profile(2, sectors=[2, 3])).score == 10  # 1/3 of 30
    assert score(profile(1, sectors=[1, 2, 3, 4]), profile(2, sectors=[1])).score == 8  # 7.5 rounds up
    assert score(profile(1, sectors=[1, 2]), profile(2, sectors=[2])).score == 15
    assert score(profile(1, sectors=[1]), profile(2, sectors=[2])).score == 0


def test_complement_their_request_for_our_offer_by_hs_chapter():
    a = profile(1, entries=[entry(1, "offer", 85, title="Hybrid inverters")])
    b = profile(2, country="VN", entries=[entry(2, "request", 85, title="Photovoltaic equipment")])

    assert score(a, b).reasons == (Reason(A_OFFERS_B_REQUESTS, 20, {
        "by": "chapter", "chapter": 85, "sector": 1, "offer": "Hybrid inverters",
        "request": "Photovoltaic equipment"}),)
    assert score(b, a).codes == (B_OFFERS_A_REQUESTS,)


def test_complement_in_both_directions_adds_up():
    a = profile(1, entries=[entry(1, "offer", 9), entry(2, "request", 84)])
    b = profile(2, entries=[entry(3, "request", 9), entry(4, "offer", 84)])

    assert score(a, b).codes == (A_OFFERS_B_REQUESTS, B_OFFERS_A_REQUESTS)
    assert score(a, b).score == 40


def test_complement_counts_once_per_direction_with_the_lowest_chapter():
    a = profile(1, entries=[entry(1, "offer", 85), entry(2, "offer", 9)])
    b = profile(2, entries=[entry(3, "request", 85), entry(4, "request", 9)])

    match = score(a, b)

    assert match.score == 20
    assert match.reasons[0].params["chapter"] == 9


def test_complement_goods_in_the_same_sector_but_another_chapter_do_not_meet():
    a = profile(1, entries=[entry(1, "offer", 9, sector=1)])
    b = profile(2, entries=[entry(2, "request", 10, sector=1)])

    assert score(a, b).score == 0


def test_complement_services_meet_on_their_sector():
    rail = profile(1, entries=[entry(1, "offer", None, sector=5, title="Block trains Baku–Kars")])
    shipper = profile(2, entries=[entry(2, "request", None, sector=5, title="Freight to Baku")])
    other_sector = profile(3, entries=[entry(3, "request", None, sector=8)])
    goods = profile(4, entries=[entry(4, "request", 86, sector=5)])

    assert score(rail, shipper).reasons[0].params["by"] == "service"
    assert score(rail, shipper).score == 20
    assert score(rail, other_sector).score == 0
    assert score(rail, goods).score == 0


def test_complement_respects_the_offer_target_markets():
    a = profile(1, country="VN", entries=[entry(1, "offer", 9, targets=["GE"])])
    azerbaijani = profile(2, country="AZ", entries=[entry(2, "request", 9)])
    georgian = profile(3, country="GE", entries=[entry(3, "request", 9)])

    assert A_OFFERS_B_REQUESTS not in score(a, azerbaijani).codes
    assert score(a, georgian).codes == (A_OFFERS_B_REQUESTS,)


def test_complement_respects_the_request_source_countries():
    buyer = profile(1, country="AZ", entries=[entry(1, "request", 9, targets=["VN"])])
    vietnamese = profile(2, country="VN", entries=[entry(2, "offer", 9)])
    turkish = profile(3, country="TR", entries=[entry(3, "offer", 9)])

    assert B_OFFERS_A_REQUESTS in score(buyer, vietnamese).codes
    assert score(buyer, turkish).score == 0


def test_cross_border_only_for_a_vietnam_azerbaijan_pair():
    assert score(profile(1, "VN"), profile(2, "AZ")).reasons == (
        Reason(CROSS_BORDER, 20, {"countries": ["VN", "AZ"]}),)
    assert score(profile(1, "AZ"), profile(2, "VN")).reasons[0].params == {"countries": ["AZ", "VN"]}
    assert score(profile(1, "VN"), profile(2, "VN")).score == 0
    assert score(profile(1, "VN"), profile(2, "TR")).score == 0


def test_shared_languages_score_once_and_list_them():
    match = score(profile(1, languages=["en", "ru", "vi"]), profile(2, languages=["ru", "en", "az"]))

    assert match.reasons == (Reason(LANGUAGES, 10, {"languages": ["en", "ru"]}),)


def test_penalties_for_marks_and_declined_requests():
    a = profile(1, "VN", sectors=[1], languages=["en"])
    b = profile(2, "AZ", sectors=[1], languages=["en"])

    assert score(a, b).score == 60
    assert score(a, b, Relation(a_not_interested=True)).score == 10
    assert score(a, b, Relation(b_not_interested=True)).score == 35
    assert score(a, b, Relation(declined=True)).score == 40
    assert score(a, b, Relation(True, True, True)).score == 0  # clamped
    assert score(a, b, Relation(True, True, True)).codes[-3:] == (
        NOT_INTERESTED_BY_A, NOT_INTERESTED_BY_B, DECLINED_REQUEST)


def test_everything_in_common_scores_100():
    a = profile(1, "VN", sectors=[1, 2], languages=["en"], entries=[entry(1, "offer", 9), entry(2, "request", 84)])
    b = profile(2, "AZ", sectors=[1, 2], languages=["en"], entries=[entry(3, "request", 9), entry(4, "offer", 84)])

    assert score(a, b).score == 100


def test_weights_positive_parts_add_up_to_100():
    assert WEIGHTS.sectors + 2 * WEIGHTS.complement + WEIGHTS.cross_border + WEIGHTS.languages == 100


def test_rank_puts_must_meet_first_then_score_then_name():
    viewer = profile(1, "VN", sectors=[1])
    strong = profile(2, "AZ", sectors=[1])
    weak = profile(3, "VN")
    also_strong = profile(4, "AZ", sectors=[1])

    ranked = rank(viewer, [weak, strong, also_strong, viewer], must_meet=frozenset({3}),
                  names={2: "Zeta", 4: "Alpha"})

    assert [(p.id, m.score) for p, m in ranked] == [(3, 0), (4, 50), (2, 50)]


def test_pair_score_takes_the_less_interested_side():
    a, b = profile(1, "VN", sectors=[1]), profile(2, "AZ", sectors=[1])

    assert pair_score(a, b, Relation(b_not_interested=True)) == 0  # 50 - 50 from B's side
    assert pair_score(a, b) == 50
