"""The database triggers that keep market.models.supply in step with the marketplace (PostgreSQL and SQLite).

Created by migration market.0004 (which calls `create`); a change here needs a new migration that calls `drop` and
`create` again. Counted, as market.supply_selectors.recount_open_entries counts: an approved entry of an approved
Vietnamese or Azerbaijani company that is open to the other country (no target countries, or the other one among
them, as the marketplace's `market` filter tests it: the quoted code in the JSON text, ignoring case).

* an entry inserted, deleted or changed in a column that matters: its old row is taken off, its new row added;
* a company whose status or country changes: each of its entries taken off as counted before, added as now;
* a company deleted: its entries taken off first (Django deletes them before the company; were the database to
  cascade instead, they would no longer find their company and count nothing).

Each change is a new row (+n or −n), never an update of a counter: writers do not queue on a hot row nor deadlock
on two products taken in a different order. On PostgreSQL a writer takes a share lock on the watermark row (shared
locks do not conflict), so that compacting the counts and moving the watermark (an exclusive lock) never
interleaves with a change on either side of it.
"""

LISTING = "companies_listing"
COMPANY = "companies_company"
# The columns of an entry that decide whether and how it is counted.
LISTING_COLUMNS = ["company_id", "kind", "status", "sector_id", "hs_chapter_id", "hs_heading_id", "target_countries",
                   "expires_on"]
COMPANY_COLUMNS = ["country", "status"]
PRODUCT = "country, kind, chapter, heading, sector"
# The watermark's day; a date before any entry when its row is missing (a test database flushed after the
# migration made it): everything is then counted from that day, and reading corrects with every past date.
WATERMARK = "COALESCE((SELECT day FROM market_supplywatermark WHERE id = 1), '2000-01-01')"


def _open_to_partner(vendor: str, entry: str, country: str) -> str:
    partner = f"CASE {country} WHEN 'VN' THEN '%\"AZ\"%' ELSE '%\"VN\"%' END"
    if vendor == "postgresql":
        return f"({entry}.target_countries = '[]'::jsonb OR upper({entry}.target_countries::text) LIKE {partner})"
    return f"(json({entry}.target_countries) = '[]' OR {entry}.target_countries LIKE {partner})"


def _add(vendor: str, *, entry: str, company: str, sources: str, where: str, sign: str) -> list[str]:
    """Two statements adding (sign '') or taking off (sign '-') the entries `entry` of `company`, read from
    `sources` filtered by `where`: per product and expiry date, and per product from the watermark on."""
    counted = (f"{where} AND {entry}.status = 'approved' AND {company}.status = 'approved' "
               f"AND {company}.country IN ('VN', 'AZ') AND {_open_to_partner(vendor, entry, company + '.country')}")
    product = (f"{company}.country, {entry}.kind, COALESCE({entry}.hs_chapter_id, 0), "
               f"COALESCE({entry}.hs_heading_id, 0), {entry}.sector_id")
    return [
        f"INSERT INTO market_supplyexpiry (expires_on, {PRODUCT}, entries) "
        f"SELECT {entry}.expires_on, {product}, {sign}COUNT(*) FROM {sources} WHERE {counted} "
        f"GROUP BY 1, 2, 3, 4, 5, 6",
        f"INSERT INTO market_supplycount ({PRODUCT}, entries) "
        f"SELECT {product}, {sign}COUNT(*) FROM {sources} WHERE {counted} "
        f"AND {entry}.expires_on >= {WATERMARK} "
        f"GROUP BY 1, 2, 3, 4, 5",
    ]


def _entry_changes(vendor: str, row: str, sign: str) -> list[str]:
    """An entry's row (NEW or OLD) with its company as it is now."""
    return _add(vendor, entry=row, company="co", sources=f"{COMPANY} co", where=f"co.id = {row}.company_id",
                sign=sign)


def _company_changes(vendor: str, row: str, sign: str) -> list[str]:
    """All the entries of a company's row (NEW or OLD)."""
    return _add(vendor, entry="li", company=row, sources=f"{LISTING} li", where=f"li.company_id = {row}.id",
                sign=sign)


def _changed(columns: list[str], vendor: str) -> str:
    operator = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{column} {operator} NEW.{column}" for column in columns)


def statements(vendor: str) -> list[str]:
    """The SQL that creates the triggers on `vendor` ('postgresql' or 'sqlite')."""
    listing_update = f"AFTER UPDATE OF {', '.join(LISTING_COLUMNS)} ON {LISTING} FOR EACH ROW " \
                     f"WHEN ({_changed(LISTING_COLUMNS, vendor)})"
    company_update = f"AFTER UPDATE OF {', '.join(COMPANY_COLUMNS)} ON {COMPANY} FOR EACH ROW " \
                     f"WHEN ({_changed(COMPANY_COLUMNS, vendor)})"
    triggers = {
        # name: (when, statements)
        "market_supply_listing_insert": (f"AFTER INSERT ON {LISTING} FOR EACH ROW", _entry_changes(vendor, "NEW", "")),
        "market_supply_listing_delete": (f"AFTER DELETE ON {LISTING} FOR EACH ROW",
                                         _entry_changes(vendor, "OLD", "-")),
        "market_supply_listing_update": (listing_update,
                                         _entry_changes(vendor, "OLD", "-") + _entry_changes(vendor, "NEW", "")),
        "market_supply_company_update": (company_update,
                                         _company_changes(vendor, "OLD", "-") + _company_changes(vendor, "NEW", "")),
        "market_supply_company_delete": (f"BEFORE DELETE ON {COMPANY} FOR EACH ROW",
                                         _company_changes(vendor, "OLD", "-")),
    }
    sql = []
    for name, (when, body) in triggers.items():
        if vendor == "postgresql":
            result = "OLD" if when.startswith("BEFORE DELETE") else "NULL"
            sql.append(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
                f"    PERFORM 1 FROM market_supplywatermark WHERE id = 1 FOR SHARE;\n"
                + "".join(f"    {statement};\n" for statement in body)
                + f"    RETURN {result};\nEND\n$$")
            sql.append(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {name}()")
        else:
            sql.append(f"CREATE TRIGGER {name} {when} BEGIN\n" + "".join(f"    {s};\n" for s in body) + "END")
    return sql


def drop_statements(vendor: str) -> list[str]:
    names = ["market_supply_listing_insert", "market_supply_listing_delete", "market_supply_listing_update",
             "market_supply_company_update", "market_supply_company_delete"]
    tables = {name: LISTING if "listing" in name else COMPANY for name in names}
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {tables[name]}; DROP FUNCTION IF EXISTS {name}()"
                for name in names]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names]


def create(apps, schema_editor) -> None:
    for statement in statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor) -> None:
    for statement in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)
