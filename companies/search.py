"""Text search for the directory, the marketplace and event participant lists (docs/search.md).

One folding, `normalize`, is applied both to what is stored (the denormalized `search_name` / `search_text`
columns of Company and Listing) and to what people type, so that matching is a plain substring test on
both databases:

* lowercase, with the Turkic capitals handled first (İ → i, and I → i like ı → i: English and Azerbaijani
  text fold alike);
* every diacritic stripped (Vietnamese tones and hats, ç ş ğ ö ü), and the letters that are not a base letter
  plus a mark mapped by hand: đ → d, ə → e, ı → i, ß → ss, ø → o, æ → ae, œ → oe, ł → l;
* anything that is not a letter or a digit becomes a space, spaces are collapsed, and the stored text is
  padded with a space at both ends so that " term" means "a word that starts with term".

So "Bakı" == "baki", "Gəncə" == "gence", "cà phê" == "ca phe", "TP.HCM" == "tp hcm". English and local place
names are tied by PLACE_ALIASES: stored text that names a place in any of its spellings gets the place's
canonical (English) name appended, and a query naming it in any spelling searches for that canonical name.

Query terms are matched as word prefixes (AND of terms); an English or Azerbaijani plural is cut back to its
stem first ("cashews" → "cashew", "fındıqlar" → "findiq"). Results are ranked by how many terms the name (or a
marketplace entry's title) contains, then (PostgreSQL, when a term was corrected) exact matches first and by
trigram word similarity to the name; PostgreSQL also finds
words within a small typo: a term is corrected against the vocabulary of the stored text (companies.SearchWord,
pg_trgm's word similarity served by a GIN trigram index, migration 0014_search_words) and the closest words are
searched exactly, like the term.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest, StrIndex
from django.db.models.lookups import GreaterThan

# Letters that Unicode does not decompose into a base letter and a combining mark.
_LETTERS = str.maketrans({"đ": "d", "ə": "e", "ı": "i", "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l",
                          "ħ": "h", "þ": "th"})
_NON_WORD = re.compile(r"[^0-9a-z]+")

# Longest query we look at, and most terms: enough for any real search, and a bound on the SQL we build.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
# Shorter terms are not looked up with typo tolerance (trigram similarity says little about them).
FUZZY_MIN_LENGTH = 4
# A misspelt term is also searched as the most similar words of the vocabulary (companies.SearchWord), at most so
# many: enough for the spellings of one word, few enough to keep the query small.
CORRECTIONS_PER_TERM = 6

# Each place: its canonical name first (folded, as stored), then the other spellings people type, all folded.
# Multi-word spellings are matched as phrases. Keep every spelling at least 4 letters long or unambiguous.
PLACE_ALIASES: tuple[tuple[str, ...], ...] = (
    # Vietnam
    ("ho chi minh", "hcm", "hcmc", "tp hcm", "tphcm", "saigon", "sai gon", "thanh pho ho chi minh",
     "tp ho chi minh", "ho chi minh city"),
    ("hanoi", "ha noi"),
    ("da nang", "danang"),
    ("hai phong", "haiphong"),
    ("can tho", "cantho"),
    ("nha trang", "nhatrang"),
    ("vung tau", "vungtau", "ba ria vung tau"),
    ("ha long", "halong"),
    ("binh duong", "binhduong"),
    ("dong nai", "dongnai"),
    ("bien hoa", "bienhoa"),
    ("quang ninh", "quangninh"),
    ("bac ninh", "bacninh"),
    ("vietnam", "viet nam", "vyetnam"),
    # Azerbaijan
    ("baku", "baki"),
    ("ganja", "gence", "gandja", "gyandzha"),
    ("sumqayit", "sumgait", "sumgayit"),
    ("mingachevir", "mingecevir", "mingechevir"),
    ("lankaran", "lenkeran", "lenkoran"),
    ("shaki", "seki", "sheki"),
    ("shirvan", "sirvan"),
    ("nakhchivan", "naxcivan", "nakhichevan"),
    ("gabala", "qebele", "qabala"),
    ("quba", "guba"),
    ("khachmaz", "xacmaz"),
    ("shamakhi", "samaxi", "shamakha"),
    ("zagatala", "zaqatala"),
    ("khankendi", "xankendi"),
    ("azerbaijan", "azerbaycan", "azerbaidjan"),
)
_ALIAS_OF: dict[str, str] = {spelling: group[0] for group in PLACE_ALIASES for spelling in group}
_LONGEST_ALIAS = max(len(spelling.split()) for spelling in _ALIAS_OF)

# Words that only say "a place": "Baku city", "TP Hồ Chí Minh", "Gəncə şəhəri" search for the place alone.
STOP_WORDS = frozenset({"the", "and", "of", "city", "tp", "seher", "seheri"})


def normalize(text: str) -> str:
    """Fold text for searching: lowercase, no diacritics, letters and digits separated by single spaces."""
    if not text:
        return ""
    text = text.replace("İ", "i").replace("I", "i").lower().translate(_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in decomposed if not unicodedata.combining(char)).translate(_LETTERS)
    return _NON_WORD.sub(" ", text).strip()


def stem(word: str) -> str:
    """Cut a plural back to a stem that is a word prefix of both forms (matching is by word prefix)."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix in ("lar", "ler"):  # Azerbaijani plurals (ə folded to e)
        if word.endswith(suffix) and len(word) - 3 >= 4:
            return word[:-3]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3]  # berries → berr (berry, berries)
    if word.endswith("es") and word[-3] in "sxz" or word.endswith(("ches", "shes")):
        return word[:-2]  # boxes → box, peaches → peach
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]  # cashews → cashew
    return word


