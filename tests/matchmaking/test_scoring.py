"""The pure match score (matchmaking.scoring): plain data, no database."""

import itertools
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaking.scoring import (
    A_OFFERS_B_REQUESTS,
    B_OFFERS_A_REQUESTS,
    COMPETITOR,
    COMPLEMENTARY_ROLES,
    CROSS_BORDER,
    DECLINED_REQUEST,
    LANGUAGES,
    NO_RELATION,
    NOT_INTERESTED_BY_A,
    NOT_INTERESTED_BY_B,
    ROLES,
    SECTORS,
    SELLER_ROLES,
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
ROLE_SLUGS = ["producer", "exporter", "importer", "distributor", "logistics", "services"]
FAST = settings(deadline=None, max_examples=100)


def entry(pk, kind, chapter, sector=1, targets=(), title=None, heading=None):
    return Entry(pk, kind, chapter, sector, title or f"{kind} {pk}", frozenset(targets), heading)


def profile(pk, country="VN", sectors=(), languages=(), entries=(), roles=()):
    return Profile(pk, country, frozenset(sectors), frozenset(languages), tuple(entries), frozenset(roles))


@st.composite
def entries_of(draw, kinds=("offer", "request")):
    rows = draw(st.lists(st.tuples(
        st.sampled_from(kinds),
        st.one_of(st.none(), st.integers(1, 5)),
        st.integers(1, 5),
        st.frozensets(st.sampled_from(COUNTRIES), max_size=2),
        st.one_of(st.none(), st.integers(1, 3)),
    ), max_size=4))
    # A heading lies in its chapter (chapter 9, heading 901–903); a service has none.
    return tuple(Entry(i + 1, kind, chapter, sector, f"entry {i + 1}", targets,
                       None if chapter is None or heading is None else chapter * 100 + heading)
                 for i, (kind, chapter, sector, targets, heading) in enumerate(rows))


@st.composite
def profiles(draw, pk=None, kinds=("offer", "request")):
    return Profile(
        draw(st.integers(1, 10_000)) if pk is None else pk,
        draw(st.sampled_from(COUNTRIES)),
        draw(st.frozensets(st.integers(1, 6), max_size=4)),
        draw(st.frozensets(st.sampled_from(LANGUAGE_CODES), max_size=3)),
        draw(entries_of(kinds)),
        draw(st.frozensets(st.sampled_from(ROLE_SLUGS), max_size=3)),
    )


relations = st.builds(Relation, st.booleans(), st.booleans(), st.booleans())


def meets(seller, buyer) -> int:
    """Brute force, independent of the implementation: the points of the best meeting of one of the seller's
    offers with one of the buyer's requests — the same heading or a service in the same sector (20), the same
    chapter where one names no heading (10), nothing (0)."""
    best = 0
    for offer, request in itertools.product(seller.entries, buyer.entries):
        if offer.kind != "offer" or request.kind != "request":
            continue
        if not offer.open_to(buyer.country) or not request.open_to(seller.country):
            continue
        if offer.chapter is None and request.chapter is None and offer.sector == request.sector:
            best = max(best, 20)
        elif offer.chapter is not None and offer.chapter == request.chapter:
            if offer.heading is not None and request.heading is not None:
                if offer.heading == request.heading:
                    best = max(best, 20)
            else:
                best = max(best, 10)
    return best


def plays_complementary_roles(a, b) -> bool:
    return any((x in a.roles and y in b.roles) or (y in a.roles and x in b.roles) for x, y in COMPLEMENTARY_ROLES)


def competes(a, b) -> bool:
    """Brute force: same country, both sellers, the same goods into overlapping markets, nothing complementary."""
    if a.country != b.country or meets(a, b) or meets(b, a) or plays_complementary_roles(a, b):
        return False
    if not all(not p.roles or p.roles & SELLER_ROLES for p in (a, b)):
        return False
    for mine, theirs in itertools.product(a.entries, b.entries):
        if mine.kind == theirs.kind == "offer" and mine.chapter is not None and mine.chapter == theirs.chapter:
            if mine.targets and theirs.targets and not mine.targets & theirs.targets:
                continue
            if mine.heading is None or theirs.heading is None or mine.heading == theirs.heading:
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
    a = replace(a, country=country, sectors=frozenset(s for s in a.sectors if s % 2), languages=frozenset({"vi"}),
                roles=frozenset({"producer"}))
    b = replace(b, country=country, sectors=frozenset(s for s in b.sectors if not s % 2), languages=frozenset({"az"}),
                roles=frozenset({"exporter"}))

    match = score(a, b)

    assert match.score == 0
    # Two sellers of one country with the same goods are told they are likely competitors; nothing else.
    assert match.codes == ((COMPETITOR,) if competes(a, b) else ())


@FAST
@given(profiles(pk=1), profiles(pk=2), relations)
def test_score_reasons_are_exactly_the_parts_that_scored(a, b, relation):
    match = score(a, b, relation)

    expected = [code for code, scored in [
        (SECTORS, bool(a.sectors & b.sectors)),
        (A_OFFERS_B_REQUESTS, bool(meets(a, b))),
        (B_OFFERS_A_REQUESTS, bool(meets(b, a))),
        (ROLES, plays_complementary_roles(a, b)),
        (CROSS_BORDER, {a.country, b.country} == {"VN", "AZ"}),
        (LANGUAGES, bool(a.languages & b.languages)),
        (COMPETITOR, competes(a, b)),
        (NOT_INTERESTED_BY_A, relation.a_not_interested),
        (NOT_INTERESTED_BY_B, relation.b_not_interested),
        (DECLINED_REQUEST, relation.declined),
    ] if scored]
    assert list(match.codes) == expected
    assert all(reason.points != 0 for reason in match.reasons)
    points = {reason.code: reason.points for reason in match.reasons}
    assert (points.get(A_OFFERS_B_REQUESTS, 0), points.get(B_OFFERS_A_REQUESTS, 0)) == (meets(a, b), meets(b, a))
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

    # Neither names a heading: a possible match, at chapter level, for fewer points.
    assert score(a, b).reasons == (Reason(A_OFFERS_B_REQUESTS, 10, {
        "by": "chapter", "chapter": 85, "sector": 1, "heading": None, "offer": "Hybrid inverters",
        "request": "Photovoltaic equipment"}),)
    assert score(b, a).codes == (B_OFFERS_A_REQUESTS,)


def test_complement_in_both_directions_adds_up():
    a = profile(1, entries=[entry(1, "offer", 9), entry(2, "request", 84)])
    b = profile(2, entries=[entry(3, "request", 9), entry(4, "offer", 84)])

    assert score(a, b).codes == (A_OFFERS_B_REQUESTS, B_OFFERS_A_REQUESTS)
    assert score(a, b).score == 20  # two chapter-level matches


def test_complement_on_the_same_heading_scores_in_full_and_names_it():
    a = profile(1, entries=[entry(1, "offer", 9, heading=904, title="Black pepper 500 g/l")])
    b = profile(2, entries=[entry(2, "request", 9, heading=904, title="Pepper for grinding")])

    assert score(a, b).reasons == (Reason(A_OFFERS_B_REQUESTS, 20, {
        "by": "heading", "chapter": 9, "sector": 1, "heading": 904, "offer": "Black pepper 500 g/l",
        "request": "Pepper for grinding"}),)


def test_complement_different_headings_of_one_chapter_do_not_meet():
    pepper = profile(1, country="VN", entries=[entry(1, "offer", 9, heading=904, title="Black pepper")])
    coffee = profile(2, country="AZ", entries=[entry(2, "request", 9, heading=901, title="Robusta green coffee")])

    assert score(pepper, coffee).codes == (CROSS_BORDER,)


def test_complement_heading_meets_a_request_naming_only_the_chapter_at_chapter_level():
    pepper = profile(1, entries=[entry(1, "offer", 9, heading=904, title="Black pepper")])
    spices = profile(2, entries=[entry(2, "request", 9, title="Spices, any")])

    assert [(r.points, r.params["by"], r.params["heading"]) for r in score(pepper, spices).reasons] == [
        (10, "chapter", None)]


def test_complement_prefers_the_same_heading_to_a_chapter_match():
    a = profile(1, entries=[entry(1, "offer", 8), entry(2, "offer", 9, heading=904)])
    b = profile(2, entries=[entry(3, "request", 8, heading=801), entry(4, "request", 9, heading=904)])

    assert [(r.points, r.params["by"], r.params["heading"]) for r in score(a, b).reasons] == [(20, "heading", 904)]


def test_complement_counts_once_per_direction_with_the_lowest_chapter():
    a = profile(1, entries=[entry(1, "offer", 85), entry(2, "offer", 9)])
    b = profile(2, entries=[entry(3, "request", 85), entry(4, "request", 9)])

    match = score(a, b)

    assert match.score == 10
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
    a = profile(1, "VN", sectors=[1, 2], languages=["en"],
                entries=[entry(1, "offer", 9, heading=904), entry(2, "request", 84, heading=8437)])
    b = profile(2, "AZ", sectors=[1, 2], languages=["en"],
                entries=[entry(3, "request", 9, heading=904), entry(4, "offer", 84, heading=8437)])

    assert score(a, b).score == 100


def test_weights_positive_parts_add_up_to_110_clamped_to_100():
    assert (WEIGHTS.sectors + 2 * WEIGHTS.complement + WEIGHTS.roles + WEIGHTS.cross_border
            + WEIGHTS.languages) == 110


# Roles and competitors -------------------------------------------------------------------------------------


def test_roles_reward_complementary_sides_of_a_trade():
    exporter = profile(1, "VN", roles=["producer", "exporter"])

    assert score(exporter, profile(2, "TR", roles=["importer"])).reasons == (
        Reason(ROLES, 10, {"roles": ["exporter", "importer"]}),)
    assert score(profile(3, "TR", roles=["logistics"]), exporter).reasons == (
        Reason(ROLES, 10, {"roles": ["logistics", "exporter"]}),)
    assert score(exporter, profile(4, "TR", roles=["exporter"])).score == 0
    assert score(exporter, profile(5, "TR")).score == 0


def pepper_exporter(pk, country="VN", roles=("exporter",)):
    return profile(pk, country, sectors=[1], languages=["vi", "en"], roles=roles,
                   entries=[entry(pk * 10, "offer", 9, heading=904, title="Black pepper")])


def test_competitor_same_country_same_heading_same_markets_scores_0_and_says_so():
    match = score(pepper_exporter(1), pepper_exporter(2))

    assert match.reasons == (
        Reason(SECTORS, 30, {"sectors": [1]}), Reason(LANGUAGES, 10, {"languages": ["en", "vi"]}),
        Reason(COMPETITOR, -40, {"chapter": 9, "heading": 904, "country": "VN"}))
    assert match.score == 0


def test_competitor_needs_the_same_goods_country_and_markets():
    me = pepper_exporter(1)
    coffee = replace(pepper_exporter(2), entries=(entry(20, "offer", 9, heading=901),))
    abroad = pepper_exporter(3, country="TR")
    elsewhere = replace(pepper_exporter(4), entries=(entry(40, "offer", 9, heading=904, targets=["TR"]),))
    mine_to_az = replace(me, entries=(entry(10, "offer", 9, heading=904, targets=["AZ"]),))

    assert COMPETITOR not in score(me, coffee).codes
    assert COMPETITOR not in score(me, abroad).codes
    assert COMPETITOR not in score(mine_to_az, elsewhere).codes
    assert COMPETITOR in score(me, elsewhere).codes  # my offer is open to every market


def test_competitor_is_not_one_with_a_complementary_side():
    me = pepper_exporter(1)
    also_imports = pepper_exporter(2, roles=["exporter", "importer"])
    wants_mine = replace(pepper_exporter(3), entries=(*pepper_exporter(3).entries,
                                                      entry(31, "request", 9, heading=904)))

    assert COMPETITOR not in score(me, also_imports).codes
    assert COMPETITOR not in score(me, wants_mine).codes


@FAST
@given(profiles(pk=1), profiles(pk=2), profiles(pk=3))
def test_a_competitor_is_never_above_a_real_buyer(viewer, rival, buyer):
    """A buyer of the viewer's goods (one of its requests answered by the viewer's offers) always outscores a
    likely competitor, whatever else they share (without marks)."""
    if competes(viewer, rival) and meets(viewer, buyer):
        assert score(viewer, buyer).score > score(viewer, rival).score


def test_rank_puts_must_meet_first_then_score_then_name():
    viewer = profile(1, "VN", sectors=[1])
    strong = profile(2, "AZ", sectors=[1])
    weak = profile(3, "VN")
    also_strong = profile(4, "AZ", sectors=[1])

    ranked = rank(viewer, [weak, strong, also_strong, viewer], must_meet=frozenset({3}),
                  names={2: "Zeta", 4: "Alpha"})

    assert [(p.id, m.score) for p, m in ranked] == [(3, 0), (4, 50), (2, 50)]


def test_black_pepper_offer_is_never_said_to_answer_a_robusta_coffee_request():
    """The case of issue 11: a pepper offer (0904) and a coffee request (0901), both in chapter 09."""
    pepper = profile(1, "VN", sectors=[1], entries=[entry(1, "offer", 9, heading=904, title="Black pepper")])
    roaster = profile(2, "AZ", sectors=[1], entries=[entry(2, "request", 9, heading=901,
                                                             title="Robusta green coffee")])
    roaster_by_chapter = replace(roaster, entries=(entry(2, "request", 9, title="Robusta green coffee"),))

    assert score(pepper, roaster).codes == (SECTORS, CROSS_BORDER)
    assert score(roaster, pepper).codes == (SECTORS, CROSS_BORDER)
    # Without a heading on the request, only a chapter-level match, for less.
    chapter_level = score(pepper, roaster_by_chapter).reasons[1]
    assert (chapter_level.points, chapter_level.params["by"]) == (10, "chapter")


def test_pair_score_takes_the_less_interested_side():
    a, b = profile(1, "VN", sectors=[1]), profile(2, "AZ", sectors=[1])

    assert pair_score(a, b, Relation(b_not_interested=True)) == 0  # 50 - 50 from B's side
    assert pair_score(a, b) == 50
