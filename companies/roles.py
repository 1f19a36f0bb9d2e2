"""The roles a company plays in trade, seeded into companies.Role by a data migration.

Rows: (slug, English, Vietnamese, Azerbaijani). The slugs are what matchmaking.scoring reads (which roles are
complementary, which sell goods); the names are shown in the company form and the directory filter.
"""

ROLES: list[tuple[str, str, str, str]] = [
    ("producer", "Producer or manufacturer", "Nhà sản xuất", "İstehsalçı"),
    ("exporter", "Exporter", "Nhà xuất khẩu", "İxracatçı"),
    ("importer", "Importer", "Nhà nhập khẩu", "İdxalatçı"),
    ("distributor", "Distributor or wholesaler", "Nhà phân phối, bán buôn", "Distribyutor və ya topdan satıcı"),
    ("retailer", "Retailer", "Nhà bán lẻ", "Pərakəndə satıcı"),
    ("logistics", "Logistics provider", "Nhà cung cấp dịch vụ logistics", "Logistika xidməti təchizatçısı"),
    ("services", "Service provider", "Nhà cung cấp dịch vụ", "Xidmət təchizatçısı"),
    ("investor", "Investor", "Nhà đầu tư", "İnvestor"),
]