def _with_places(folded: str) -> str:
    """The folded text with the canonical name of every place it names appended (once)."""
    padded = f" {folded} "
    found = []
    for spelling, canonical in _ALIAS_OF.items():
        if f" {spelling} " in padded and canonical not in found and f" {canonical} " not in padded:
            found.append(canonical)
    return " ".join([folded, *found]) if found else folded


def searchable(*parts: str) -> str:
    """The stored form of some texts: folded, places completed, padded with spaces for word-prefix matching."""
    folded = " ".join(filter(None, (normalize(part) for part in parts)))
    return f" {_with_places(folded)} " if folded else ""


def company_search_fields(*, name: str, city: str, country: str, description: str,
                          sector_names: list[str]) -> tuple[str, str]:
    """(search_name, search_text) of a company: its name, and name, city, country (in the three languages),
    sectors (in the three languages) and description."""
    return searchable(name), searchable(name, city, *_country_names(country), *sector_names, description)


def listing_search_fields(*, title: str, description: str, company_name: str, company_city: str,
                          sector_names: list[str]) -> tuple[str, str]:
    """(search_name, search_text) of a marketplace entry: its title, and title, company, sector, description."""
    return searchable(title), searchable(title, company_name, company_city, *sector_names, description)


def _country_names(code: str) -> list[str]:
    from companies.i18n_names import country_name

    return sorted({country_name(code, language) for language in ("en", "vi", "az")}) if code else []


# Queries ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    text: str  # folded; matched as a word prefix
    fuzzy: bool  # also matched within a typo on PostgreSQL


def parse_query(query: str) -> list[Term]:
    """The terms of what someone typed: folded, places replaced by their canonical name, plurals stemmed, stop
    words dropped (unless nothing else is left), duplicates removed, at most MAX_TERMS."""
    words = [word[:MAX_TERM_LENGTH] for word in normalize((query or "")[:MAX_QUERY_LENGTH]).split()]
    terms: list[Term] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST_ALIAS, len(words) - i), 0, -1):
            canonical = _ALIAS_OF.get(" ".join(words[i:i + size]))
            if canonical:
                terms.append(Term(canonical, fuzzy=False))
                i += size
                break
        else:
            terms.append(Term(stem(words[i]), fuzzy=len(words[i]) >= FUZZY_MIN_LENGTH and not words[i].isdigit()))
            i += 1
    meaningful = [term for term in terms if term.text not in STOP_WORDS] or terms
    unique = list({term.text: term for term in meaningful}.values())
    return unique[:MAX_TERMS]


def _is_postgresql(queryset: QuerySet) -> bool:
    from django.db import connections

    return connections[queryset.db].vendor == "postgresql" if queryset.db else connection.vendor == "postgresql"


def corrections(terms: list[str]) -> dict[str, list[str]]:
    """For each term, the words of the vocabulary it may be a misspelling of (PostgreSQL), in one query: those
    within pg_trgm's word similarity threshold (`word %> term`, served by a GIN trigram index), most similar
    first, at most CORRECTIONS_PER_TERM. Words that the term, or another of its corrections, already finds as a
    prefix are left out."""
    from django.db import connections

    from companies.models import SearchWord

    if not terms:
        return {}
    table = SearchWord._meta.db_table
    # DISTINCT: a word can be listed twice (SearchWord).
    one = (f"(SELECT %s, word FROM (SELECT DISTINCT word FROM {table} WHERE word %%> %s AND word NOT LIKE %s) AS w "
           f"ORDER BY word_similarity(%s, word) DESC, word LIMIT {CORRECTIONS_PER_TERM})")
    found: dict[str, list[str]] = {term: [] for term in terms}
    with connections[SearchWord.objects.db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(one for _ in terms),
                       [value for term in terms for value in (term, term, f"{term}%", term)])
        for term, word in cursor.fetchall():
            found[term].append(word)
    # A word that starts with another correction of the same term is found by it already ("hazelnuts").
    return {term: [word for word in words if not any(word != other and word.startswith(other) for other in words)]
            for term, words in found.items()}


