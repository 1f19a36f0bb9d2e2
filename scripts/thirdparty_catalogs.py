"""Build locale_overrides/<lang>/LC_MESSAGES/django.po: third-party strings that appear on our pages but
that the package ships no translation for in Vietnamese or Azerbaijani.

Django looks up a message in LOCALE_PATHS before the packages' own catalogs, so a translation here fills the
gap. Existing translations in the override catalogs are kept; run this after upgrading a package, translate
what is new, then `make setup`.

Usage: .venv/bin/python scripts/thirdparty_catalogs.py
"""

import importlib.util
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["vi", "az"]


def package_dir(name: str) -> Path:
    return Path(importlib.util.find_spec(name).origin).parent


# (catalog with every msgid, the package's catalog for a language, which source locations count)
SOURCES = [
    # django-allauth: the account pages, two-factor authentication and emails we use (not social accounts,
    # sessions, headless).
    (package_dir("allauth") / "locale/en/LC_MESSAGES/django.po",
     lambda lang: package_dir("allauth") / f"locale/{lang}/LC_MESSAGES/django.po",
     ("account/", "templates/account/", "mfa/", "templates/mfa/")),
    # Django itself: form and validation messages.
    (package_dir("django") / "conf/locale/en/LC_MESSAGES/django.po",
     lambda lang: package_dir("django") / f"conf/locale/{lang}/LC_MESSAGES/django.po",
     ("forms/", "core/validators.py", "core/paginator.py", "db/models/fields/__init__.py",
      "db/models/base.py", "contrib/messages/", "views/")),
    (package_dir("django") / "contrib/auth/locale/en/LC_MESSAGES/django.po",
     lambda lang: package_dir("django") / f"contrib/auth/locale/{lang}/LC_MESSAGES/django.po",
     ("contrib/auth/password_validation.py", "contrib/auth/forms.py", "contrib/auth/validators.py")),
    # django-filter ships neither language.
    (package_dir("django_filters") / "locale/de/LC_MESSAGES/django.po",
     lambda lang: package_dir("django_filters") / f"locale/{lang}/LC_MESSAGES/django.po",
     ("",)),
]


def load(path: Path) -> Catalog | None:
    if not path.exists():
        return None
    with path.open("rb") as f:
        return read_po(f)


def translated(catalog: Catalog | None, message) -> bool:
    if catalog is None:
        return False
    found = catalog.get(message.id, message.context)
    if found is None or found.fuzzy:
        return False
    return all(found.string) if isinstance(found.string, tuple) else bool(found.string)


def build(lang: str) -> Catalog:
    target = ROOT / f"locale_overrides/{lang}/LC_MESSAGES/django.po"
    previous = load(target)
    catalog = Catalog(locale=lang, project="TradeBridge third-party overrides", fuzzy=False)
    for reference_path, package_catalog_for, prefixes in SOURCES:
        reference, package_catalog = load(reference_path), load(package_catalog_for(lang))
        for message in reference:
            if not message.id or translated(package_catalog, message):
                continue
            if not any(loc.startswith(p) for loc, _ in message.locations for p in prefixes):
                continue
            kept = previous.get(message.id, message.context) if previous else None
            string = kept.string if kept else (("",) * 2 if message.pluralizable else "")
            catalog.add(message.id, string, locations=message.locations, flags=message.flags - {"fuzzy"},
                        context=message.context)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as f:
        write_po(f, catalog, width=110, sort_output=True)
    return catalog


if __name__ == "__main__":
    for language in LANGUAGES:
        built = build(language)
        missing = sum(1 for m in built if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string))
        print(f"{language}: {len(built)} messages, {missing} to translate")
