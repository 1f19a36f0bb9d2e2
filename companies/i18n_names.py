"""Country and language names in the active language, from the CLDR data that Babel ships.

Django's catalogs have no country list, and django-countries ships none in Azerbaijani; CLDR has
complete, reviewed names for English, Vietnamese and Azerbaijani.
"""

import unicodedata
from functools import cache

from babel import Locale
from django.utils.translation import get_language

# CLDR territory codes that are not ISO 3166-1 countries.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


@cache
def _locale(language_code: str) -> Locale:
    return Locale.parse(language_code.split("-")[0] if language_code else "en")


@cache
def country_codes() -> tuple[str, ...]:
    territories = _locale("en").territories
    return tuple(sorted(code for code in territories if len(code) == 2 and code.isalpha()
                        and code not in _NOT_COUNTRIES))


def country_name(code: str, language_code: str | None = None) -> str:
    locale = _locale(language_code or get_language() or "en")
    return locale.territories.get(code, code)


def language_name(code: str, language_code: str | None = None) -> str:
    language = language_code or get_language() or "en"
    name = _locale(language).languages.get(code, code)
    return _capitalize(name, language)


# The corridor's two countries lead every country picker; the others follow in alphabetical order.
CORRIDOR = ("AZ", "VN")


def country_choices() -> list[tuple[str, str]]:
    """(code, name) pairs: Azerbaijan and Vietnam first, then every country, sorted by the name in the active
    language."""
    by_name = sorted(((code, country_name(code)) for code in country_codes()), key=lambda pair: sort_key(pair[1]))
    return [pair for pair in by_name if pair[0] in CORRIDOR] + [pair for pair in by_name if pair[0] not in CORRIDOR]



# Alphabetical order is the language's, not Unicode's: Azerbaijani puts ç after c and ə after e (Unicode puts
# them after z); Vietnamese sorts ă, â after a and đ after d, and its five tone marks only break ties.
_ALPHABETS = {
    "az": "abcçdeəfgğhxıijkqlmnoöprsştuüvwyz",
    "vi": "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz",
}
_VIETNAMESE_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def sort_key(text: str, language_code: str | None = None) -> tuple:
    """A key that sorts names alphabetically in the language (English, Vietnamese or Azerbaijani), case- and
    (where the language does not make them letters) accent-blind; digits, spaces and signs come first."""
    language = (language_code or get_language() or "en").split("-")[0]
    alphabet = _ALPHABETS.get(language)
    if language in _TURKIC:
        letters = "".join({"I": "ı", "İ": "i"}.get(char, char) for char in text).lower()
    elif language == "vi":
        decomposed = unicodedata.normalize("NFD", text.lower())
        letters = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _VIETNAMESE_TONES))
    else:
        decomposed = unicodedata.normalize("NFD", text.casefold())
        letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    order = alphabet or ""

    def rank(char: str) -> tuple[int, int]:
        if not char.isalpha():
            return 0, ord(char)
        return (1, order.index(char)) if char in order else (2, ord(char))

    return tuple(rank(char) for char in letters), text


# Azerbaijani (like Turkish) pairs i with İ and ı with I; Python's case mapping does not know that.
_TURKIC = ("az", "tr")


def _capitalize(text: str, language: str) -> str:
    """Upper-case the first letter, in the given language's alphabet."""
    first = text[:1]
    if first == "i" and language.split("-")[0] in _TURKIC:
        return "İ" + text[1:]
    return first.upper() + text[1:]


def lower_first(text: str, language_code: str | None = None) -> str:
    """Lower-case the first letter (a name inside a sentence), in the active language's alphabet."""
    first = text[:1]
    if (language_code or get_language() or "en").split("-")[0] in _TURKIC:
        first = {"I": "ı", "İ": "i"}.get(first, first)
    return first.lower() + text[1:]