def search(queryset: QuerySet, query: str, *, prefix: str = "",
           corrected: dict[str, list[str]] | None = None) -> QuerySet:
    """`queryset` narrowed to what matches `query`, most relevant first.

    `prefix` leads to the model that has the `search_name` / `search_text` columns ("company__" for event
    participations). Every term must match (as a word prefix of the stored text, or on PostgreSQL within a typo);
    ranking: number of terms found in the name, then, on PostgreSQL when a term was corrected, number found exactly
    anywhere and trigram word similarity of the query to the name, then the name. `corrected`: the terms'
    corrections_for(), when the caller has them already.
    """
    terms = parse_query(query)
    if not terms:
        return queryset
    name_field, text_field = f"{prefix}search_name", f"{prefix}search_text"
    postgresql = _is_postgresql(queryset)
    if corrected is None:
        corrected = corrections_for(queryset, terms)
    for term in terms:
        condition = _has(text_field, term, postgresql)
        for word in corrected.get(term.text, ()):
            condition |= _has(text_field, Term(word, fuzzy=False), postgresql)
        queryset = queryset.filter(condition)
    name_hits = sum((Case(When(_has(name_field, term, postgresql), then=Value(1)), default=Value(0),
                          output_field=IntegerField()) for term in terms), Value(0))
    order = [F("search_name_hits").desc()]
    annotations = {"search_name_hits": name_hits}
    if postgresql:
        from django.contrib.postgres.search import TrigramWordSimilarity

        phrase = " ".join(term.text for term in terms)
        # Only when a term was corrected: computed for every matching row, these are not free.
        fuzzy = [term for term in terms if corrected.get(term.text)]
        if fuzzy:  # a constant would be read as a column position in ORDER BY
            exact = [Case(When(_has(text_field, term, postgresql), then=Value(1)), default=Value(0),
                          output_field=IntegerField()) for term in fuzzy]
            annotations["search_exact_hits"] = sum(exact[1:], exact[0])
            order.append(F("search_exact_hits").desc())
            annotations["search_similarity"] = Greatest(TrigramWordSimilarity(Value(phrase), name_field),
                                                        Value(0.0))
            order.append(F("search_similarity").desc())
    # annotate, not alias: the participants list is DISTINCT, and PostgreSQL wants its ORDER BY in the SELECT.
    return queryset.annotate(**annotations).order_by(*order, name_field, "pk")


def name_first(queryset: QuerySet, query: str, *,
               corrected: dict[str, list[str]] | None = None) -> QuerySet | None:
    """The rows of `queryset` whose name holds every term of `query`, in name order: the head of search()'s
    order, or None where there is no such head (no term, or a term corrected for a typo, which ranks by
    similarity). A paginator reads a page's ids from it first (config.paging.CappedPaginator.get_page).

    Why: search() ranks every match, and on PostgreSQL ranking the thousands of rows a common word matches means
    visiting each of them in the table (about 25 ms at 100,000 companies). The rows with every term in their name
    rank first (a name is part of the searched text: they match), ordered by name then id; for approved companies
    their ids are read in that order from the index `company_public_name_idx` alone, stopping at the page's end
    (about 1 ms).
    """
    terms = parse_query(query)
    if not terms:
        return None
    if any((corrections_for(queryset, terms) if corrected is None else corrected).values()):
        return None
    postgresql = _is_postgresql(queryset)
    for term in terms:
        queryset = queryset.filter(_has("search_name", term, postgresql))
    return queryset.order_by("search_name", "pk")


def corrections_for(queryset: QuerySet, terms: list[Term]) -> dict[str, list[str]]:
    """corrections() of the terms that may be misspelt, on PostgreSQL (one query); none on SQLite."""
    return corrections([term.text for term in terms if term.fuzzy]) if _is_postgresql(queryset) else {}


def _has(field: str, term: Term, postgresql: bool):
    """The condition "`field` holds a word starting with `term`"."""
    if postgresql:  # LIKE '% term%', which the GIN trigram index serves
        return Q(**{f"{field}__contains": f" {term.text}"})
    # SQLite: the column is folded already, and instr() is several times faster than its case-blind LIKE.
    return GreaterThan(StrIndex(F(field), Value(f" {term.text}")), 0)
