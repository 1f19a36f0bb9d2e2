from django.conf import settings


def site_languages(request):
    """(code, name in that language) for the language switcher."""
    return {"site_languages": [(code, settings.LANGUAGE_NATIVE_NAMES[code]) for code, _ in settings.LANGUAGES]}
