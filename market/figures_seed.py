"""The article's trade figures (shared context: "Vietnam, Azerbaijan see potential for stronger trade ties"), and
`seed()`, which a data migration runs to put them in the database.

Only what the article says, quoting Vietnam Customs: the total of 2023 (US$687.7 million, +712.5% on 2022) and of
2024 (US$52.6 million, −78.4%), Vietnam's exports (US$49.2 million, +23.9%) and imports (US$3.4 million, −98.3%)
in 2024. The previous years those growth rates imply are derived (market.models.figures.previous_year_value),
each with its arithmetic in the note, in the three languages. The article gives no link, so no link is stored.

The article's figures do not all agree: a fall of 78.4% to US$52.6 million implies a 2023 total of about
US$243.5 million, not the US$687.7 million it reports for 2023. Both are kept as published, and the 2024 total's
note says so; nothing is corrected or invented here.
"""

from decimal import Decimal

SOURCE_NAME = "Vietnam Customs, via the article “Vietnam, Azerbaijan see potential for stronger trade ties”"
SOURCE_URL = ""  # the article names no link

# (year, direction, value in USD, reported change on the previous year in %, kind, notes in en / vi / az)
FIGURES = [
    (2023, "total", Decimal("687700000"), Decimal("712.5"), "reported", {}),
    (2024, "total", Decimal("52600000"), Decimal("-78.4"), "reported", {
        "en": "As published. A fall of 78.4% to US$52.6 million implies a 2023 total of about US$243.5 million "
              "(52.6 ÷ (1 − 0.784)), not the US$687.7 million the same source reports for 2023; both figures are "
              "shown as published.",
        "vi": "Theo số liệu đã công bố. Mức giảm 78,4% xuống 52,6 triệu USD tương ứng với tổng kim ngạch năm 2023 "
              "khoảng 243,5 triệu USD (52,6 ÷ (1 − 0,784)), không phải 687,7 triệu USD mà cùng nguồn này công bố "
              "cho năm 2023; cả hai số liệu được giữ nguyên như đã công bố.",
        "az": "Dərc edildiyi kimi. 78,4% azalma ilə 52,6 milyon ABŞ dollarına düşmə 2023-cü il üçün təxminən "
              "243,5 milyon ABŞ dolları (52,6 ÷ (1 − 0,784)) deməkdir, eyni mənbənin 2023-cü il üçün verdiyi "
              "687,7 milyon ABŞ dolları deyil; hər iki rəqəm dərc edildiyi kimi göstərilir.",
    }),
    (2024, "vn_az", Decimal("49200000"), Decimal("23.9"), "reported", {}),
    (2024, "az_vn", Decimal("3400000"), Decimal("-98.3"), "reported", {}),
    (2022, "total", Decimal("84600000"), None, "derived", {
        "en": "Derived from 2023: US$687.7 million ÷ (1 + 7.125) = US$84.64 million (a rise of 712.5%), rounded to "
              "US$84.6 million.",
        "vi": "Suy ra từ năm 2023: 687,7 triệu USD ÷ (1 + 7,125) = 84,64 triệu USD (mức tăng 712,5%), làm tròn "
              "thành 84,6 triệu USD.",
        "az": "2023-cü ildən hesablanıb: 687,7 milyon ABŞ dolları ÷ (1 + 7,125) = 84,64 milyon ABŞ dolları "
              "(712,5% artım), 84,6 milyon ABŞ dollarına yuvarlaqlaşdırılıb.",
    }),
    (2023, "vn_az", Decimal("39700000"), None, "derived", {
        "en": "Derived from 2024: US$49.2 million ÷ (1 + 0.239) = US$39.71 million (a rise of 23.9%), rounded to "
              "US$39.7 million.",
        "vi": "Suy ra từ năm 2024: 49,2 triệu USD ÷ (1 + 0,239) = 39,71 triệu USD (mức tăng 23,9%), làm tròn thành "
              "39,7 triệu USD.",
        "az": "2024-cü ildən hesablanıb: 49,2 milyon ABŞ dolları ÷ (1 + 0,239) = 39,71 milyon ABŞ dolları "
              "(23,9% artım), 39,7 milyon ABŞ dollarına yuvarlaqlaşdırılıb.",
    }),
    (2023, "az_vn", Decimal("200000000"), None, "derived", {
        "en": "Derived from 2024: US$3.4 million ÷ (1 − 0.983) = US$200.0 million (a fall of 98.3%).",
        "vi": "Suy ra từ năm 2024: 3,4 triệu USD ÷ (1 − 0,983) = 200,0 triệu USD (mức giảm 98,3%).",
        "az": "2024-cü ildən hesablanıb: 3,4 milyon ABŞ dolları ÷ (1 − 0,983) = 200,0 milyon ABŞ dolları "
              "(98,3% azalma).",
    }),
]


def seed(apps=None) -> int:
    """Adds the article's figures that are not there yet and returns how many it added. Idempotent, and a figure
    that staff have since corrected is left as they left it. `apps` is the migration's app registry (None: the
    current models)."""
    if apps is None:
        from market.models import TradeFigure
    else:
        TradeFigure = apps.get_model("market", "TradeFigure")  # noqa: N806 - a model class
    created = 0
    for year, direction, value, change, kind, notes in FIGURES:
        _figure, was_created = TradeFigure.objects.get_or_create(
            year=year, direction=direction, hs_chapter=None,
            defaults={"value_usd": value, "change_pct": change, "kind": kind, "source_name": SOURCE_NAME,
                      "source_url": SOURCE_URL, "note_en": notes.get("en", ""), "note_vi": notes.get("vi", ""),
                      "note_az": notes.get("az", "")},
        )
        created += was_created
    return created


def unseed(apps=None) -> None:
    """The reverse of the data migration: removes the seeded figures that still hold the article's values."""
    if apps is None:
        from market.models import TradeFigure
    else:
        TradeFigure = apps.get_model("market", "TradeFigure")  # noqa: N806 - a model class
    for year, direction, value, _change, _kind, _notes in FIGURES:
        TradeFigure.objects.filter(year=year, direction=direction, hs_chapter=None, value_usd=value,
                                   source_name=SOURCE_NAME).delete()
