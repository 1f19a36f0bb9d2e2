"""Demo companies for `manage.py load_demo`: fictional but realistic Vietnamese, Azerbaijani and
corridor businesses.

Every company, person, website and phone number here is invented; websites use the reserved `.example`
domain (RFC 2606). The mix mirrors the trade the site is built for: Vietnamese exporters of coffee, rice,
seafood, cashews, garments, footwear and electronics; Azerbaijani growers of hazelnuts, pomegranates and
fruit, petrochemical producers, oilfield services and the Middle Corridor logistics chain (the port of
Baku in Ələt, the Baku–Tbilisi–Kars railway); and a few partners from Türkiye, Georgia, Kazakhstan,
Singapore, the UAE and Germany. Profiles are written in complementary pairs so matchmaking has something
meaningful to suggest, and about one company in four is women-led.

Keys: name, country (ISO 3166-1 alpha-2), city (local spelling), sectors (Sector slugs), founded, size
(micro, small, medium, large), languages (ISO 639-1 codes), women_led, website, contact_person, phone,
description (English).
"""

DEMO_COMPANIES: list[dict] = [
    # Vietnam
    {
        "name": "Highland Bean Export JSC",
        "country": "VN",
        "city": "Buôn Ma Thuột",
        "sectors": ["agriculture-food", "trade"],
        "founded": 2009,
        "size": "medium",
        "languages": ["vi", "en"],
        "women_led": False,
        "website": "https://highlandbean.example",
        "contact_person": "Nguyễn Thị Lan",
        "phone": "+84 262 3851 234",
        "description": (
            "Processes and exports Robusta and fine-Robusta green coffee from about 1,800 hectares of "
            "contracted smallholder farms in Đắk Lắk, plus black pepper, shipping around 14,000 tonnes a "
            "year. Our wet and dry mills are ISO 22000 and HACCP certified, and most volume goes to Europe, "
            "Russia and the Middle East. We are looking for Azerbaijani roasters and food importers, and "
            "for a Baku-based distributor who can also serve the Caucasus and Central Asia."
        ),
    },
    {
        "name": "Công ty TNHH Mekong Green Rice",
        "country": "VN",
        "city": "Cần Thơ",
        "sectors": ["agriculture-food", "trade"],
        "founded": 2004,
        "size": "medium",
        "languages": ["vi", "en", "zh"],
        "women_led": False,
        "website": "https://mekonggreenrice.example",
        "contact_person": "Huỳnh Văn Phúc",
        "phone": "+84 292 3812 657",
        "description": (
            "Rice miller and exporter buying paddy from 6,500 hectares of contracted farms in Cần Thơ and "
            "Hậu Giang. We ship about 120,000 tonnes a year of jasmine, fragrant long-grain and parboiled "
            "rice in bulk and retail bags, with Halal and ISO 22000 certification. We want direct contracts "
            "with Azerbaijani importers and supermarket suppliers instead of long multi-trader chains, with "
            "shipments routed via Georgian Black Sea ports."
        ),
    },
    {
        "name": "Công ty CP Thủy sản Mũi Cà Mau",
        "country": "VN",
        "city": "Cà Mau",
        "sectors": ["agriculture-food"],
        "founded": 2001,
        "size": "large",
        "languages": ["vi", "en", "ja"],
        "women_led": False,
        "website": "https://muicamauseafood.example",
        "contact_person": "Lê Quang Minh",
        "phone": "+84 290 3838 412",
        "description": (
            "Farms and processes black tiger and whiteleg shrimp, with 1,100 staff across two plants and a "
            "4,000-tonne cold store. Products include raw and cooked frozen shrimp and breaded items, BAP "
            "and HACCP certified, sold mainly to Japan, the EU and Australia. We are seeking frozen-food "
            "importers in Azerbaijan and reefer logistics partners on the Caspian route."
        ),
    },
    {
        "name": "Sông Tiền Pangasius JSC",
        "country": "VN",
        "city": "Cao Lãnh",
        "sectors": ["agriculture-food", "trade"],
        "founded": 2007,
        "size": "large",
        "languages": ["vi", "en", "ru"],
        "women_led": False,
        "website": "https://songtienpangasius.example",
        "contact_person": "Võ Thanh Tùng",
        "phone": "+84 277 3851 903",
        "description": (
            "Vertically integrated pangasius producer with 320 hectares of ponds, its own feed mill and a "
            "fillet plant processing 200 tonnes of raw fish a day, with 900 employees. We are Halal and ASC "
            "certified and already export to Kazakhstan, the Gulf and Latin America. We seek importers and "
            "cold-store operators in Azerbaijan for retail packs and HoReCa frozen fillets."
        ),
    },
    {
        "name": "Bình Phước Cashew Processing Co., Ltd",
        "country": "VN",
        "city": "Đồng Xoài",
        "sectors": ["agriculture-food"],
        "founded": 2012,
        "size": "medium",
        "languages": ["vi", "en"],
        "women_led": True,
        "website": "https://binhphuoccashew.example",
        "contact_person": "Trần Thị Ngọc Hân",
        "phone": "+84 271 3879 215",
        "description": (
            "Women-owned cashew processor turning raw nuts into WW240 and WW320 kernels, roasted-salted and "
            "honey-coated snacks, around 6,000 tonnes of kernels a year. About 70% of our 180 workers are "
            "women, and the plant holds BRCGS and Halal certification. We are looking for Azerbaijani nut "
            "traders and snack producers, and would buy Azerbaijani hazelnuts for our mixed-nut lines."
        ),
    },
    {
        "name": "Vĩnh Phúc Home Electronics JSC",
        "country": "VN",
        "city": "Vĩnh Yên",
        "sectors": ["electronics-machinery", "trade"],
        "founded": 2011,
        "size": "large",
        "languages": ["vi", "en", "zh"],
        "women_led": False,
        "website": "https://vinhphuchome.example",
        "contact_person": "Phạm Đức Thắng",
        "phone": "+84 211 3862 440",
        "description": (
            "Designs and assembles household electrical goods such as electric fans, rice cookers, "
            "induction hobs and LED lighting, with 650 staff and capacity for 2.5 million units a year. "
            "Products are tested to IEC safety standards and carry CE marking. We want an Azerbaijani "
            "distributor or private-label partner, and can supply 220 V models with Azerbaijani and Russian "
            "packaging and manuals."
        ),
    },
    {
        "name": "Công ty TNHH Trà Đồi Sương",
        "country": "VN",
        "city": "Thái Nguyên",
        "sectors": ["agriculture-food"],
        "founded": 2015,
        "size": "small",
        "languages": ["vi", "en"],
        "women_led": True,
        "website": "https://doisuongtea.example",
        "contact_person": "Đỗ Thị Hương",
        "phone": "+84 208 3846 177",
        "description": (
            "Women-run tea company working with 240 farming households on 150 hectares of hill gardens in "
            "Thái Nguyên province. We produce about 300 tonnes a year of green, oolong and powdered tea, "
            "certified organic to TCVN 11041, and run a small tea-tourism homestay. Azerbaijan has one of "
            "the strongest tea-drinking cultures in the region, and we are looking for tea houses, packers "
            "and importers there."
        ),
    },
    {
        "name": "Mekong Fruit Processing JSC",
        "country": "VN",
        "city": "Mỹ Tho",
        "sectors": ["agriculture-food"],
        "founded": 2010,
        "size": "medium",
        "languages": ["vi", "en", "ko"],
        "women_led": False,
        "website": "https://mekongfruitpro.example",
        "contact_person": "Ngô Minh Khoa",
        "phone": "+84 273 3872 091",
        "description": (
            "Processes dragon fruit, mango, passion fruit and pineapple from Tiền Giang and Long An into "
            "IQF frozen fruit, purées and dried snacks, about 9,000 tonnes a year with 210 staff. The plant "
            "is FSSC 22000 and Halal certified and supplies juice and dessert makers in Korea and the EU. "
            "We would like to work with Azerbaijani juice producers who could blend our tropical purées "
            "with local pomegranate and apple."
        ),
    },
    {
        "name": "Redriver Apparel Works JSC",
        "country": "VN",
        "city": "Nam Định",
        "sectors": ["light-industry"],
        "founded": 1998,
        "size": "large",
        "languages": ["vi", "en", "ja"],
        "women_led": True,
        "website": "https://redriverapparel.example",
        "contact_person": "Vũ Ngọc Anh",
        "phone": "+84 228 3649 318",
        "description": (
            "Garment manufacturer led by its founder and general director, with 1,400 workers on 38 sewing "
            "lines. We make woven shirts, workwear and school uniforms, around 4 million pieces a year on "
            "FOB and CMT terms, ISO 9001 certified and social-compliance audited. We want to source "
            "Azerbaijani cotton yarn and fabric, and to find workwear buyers among Caspian oil, gas and "
            "construction companies."
        ),
    },
    {
        "name": "StrideWorks Footwear Co., Ltd",
        "country": "VN",
        "city": "Biên Hòa",
        "sectors": ["light-industry"],
        "founded": 2006,
        "size": "large",
        "languages": ["vi", "en", "ko"],
        "women_led": False,
        "website": "https://strideworks.example",
        "contact_person": "Đặng Quốc Bảo",
        "phone": "+84 251 3836 524",
        "description": (
            "Produces athletic, casual and safety footwear for private labels, about 6 million pairs a year "
            "from two factories with 3,200 employees in Đồng Nai. We are ISO 9001 and ISO 14001 certified "
            "and make steel-toe safety boots to EN ISO 20345. We are looking for Azerbaijani distributors, "
            "with safety boots for oilfield and construction crews as a priority."
        ),
    },
    {
        "name": "Hưng Yên Cotton Spinning JSC",
        "country": "VN",
        "city": "Hưng Yên",
        "sectors": ["light-industry", "trade"],
        "founded": 2003,
        "size": "medium",
        "languages": ["vi", "en", "zh"],
        "women_led": False,
        "website": "https://hungyenspinning.example",
        "contact_person": "Dương Văn Sơn",
        "phone": "+84 221 3862 705",
        "description": (
            "Spinning mill with 60,000 spindles and 230 staff producing 100% cotton and CVC ring-spun yarn "
            "for knitters and weavers in northern Vietnam, about 11,000 tonnes a year. All our cotton fibre "
            "is imported, today mostly from the United States, Brazil and Central Asia. We want to qualify "
            "Azerbaijani ginneries as a regular fibre supplier and would consider a multi-year offtake "
            "contract."
        ),
    },
    {
        "name": "Bắc Ninh Precision Electronics JSC",
        "country": "VN",
        "city": "Bắc Ninh",
        "sectors": ["electronics-machinery"],
        "founded": 2013,
        "size": "large",
        "languages": ["vi", "en", "ko"],
        "women_led": False,
        "website": "https://bnprecision.example",
        "contact_person": "Trần Văn Hùng",
        "phone": "+84 222 3734 860",
        "description": (
            "Electronics manufacturing services provider with 2,100 staff making SMT-assembled boards, "
            "camera modules, chargers and cables for smartphone and tablet makers in the Bắc Ninh cluster. "
            "We are ISO 9001, ISO 14001 and IATF 16949 certified. We are looking for Azerbaijani "
            "distributors, telecom operators and system integrators who need contract manufacturing of IoT "
            "devices, smart meters and accessories."
        ),
    },
    {
        "name": "Hải Phòng Cable & Wire JSC",
        "country": "VN",
        "city": "Hải Phòng",
        "sectors": ["electronics-machinery", "construction"],
        "founded": 2000,
        "size": "medium",
        "languages": ["vi", "en"],
        "women_led": False,
        "website": "https://haiphongcable.example",
        "contact_person": "Lê Đức Anh",
        "phone": "+84 225 3750 618",
        "description": (
            "Manufactures low- and medium-voltage power cable, building wire and solar DC cable from about "
            "18,000 tonnes of copper and aluminium a year, with 240 staff. Products are type-tested to IEC "
            "60502 and IEC 62930, and we export to Cambodia, Australia and the Middle East. We seek "
            "electrical contractors and distributors in Azerbaijan supplying housing, industrial parks and "
            "solar projects."
        ),
    },
    {
        "name": "Công ty CP Cơ khí Nông nghiệp Cửu Long",
        "country": "VN",
        "city": "Tân An",
        "sectors": ["electronics-machinery", "agriculture-food"],
        "founded": 1996,
        "size": "medium",
        "languages": ["vi", "en"],
        "women_led": False,
        "website": "https://cuulongagrimech.example",
        "contact_person": "Hồ Tấn Lộc",
        "phone": "+84 272 3826 349",
        "description": (
            "Builds post-harvest machinery for rice, coffee and grain: paddy dryers, hullers, polishers, "
            "colour sorters and complete mills from 2 to 20 tonnes per hour. We have about 1,500 "
            "installations in Vietnam, Cambodia and West Africa and employ 190 people. We want Azerbaijani "
            "dealers to offer grain dryers and compact processing lines to farms and agro-parks in "
            "Azerbaijan."
        ),
    },
    {
        "name": "Nắng Việt Solar Energy JSC",
        "country": "VN",
        "city": "Phan Rang – Tháp Chàm",
        "sectors": ["renewable-energy", "construction"],
        "founded": 2017,
        "size": "small",
        "languages": ["vi", "en"],
        "women_led": True,
        "website": "https://nangvietsolar.example",
        "contact_person": "Bùi Thanh Hà",
        "phone": "+84 259 3830 477",
        "description": (
            "Solar EPC contractor founded by two women engineers, with 45 staff and 210 MWp of rooftop and "
            "ground-mounted plants built in Ninh Thuận and along the south-central coast. We design, "
            "install and operate systems from 100 kWp to 50 MWp and train local maintenance technicians. We "
            "seek Azerbaijani developers and factory rooftop owners, and partners for joint bids on solar "
            "projects in Azerbaijan."
        ),
    },
    {
        "name": "Công ty CP Năng lượng Tái tạo Phương Nam",
        "country": "VN",
        "city": "Thành phố Hồ Chí Minh",
        "sectors": ["renewable-energy", "electronics-machinery"],
        "founded": 2014,
        "size": "medium",
        "languages": ["vi", "en", "ja"],
        "women_led": False,
        "website": "https://phuongnamenergy.example",
        "contact_person": "Nguyễn Hoàng Long",
        "phone": "+84 28 3910 2748",
        "description": (
            "Assembles hybrid solar inverters and lithium iron phosphate battery cabinets from 5 to 500 kWh "
            "at a plant in Thủ Đức, with 120 staff and an output of about 40 MWh of storage a year. "
            "Products are certified to IEC 62109 and IEC 62619. We want distributors and installers in "
            "Azerbaijan and the South Caucasus for commercial, farm and off-grid storage systems."
        ),
    },
    {
        "name": "Lotus Code Studio JSC",
        "country": "VN",
        "city": "Đà Nẵng",
        "sectors": ["digital-economy"],
        "founded": 2016,
        "size": "medium",
        "languages": ["vi", "en", "ja"],
        "women_led": True,
        "website": "https://lotuscode.example",
        "contact_person": "Hoàng Minh Thư",
        "phone": "+84 236 3565 204",
        "description": (
            "Software development company co-founded and run by women, with 160 engineers building web and "
            "mobile apps, logistics dashboards and ERP integrations for clients in Japan, Singapore and "
            "Europe. We are ISO 27001 certified and our teams work in English and Japanese. We are looking "
            "for Azerbaijani companies and banks that need dedicated development teams, and for a partner "
            "to handle pre-sales in Baku."
        ),
    },
    {
        "name": "Hanoi NexaPay Technology JSC",
        "country": "VN",
        "city": "Hà Nội",
        "sectors": ["digital-economy"],
        "founded": 2018,
        "size": "small",
        "languages": ["vi", "en"],
        "women_led": False,
        "website": "https://nexapay.example",
        "contact_person": "Phạm Quang Huy",
        "phone": "+84 24 3795 6621",
        "description": (
            "Fintech company with 42 staff providing a payment gateway, QR payments and e-invoicing "
            "software to about 3,000 Vietnamese SMEs, and compliant with PCI DSS. We want to partner with "
            "an Azerbaijani payment institution on cross-border QR payments and on faster settlement for "
            "small traders between the two countries."
        ),
    },
    {
        "name": "Chợ Số Cross-Border Commerce JSC",
        "country": "VN",
        "city": "Thành phố Hồ Chí Minh",
        "sectors": ["digital-economy", "trade"],
        "founded": 2019,
        "size": "small",
        "languages": ["vi", "en", "zh"],
        "women_led": False,
        "website": "https://chosocommerce.example",
        "contact_person": "Lý Gia Bảo",
        "phone": "+84 28 3622 8145",
        "description": (
            "Runs a B2B export marketplace and fulfilment service listing about 900 Vietnamese food, "
            "home-goods and cosmetics manufacturers for foreign buyers. Our 35 staff handle sampling, "
            "consolidation of mixed containers and export paperwork. We want Azerbaijani wholesalers and "
            "online retailers to order mixed-product containers, and a warehouse partner in Baku."
        ),
    },
    {
        "name": "Hải Phòng Gateway Logistics JSC",
        "country": "VN",
        "city": "Hải Phòng",
        "sectors": ["transport-logistics"],
        "founded": 2008,
        "size": "medium",
        "languages": ["vi", "en", "zh", "ru"],
        "women_led": False,
        "website": "https://hpgateway.example",
        "contact_person": "Đinh Văn Toàn",
        "phone": "+84 225 3842 771",
        "description": (
            "International freight forwarder and customs broker with 130 staff and offices in Hải Phòng, Hà "
            "Nội and Lạng Sơn. We handle sea freight, cross-border trucking into China and rail containers "
            "from Đồng Đăng towards Central Asia and Europe. We are building a Vietnam–Caspian service and "
            "want partners at the port of Baku in Ələt and on the Baku–Tbilisi–Kars railway for through "
            "bills of lading."
        ),
    },
    {
        "name": "Saigon ColdLink Logistics Co., Ltd",
        "country": "VN",
        "city": "Thành phố Hồ Chí Minh",
        "sectors": ["transport-logistics", "agriculture-food"],
        "founded": 2012,
        "size": "medium",
        "languages": ["vi", "en"],
        "women_led": False,
        "website": "https://saigoncoldlink.example",
        "contact_person": "Trịnh Minh Tâm",
        "phone": "+84 28 3770 4592",
        "description": (
            "Cold-chain operator with 22,000 pallet positions in Bình Dương and Long An, 85 refrigerated "
            "trucks and a reefer container booking desk. Our clients are seafood, fruit and dairy "
            "exporters, and our warehouses are HACCP certified. We want Azerbaijani frozen-food importers "
            "and a Baku cold-store partner to run temperature-controlled door-to-door shipments."
        ),
    },
    {
        "name": "Đà Nẵng Coastal Infrastructure JSC",
        "country": "VN",
        "city": "Đà Nẵng",
        "sectors": ["construction"],
        "founded": 1999,
        "size": "large",
        "languages": ["vi", "en"],
        "women_led": False,
        "website": "https://dncoastalinfra.example",
        "contact_person": "Trương Công Định",
        "phone": "+84 236 3822 915",
        "description": (
            "General contractor for ports, bridges, industrial buildings and coastal roads, with 850 staff "
            "and its own precast-concrete yard. Recent work includes a container berth extension and three "
            "industrial parks in central Vietnam. We are interested in subcontracting and joint-venture "
            "roles in Azerbaijani infrastructure and port projects, and in importing bitumen and steel from "
            "Azerbaijan."
        ),
    },
    {
        "name": "Bình Thuận Titanium Minerals JSC",
        "country": "VN",
        "city": "Phan Thiết",
        "sectors": ["mining"],
        "founded": 2005,
        "size": "medium",
        "languages": ["vi", "en", "zh"],
        "women_led": False,
        "website": "https://btitanium.example",
        "contact_person": "Nguyễn Văn Thạch",
        "phone": "+84 252 3821 366",
        "description": (
            "Mines and separates heavy-mineral sands on a 1,200-hectare coastal lease, producing about "
            "60,000 tonnes a year of ilmenite, zircon and rutile concentrates with 170 staff. We are ISO "
            "14001 certified and rehabilitate mined land progressively. We want to exchange "
            "mineral-processing know-how with Azerbaijani mining companies and are seeking buyers of zircon "
            "flour among ceramic tile plants in the Caucasus."
        ),
    },
    {
        "name": "Hội An Heritage Travel Co., Ltd",
        "country": "VN",
        "city": "Hội An",
        "sectors": ["tourism"],
        "founded": 2011,
        "size": "small",
        "languages": ["vi", "en", "ru"],
        "women_led": True,
        "website": "https://hoianheritage.example",
        "contact_person": "Lê Thị Thu Trang",
        "phone": "+84 235 3916 284",
        "description": (
            "Woman-owned inbound tour operator with 28 staff, running cultural, culinary and beach "
            "itineraries in Hội An, Huế and Đà Nẵng for about 12,000 guests a year. We hold an "
            "international travel licence and guide in English and Russian. We want Azerbaijani travel "
            "agencies to send groups to central Vietnam, and would build Caucasus packages to Baku, Şəki "
            "and Qəbələ for Vietnamese travellers."
        ),
    },
    {
        "name": "Nha Trang Bay Resort & Spa JSC",
        "country": "VN",
        "city": "Nha Trang",
        "sectors": ["tourism"],
        "founded": 2010,
        "size": "large",
        "languages": ["vi", "en", "ru", "zh"],
        "women_led": False,
        "website": "https://nhatrangbayresort.example",
        "contact_person": "Phan Văn Lực",
        "phone": "+84 258 3524 808",
        "description": (
            "Beachfront resort on Nha Trang Bay with 420 rooms, a conference centre for 600 people and 310 "
            "staff. Most guests come from Russia, Kazakhstan, Korea and China, and our front office "
            "includes Russian-speaking staff. We want to work with Azerbaijani tour operators and MICE "
            "agencies, especially on winter charter flights and incentive groups."
        ),
    },
    {
        "name": "Bình Dương Plastic Packaging JSC",
        "country": "VN",
        "city": "Thủ Dầu Một",
        "sectors": ["light-industry", "petrochemicals-oil-gas"],
        "founded": 2007,
        "size": "medium",
        "languages": ["vi", "en", "zh"],
        "women_led": False,
        "website": "https://bdplasticpack.example",
        "contact_person": "Mai Xuân Trường",
        "phone": "+84 274 3822 583",
        "description": (
            "Makes woven polypropylene sacks, FIBC bulk bags and laminated packaging for rice, fertiliser "
            "and animal feed, converting about 24,000 tonnes of PP resin a year with 230 staff. We are ISO "
            "9001 and BRCGS Packaging certified. We want a direct term contract for raffia-grade "
            "polypropylene from Azerbaijan, and buyers of bulk bags among Azerbaijani fertiliser and grain "
            "shippers."
        ),
    },
    {
        "name": "Vũng Tàu Offshore Engineering JSC",
        "country": "VN",
        "city": "Vũng Tàu",
        "sectors": ["petrochemicals-oil-gas", "electronics-machinery"],
        "founded": 2002,
        "size": "large",
        "languages": ["vi", "en", "ru"],
        "women_led": False,
        "website": "https://vtoffshore.example",
        "contact_person": "Lâm Quốc Việt",
        "phone": "+84 254 3839 217",
        "description": (
            "Fabricates and maintains offshore jackets, topside modules, pressure vessels and piping "
            "spools, with 1,050 staff and a 14-hectare fabrication yard. We work to ASME and ISO 3834 "
            "quality requirements, and many of our senior engineers speak Russian. We want subcontract work "
            "and partnerships with Azerbaijani oilfield service companies on Caspian brownfield upgrades "
            "and decommissioning."
        ),
    },
    {
        "name": "Hà Nội Caspian Trading Co., Ltd",
        "country": "VN",
        "city": "Hà Nội",
        "sectors": ["trade", "agriculture-food"],
        "founded": 2016,
        "size": "small",
        "languages": ["vi", "en", "ru"],
        "women_led": True,
        "website": "https://hncaspiantrading.example",
        "contact_person": "Phạm Thu Hằng",
        "phone": "+84 24 3935 2178",
        "description": (
            "Woman-owned importer supplying hazelnuts, dried apricots, pomegranate juice and sunflower oil "
            "from the Caucasus and Central Asia to 400 supermarkets and bakeries in northern Vietnam. The "
            "founder studied in Baku and our team of 18 works in Vietnamese, English and Russian. We buy "
            "about 40 containers a year and want exclusive supply agreements with Azerbaijani hazelnut, "
            "juice and jam producers."
        ),
    },
    # Azerbaijan
    {
        "name": "Xəzər Fındıq MMC",
        "country": "AZ",
        "city": "Zaqatala",
        "sectors": ["agriculture-food", "trade"],
        "founded": 2008,
        "size": "medium",
        "languages": ["az", "ru", "en", "tr"],
        "women_led": False,
        "website": "https://xezerfindiq.example",
        "contact_person": "Elçin Babayev",
        "phone": "+994 24 223 41 18",
        "description": (
            "Buys, cracks and grades hazelnuts from some 2,000 growers in Zaqatala, Qax and Balakən, "
            "shipping about 8,000 tonnes of kernels a year in natural, blanched, roasted and diced form. "
            "The plant is FSSC 22000 and Halal certified, with aflatoxin testing in our own laboratory, and "
            "most kernels go to the EU, Russia and Türkiye. We seek Vietnamese confectionery, bakery and "
            "snack makers, and would buy Vietnamese cashews for mixed-nut products."
        ),
    },
    {
        "name": "Göyçay Nar Məhsulları MMC",
        "country": "AZ",
        "city": "Göyçay",
        "sectors": ["agriculture-food"],
        "founded": 2005,
        "size": "medium",
        "languages": ["az", "ru", "en"],
        "women_led": False,
        "website": "https://goycaynar.example",
        "contact_person": "Vüqar Kərimov",
        "phone": "+994 20 272 18 46",
        "description": (
            "Grows pomegranates on 450 hectares and processes about 15,000 tonnes of fruit a season into "
            "not-from-concentrate juice, concentrate, narşərab sauce and fresh arils. We are HACCP and ISO "
            "22000 certified and export to Russia, the Gulf and Central Asia. We want Vietnamese juice and "
            "beverage importers, and are interested in Vietnamese tropical fruit purées for blended juices."
        ),
    },
    {
        "name": "Quba Bağları MMC",
        "country": "AZ",
        "city": "Quba",
        "sectors": ["agriculture-food"],
        "founded": 2012,
        "size": "medium",
        "languages": ["az", "ru", "en"],
        "women_led": False,
        "website": "https://qubabaglari.example",
        "contact_person": "Ramil Şükürov",
        "phone": "+994 23 335 27 64",
        "description": (
            "Intensive apple and pear orchard of 620 hectares with drip irrigation, hail nets and a "
            "12,000-tonne controlled-atmosphere store, employing 160 people year-round. We are GlobalG.A.P. "
            "certified and ship fresh apples to Russia, the Gulf and Kazakhstan. We are looking for "
            "Vietnamese fruit importers ahead of the Tết season, and for reefer routes via Georgian ports "
            "or by rail through Central Asia."
        ),
    },
    {
        "name": "Lənkəran Çay və Sitrus MMC",
        "country": "AZ",
        "city": "Lənkəran",
        "sectors": ["agriculture-food"],
        "founded": 2003,
        "size": "small",
        "languages": ["az", "ru", "fa", "en"],
        "women_led": True,
        "website": "https://lenkerancay.example",
        "contact_person": "Gülnarə Talıbova",
        "phone": "+994 25 255 63 12",
        "description": (
            "Women-led tea and citrus grower managing 220 hectares of tea gardens and 80 hectares of "
            "mandarin and feijoa orchards, with 48 permanent staff and seasonal pickers. We produce about "
            "350 tonnes of black tea and 1,500 tonnes of citrus a year. We want to learn green-tea "
            "processing from Vietnamese tea companies, to import Vietnamese tea for blending, and to find "
            "buyers for our black tea."
        ),
    },
    {
        "name": "Bakı Qida Distribusiya MMC",
        "country": "AZ",
        "city": "Bakı",
        "sectors": ["trade", "agriculture-food", "transport-logistics"],
        "founded": 2001,
        "size": "large",
        "languages": ["az", "ru", "en", "tr"],
        "women_led": False,
        "website": "https://bakiqida.example",
        "contact_person": "Rəşad Nəsirov",
        "phone": "+994 12 497 35 80",
        "description": (
            "Food importer and distributor serving 2,600 supermarkets, grocery shops and restaurants across "
            "Azerbaijan from a 25,000 m² warehouse near Bakı, with a fleet of 140 trucks and 520 staff. We "
            "import rice, canned fish, spices, coffee, tea and frozen seafood, today mostly through Türkiye "
            "and the Gulf. We want to buy directly from Vietnamese producers of rice, coffee, seafood and "
            "canned goods, including under our own private labels."
        ),
    },
    {
        "name": "Abşeron Qəhvə Evi MMC",
        "country": "AZ",
        "city": "Bakı",
        "sectors": ["agriculture-food", "trade"],
        "founded": 2014,
        "size": "small",
        "languages": ["az", "ru", "en"],
        "women_led": True,
        "website": "https://abseronqehve.example",
        "contact_person": "Aynur Məmmədova",
        "phone": "+994 12 565 28 14",
        "description": (
            "Coffee roastery founded by a woman barista trainer, roasting about 300 tonnes a year for 180 "
            "cafés, hotels and offices in Bakı and Sumqayıt and running a barista school, with 34 staff. We "
            "currently buy green coffee through European traders. We want direct supply of Robusta and "
            "Arabica from Vietnamese exporters, starting with mixed container loads, and are open to "
            "co-branding Vietnamese coffee."
        ),
    },
    {
        "name": "Dəniz Nemətləri Ticarət MMC",
        "country": "AZ",
        "city": "Bakı",
        "sectors": ["trade", "agriculture-food"],
        "founded": 2010,
        "size": "small",
        "languages": ["az", "ru", "en", "tr"],
        "women_led": False,
        "website": "https://deniznemetleri.example",
        "contact_person": "Tural Cəfərov",
        "phone": "+994 12 447 61 09",
        "description": (
            "Importer and wholesaler of frozen fish and seafood with 3,000 tonnes of cold storage in the "
            "Qaradağ district and 40 staff, selling about 6,000 tonnes a year to retailers, restaurants and "
            "caterers. Our range includes pangasius fillet, shrimp, hake and salmon, all Halal-compliant. "
            "We are seeking Vietnamese pangasius and shrimp processors for direct contracts, and reliable "
            "sea–rail reefer routes."
        ),
    },
    {
        "name": "Xəzər Polimer Sənaye ASC",
        "country": "AZ",
        "city": "Sumqayıt",
        "sectors": ["petrochemicals-oil-gas"],
        "founded": 2013,
        "size": "large",
        "languages": ["az", "ru", "en", "tr"],
        "women_led": False,
        "website": "https://xezerpolimer.example",
        "contact_person": "Fərid Əhmədov",
        "phone": "+994 18 642 17 55",
        "description": (
            "Polypropylene producer in the Sumqayıt Chemical Industrial Park with capacity for 150,000 "
            "tonnes a year of homopolymer and random copolymer grades for raffia, film, fibre and injection "
            "moulding, and 620 staff. Most output is exported to Türkiye, Europe and China. We want "
            "Vietnamese makers of woven sacks, packaging and technical textiles as term customers, shipping "
            "via Georgian Black Sea ports."
        ),
    },
    {
        "name": "Azot Trade Caspian MMC",
        "country": "AZ",
        "city": "Sumqayıt",
        "sectors": ["petrochemicals-oil-gas", "trade"],
        "founded": 2018,
        "size": "micro",
        "languages": ["az", "ru", "en"],
        "women_led": False,
        "website": "https://azottrade.example",
        "contact_person": "Kamran Qasımov",
        "phone": "+994 18 655 40 91",
        "description": (
            "Trading house with nine staff marketing granular urea and ammonium-based fertilisers from "
            "Azerbaijani plants, about 350,000 tonnes a year in bulk vessels and big bags. We manage rail "
            "haulage to the Georgian ports of Batumi and Poti and vessel loading there. We seek Vietnamese "
            "and Southeast Asian fertiliser distributors and blenders for regular cargoes, and suppliers of "
            "bulk bags."
        ),
    },
    {
        "name": "Abşeron Neft Servis MMC",
        "country": "AZ",
        "city": "Bakı",
        "sectors": ["petrochemicals-oil-gas", "electronics-machinery"],
        "founded": 1997,
        "size": "large",
        "languages": ["az", "ru", "en", "tr"],
        "women_led": False,
        "website": "https://abseronneftservis.example",
        "contact_person": "Elnur Zeynalov",
        "phone": "+994 12 404 58 23",
        "description": (
            "Oilfield service company with 780 staff providing well workover, coiled tubing, cementing and "
            "equipment repair for onshore and shallow-water fields on the Abşeron peninsula. We are ISO "
            "9001, ISO 14001 and ISO 45001 certified, and our machine shop repairs pumps, valves and "
            "wellheads. We want Vietnamese fabrication partners for spools, skids and spare parts, and "
            "would share brownfield experience with Vietnamese operators."
        ),
    },
    {
        "name": "Neftçala Bitum MMC",
        "country": "AZ",
        "city": "Neftçala",
        "sectors": ["petrochemicals-oil-gas", "construction"],
        "founded": 2011,
        "size": "medium",
        "languages": ["az", "ru"],
        "women_led": False,
        "website": "https://neftcalabitum.example",
        "contact_person": "Zaur Mustafayev",
        "phone": "+994 21 335 19 72",
        "description": (
            "Produces paving-grade bitumen, polymer-modified bitumen and bitumen emulsions, about 90,000 "
            "tonnes a year, for road contractors in Azerbaijan and Georgia. We employ 150 people and test "
            "to EN 12591 in our own laboratory. We want to export bitumen in drums and bulk bags to Vietnam "
            "and are looking for importers and road contractors there."
        ),
    },
    {
        "name": "Ələt Liman Ekspeditor MMC",
        "country": "AZ",
        "city": "Ələt",
        "sectors": ["transport-logistics"],
        "founded": 2017,
        "size": "medium",
        "languages": ["az", "ru", "en", "tr"],
        "women_led": True,
        "website": "https://eletliman.example",
        "contact_person": "Leyla Quliyeva",
        "phone": "+994 12 497 86 20",
        "description": (
            "Freight forwarder at the port of Baku in Ələt, managed by a woman with 15 years in Caspian "
            "shipping. Our 60 staff book ferry and Ro-Ro space to Aktau and Kuryk, stuff and strip "
            "containers, clear customs and run warehouses in the Ələt free economic zone. We want "
            "Vietnamese forwarders and exporters to route cargo along the Middle Corridor, with us as their "
            "single point of contact in Azerbaijan."
        ),
    },
    {
        "name": "Xəzər-Qafqaz Dəmiryol Logistika MMC",
        "country": "AZ",
        "city": "Bakı",
        "sectors": ["transport-logistics"],
        "founded": 2015,
        "size": "medium",
        "languages": ["az", "ru", "en", "zh"],
        "women_led": False,
        "website": "https://xqlogistika.example",
        "contact_person": "Orxan Səfərov",
        "phone": "+994 12 310 47 26",
        "description": (
            "Rail logistics operator with 95 staff running block trains and wagon consignments on the "
            "Baku–Tbilisi–Kars railway and to Georgian Black Sea ports. We lease 400 containers and 120 "
            "flat wagons and run a weekly China–Caspian–Europe service. We are looking for Vietnamese "
            "shippers and forwarders to send containers from Vietnam through China and Kazakhstan to "
            "Azerbaijan, Türkiye and Europe."
        ),
    },
    {
        "name": "Gəncə Xalça Emalatxanası MMC",
        "country": "AZ",
        "city": "Gəncə",
        "sectors": ["light-industry", "trade"],
        "founded": 2009,
        "size": "small",
        "languages": ["az", "ru", "en", "tr"],
        "women_led": True,
        "website": "https://gencexalca.example",
        "contact_person": "Nərgiz Həsənova",
        "phone": "+994 22 256 47 31",
        "description": (
            "Handmade carpet workshop founded by a master weaver, employing 42 women weavers in Gəncə and "
            "nearby villages and producing about 600 m² of knotted and flat-woven carpets a year from "
            "naturally dyed wool. We also make rugs, bags and cushions for hotels and gift shops. We want "
            "Vietnamese hotels, interior designers and boutique retailers as buyers, and would work with "
            "Vietnamese craft villages on mixed-material products."
        ),
    },
    {
        "name": "Bərpa Tikinti ASC",
        "country": "AZ",
        "city": "Bakı",
        "sectors": ["construction"],
        "founded": 2006,
        "size": "large",
        "languages": ["az", "ru", "en", "tr"],
        "women_led": False,
        "website": "https://berpatikinti.example",
        "contact_person": "Anar Novruzov",
        "phone": "+994 12 437 90 14",
        "description": (
            "General contractor with 1,600 staff building housing, schools, roads and utility networks, "
            "including the reconstruction of towns and villages in the Karabakh economic region. We run our "
            "own concrete plants and heavy-equipment fleet. We are looking for Vietnamese suppliers of "
            "cable, steel structures, ceramic tiles and prefabricated building systems, and for experienced "
            "subcontractors for large housing projects."
        ),
    },
    {
        "name": "Bakı Elektronika Distribusiya MMC",
        "country": "AZ",
        "city": "Bakı",
        "sectors": ["trade", "electronics-machinery"],
        "founded": 2004,
        "size": "medium",
        "languages": ["az", "ru", "en", "tr"],
        "women_led": False,
        "website": "https://bakielektronika.example",
        "contact_person": "İlqar Bağırov",
        "phone": "+994 12 480 22 67",
        "description": (
            "Distributor of smartphones, accessories, small household appliances and IT equipment to 850 "
            "retailers and telecom shops in Azerbaijan and Georgia, with 110 staff and an authorised "
            "service centre. We currently source through Dubai and Istanbul. We want direct contracts with "
            "Vietnamese electronics factories and private-label makers of phone accessories, fans and "
            "kitchen appliances."
        ),
    },
    {
        "name": "Qafqaz Qızıl Kəşfiyyat MMC",
        "country": "AZ",
        "city": "Gədəbəy",
        "sectors": ["mining"],
        "founded": 2012,
        "size": "medium",
        "languages": ["az", "ru", "en"],
        "women_led": False,
        "website": "https://qafqazqizil.example",
        "contact_person": "Emin Vəliyev",
        "phone": "+994 22 324 11 85",
        "description": (
            "Gold and copper explorer and small producer holding two licences covering 160 km² in the "
            "Gədəbəy–Daşkəsən belt, with a heap-leach operation producing about 9,000 ounces of gold a "
            "year. We employ 140 people and manage environmental performance to ISO 14001. We are seeking "
            "drilling contractors, assay laboratories and suppliers of processing equipment, and buyers of "
            "copper concentrate."
        ),
    },
    {
        "name": "Daşkəsən Filiz Emal MMC",
        "country": "AZ",
        "city": "Daşkəsən",
        "sectors": ["mining"],
        "founded": 2016,
        "size": "large",
        "languages": ["az", "ru"],
        "women_led": False,
        "website": "https://daskesenfiliz.example",
        "contact_person": "Samir Həsənli",
        "phone": "+994 22 315 62 09",
        "description": (
            "Mines magnetite iron ore and produces about 1 million tonnes a year of 62% Fe concentrate for "
            "steelmakers in the region, with 420 employees. We are restarting a second beneficiation line "
            "and need crushing, grinding and magnetic separation equipment. We are open to offtake talks "
            "with Vietnamese steel mills and to partners for rail logistics to the Black Sea ports."
        ),
    },
    {
        "name": "Naxçıvan Mineral Resurslar MMC",
        "country": "AZ",
        "city": "Naxçıvan",
        "sectors": ["mining", "construction"],
        "founded": 2010,
        "size": "medium",
        "languages": ["az", "ru", "tr"],
        "women_led": False,
        "website": "https://naxcivanmineral.example",
        "contact_person": "Cavid Əsgərov",
        "phone": "+994 36 545 28 71",
        "description": (
            "Quarries and processes travertine, marble and onyx in the Naxçıvan Autonomous Republic with "
            "130 staff, and explores a copper–molybdenum prospect in the Ordubad district. We produce about "
            "40,000 m² of slabs and tiles a year for building projects in Azerbaijan and Türkiye. We are "
            "looking for Vietnamese stone importers and builders, and for Vietnamese stone-processing "
            "machinery."
        ),
    },
    {
        "name": "Günəş Enerji Həlləri MMC",
        "country": "AZ",
        "city": "Bakı",
        "sectors": ["renewable-energy", "construction"],
        "founded": 2019,
        "size": "small",
        "languages": ["az", "ru", "en"],
        "women_led": True,
        "website": "https://gunesenerji.example",
        "contact_person": "Səbinə Hüseynova",
        "phone": "+994 12 525 73 40",
        "description": (
            "Solar installer founded by a woman electrical engineer, with 30 staff and 14 MWp of rooftop "
            "and agricultural systems installed for factories, greenhouses and schools. We design grid-tied "
            "and hybrid systems under Azerbaijan's renewable energy rules and offer maintenance contracts. "
            "We are looking for Vietnamese suppliers of modules, inverters, cable and batteries, and for "
            "EPC partners for larger ground-mounted projects."
        ),
    },
    {
        "name": "Kür Hidro Enerji MMC",
        "country": "AZ",
        "city": "Mingəçevir",
        "sectors": ["renewable-energy"],
        "founded": 2013,
        "size": "small",
        "languages": ["az", "ru", "en"],
        "women_led": False,
        "website": "https://kurhidro.example",
        "contact_person": "Rauf İbrahimov",
        "phone": "+994 24 274 38 12",
        "description": (
            "Develops and operates small hydropower plants on rivers and irrigation canals in the Kür "
            "basin: four plants totalling 18 MW, run by 38 staff. We also provide operation and maintenance "
            "services to municipal plants. We want Vietnamese manufacturers of small turbines, generators "
            "and control systems, and partners for floating solar on reservoirs."
        ),
    },
    {
        "name": "Şəki Dağ Evi Otel MMC",
        "country": "AZ",
        "city": "Şəki",
        "sectors": ["tourism"],
        "founded": 2015,
        "size": "small",
        "languages": ["az", "ru", "en", "tr"],
        "women_led": False,
        "website": "https://sekidagevi.example",
        "contact_person": "Natiq Məlikov",
        "phone": "+994 24 244 19 57",
        "description": (
            "Boutique mountain hotel with 48 rooms, a restaurant serving Şəki cuisine and 36 staff, a short "
            "walk from the historic centre. We organise silk-weaving, halva and craft workshops and hiking "
            "in the Greater Caucasus. We want Vietnamese tour operators and MICE agencies to include Şəki "
            "in their Azerbaijan and Georgia itineraries."
        ),
    },
    {
        "name": "Caspian Horizon Travel MMC",
        "country": "AZ",
        "city": "Bakı",
        "sectors": ["tourism"],
        "founded": 2012,
        "size": "small",
        "languages": ["az", "ru", "en", "tr", "ar"],
        "women_led": True,
        "website": "https://caspianhorizon.example",
        "contact_person": "Günel Əliyeva",
        "phone": "+994 12 598 44 16",
        "description": (
            "Destination management company owned and run by women, handling about 9,000 inbound guests a "
            "year in Azerbaijan and Georgia with 25 staff and licensed guides in six languages. We organise "
            "group tours, incentive trips and conferences in Bakı, Qəbələ and Şəki. We want Vietnamese "
            "outbound agencies as partners and are preparing Asian menus and Vietnamese-language materials "
            "for groups from Vietnam."
        ),
    },
    {
        "name": "ManatLink Fintech MMC",
        "country": "AZ",
        "city": "Bakı",
        "sectors": ["digital-economy"],
        "founded": 2020,
        "size": "micro",
        "languages": ["az", "ru", "en"],
        "women_led": True,
        "website": "https://manatlink.example",
        "contact_person": "Könül Rzayeva",
        "phone": "+994 12 555 91 30",
        "description": (
            "Fintech start-up founded by a former trade-finance banker, offering SME invoicing, "
            "multi-currency accounts and cross-border payment tracking through partner banks, with a team "
            "of eight. About 1,800 Azerbaijani exporters and importers use the platform. We want Vietnamese "
            "payment providers and banks as partners to cut the cost and time of payments between small "
            "traders in the two countries."
        ),
    },
    {
        "name": "Odlar Soft MMC",
        "country": "AZ",
        "city": "Bakı",
        "sectors": ["digital-economy"],
        "founded": 2011,
        "size": "medium",
        "languages": ["az", "en", "ru", "tr"],
        "women_led": False,
        "website": "https://odlarsoft.example",
        "contact_person": "Ruslan Hacıyev",
        "phone": "+994 12 408 36 52",
        "description": (
            "Software company with 90 developers building ERP, port and customs workflow systems and "
            "e-government integrations for public agencies and logistics companies. We also run a security "
            "operations centre for banks. We want Vietnamese software houses as delivery partners at peak "
            "demand and as co-developers of logistics and trade-documentation products for the Middle "
            "Corridor."
        ),
    },
    {
        "name": "Saatlı Pambıq Emalı MMC",
        "country": "AZ",
        "city": "Saatlı",
        "sectors": ["agriculture-food", "light-industry"],
        "founded": 2008,
        "size": "medium",
        "languages": ["az", "ru", "tr", "en"],
        "women_led": False,
        "website": "https://saatlipambiq.example",
        "contact_person": "Əli Məmmədli",
        "phone": "+994 21 266 54 13",
        "description": (
            "Contracts cotton growing on 9,000 hectares in Saatlı and Sabirabad and gins about 12,000 "
            "tonnes of lint a year, with 180 staff. Our lint is HVI-classed in our own laboratory and sold "
            "to spinners in Türkiye and Asia. We want Vietnamese spinning mills as long-term buyers and "
            "would consider investing in yarn or textile production with a Vietnamese partner."
        ),
    },
    # Elsewhere
    {
        "name": "Kuzeyçam Yapı ve Mühendislik A.Ş.",
        "country": "TR",
        "city": "İstanbul",
        "sectors": ["construction", "renewable-energy"],
        "founded": 1994,
        "size": "large",
        "languages": ["tr", "en", "az", "ru"],
        "women_led": False,
        "website": "https://kuzeycamyapi.example",
        "contact_person": "Murat Yıldırım",
        "phone": "+90 212 356 48 20",
        "description": (
            "Turkish contractor with 1,900 staff delivering industrial plants, hospitals, and wind and "
            "solar farms in Türkiye, Azerbaijan, Georgia and Central Asia, with a branch office in Baku "
            "since 2008. We are ISO 9001, ISO 14001 and ISO 45001 certified. We are seeking Vietnamese "
            "suppliers of steel structures, cable and solar components, and would form consortia with "
            "Vietnamese and Azerbaijani firms."
        ),
    },
    {
        "name": "Poti Black Sea Forwarding LLC",
        "country": "GE",
        "city": "Poti",
        "sectors": ["transport-logistics"],
        "founded": 2009,
        "size": "small",
        "languages": ["en", "ru", "az", "tr"],
        "women_led": False,
        "website": "https://potiforwarding.example",
        "contact_person": "Giorgi Beridze",
        "phone": "+995 493 22 41 57",
        "description": (
            "Georgian forwarder and customs broker at the ports of Poti and Batumi with 34 staff, handling "
            "containers, break-bulk and transit cargo between the Black Sea and Azerbaijan. We coordinate "
            "rail transit to Baku and trucking through the Red Bridge border crossing. We want Vietnamese "
            "forwarders and Azerbaijani importers to use Georgian ports for Asia–Caucasus container "
            "traffic."
        ),
    },
    {
        "name": "Aktau Caspian Shipping LLP",
        "country": "KZ",
        "city": "Aktau",
        "sectors": ["transport-logistics"],
        "founded": 2011,
        "size": "medium",
        "languages": ["ru", "en", "az", "zh"],
        "women_led": False,
        "website": "https://aktaushipping.example",
        "contact_person": "Nurlan Seitkali",
        "phone": "+7 7292 30 45 18",
        "description": (
            "Kazakh ship operator running three general-cargo vessels and chartered container feeders "
            "between Aktau, Kuryk and the port of Baku, with 110 shore and sea staff. We connect rail "
            "freight from China across Kazakhstan to the Trans-Caspian crossing. We are seeking Vietnamese "
            "and Azerbaijani forwarders for regular slot agreements on the Caspian leg."
        ),
    },
    {
        "name": "Straits Commodity Partners Pte. Ltd.",
        "country": "SG",
        "city": "Singapore",
        "sectors": ["trade", "petrochemicals-oil-gas", "agriculture-food"],
        "founded": 2014,
        "size": "small",
        "languages": ["en", "zh", "vi"],
        "women_led": True,
        "website": "https://straitscommodity.example",
        "contact_person": "Tan Mei Ling",
        "phone": "+65 6223 4817",
        "description": (
            "Trading house founded and led by a woman commodity trader, with 22 staff handling about US$180 "
            "million a year of polymers, fertilisers and food commodities between the Caspian, the Gulf and "
            "Southeast Asia. We structure letters of credit, trade finance and cargo insurance for "
            "mid-sized buyers. We want Azerbaijani polypropylene and urea suppliers and Vietnamese buyers, "
            "and can carry payment and shipping risk on first deals."
        ),
    },
    {
        "name": "Gulf Bridge General Trading LLC",
        "country": "AE",
        "city": "Dubai",
        "sectors": ["trade", "electronics-machinery"],
        "founded": 2006,
        "size": "small",
        "languages": ["ar", "en", "fa", "ru"],
        "women_led": False,
        "website": "https://gulfbridgetrading.example",
        "contact_person": "Karim Haddad",
        "phone": "+971 4 295 6138",
        "description": (
            "Re-export company with 40 staff supplying consumer electronics, mobile accessories and spare "
            "parts to wholesalers in Azerbaijan, Central Asia and the Caucasus. We hold stock in a Jebel "
            "Ali free-zone warehouse and consolidate orders for small buyers. We want to source directly "
            "from Vietnamese electronics and appliance factories to give Azerbaijani customers shorter lead "
            "times."
        ),
    },
    {
        "name": "Hanseatic Agri-Tech Machinery GmbH",
        "country": "DE",
        "city": "Hamburg",
        "sectors": ["electronics-machinery", "agriculture-food"],
        "founded": 1987,
        "size": "medium",
        "languages": ["de", "en", "ru"],
        "women_led": False,
        "website": "https://hanseatic-agritech.example",
        "contact_person": "Jens Albrecht",
        "phone": "+49 40 3076 2214",
        "description": (
            "Engineering firm with 160 staff designing and building processing lines for coffee, cocoa, "
            "nuts and dried fruit: roasters, hazelnut crackers, blanching and optical sorting equipment. We "
            "have installed lines in Vietnam and Türkiye and keep service engineers in Ho Chi Minh City. We "
            "are looking for Azerbaijani hazelnut and fruit processors upgrading their plants, and "
            "Vietnamese partners for local assembly and service."
        ),
    },
]


# The roles each demo company plays in trade (companies.Role slugs), by name: what makes the demo's suggestions
# tell a buyer from a likely competitor (a pepper exporter meets a spice importer, not another pepper exporter).
DEMO_ROLES: dict[str, list[str]] = {
    "Highland Bean Export JSC": ["producer", "exporter"],
    "Công ty TNHH Mekong Green Rice": ["producer", "exporter"],
    "Công ty CP Thủy sản Mũi Cà Mau": ["producer", "exporter"],
    "Sông Tiền Pangasius JSC": ["producer", "exporter"],
    "Bình Phước Cashew Processing Co., Ltd": ["producer", "exporter"],
    "Vĩnh Phúc Home Electronics JSC": ["producer", "exporter"],
    "Công ty TNHH Trà Đồi Sương": ["producer", "exporter"],
    "Mekong Fruit Processing JSC": ["producer", "exporter"],
    "Redriver Apparel Works JSC": ["producer", "exporter"],
    "StrideWorks Footwear Co., Ltd": ["producer", "exporter"],
    "Hưng Yên Cotton Spinning JSC": ["producer", "importer"],
    "Bắc Ninh Precision Electronics JSC": ["producer", "exporter"],
    "Hải Phòng Cable & Wire JSC": ["producer", "exporter", "importer"],
    "Công ty CP Cơ khí Nông nghiệp Cửu Long": ["producer", "exporter"],
    "Nắng Việt Solar Energy JSC": ["services", "importer"],
    "Công ty CP Năng lượng Tái tạo Phương Nam": ["producer", "exporter"],
    "Lotus Code Studio JSC": ["services"],
    "Hanoi NexaPay Technology JSC": ["services"],
    "Chợ Số Cross-Border Commerce JSC": ["importer", "retailer"],
    "Hải Phòng Gateway Logistics JSC": ["logistics"],
    "Saigon ColdLink Logistics Co., Ltd": ["logistics"],
    "Đà Nẵng Coastal Infrastructure JSC": ["services", "importer"],
    "Bình Thuận Titanium Minerals JSC": ["producer", "exporter"],
    "Hội An Heritage Travel Co., Ltd": ["services"],
    "Nha Trang Bay Resort & Spa JSC": ["services"],
    "Bình Dương Plastic Packaging JSC": ["producer", "importer", "exporter"],
    "Vũng Tàu Offshore Engineering JSC": ["producer", "exporter"],
    "Hà Nội Caspian Trading Co., Ltd": ["importer", "distributor"],
    "Xəzər Fındıq MMC": ["producer", "exporter"],
    "Göyçay Nar Məhsulları MMC": ["producer", "exporter"],
    "Quba Bağları MMC": ["producer", "exporter"],
    "Lənkəran Çay və Sitrus MMC": ["producer", "exporter"],
    "Bakı Qida Distribusiya MMC": ["importer", "distributor"],
    "Abşeron Qəhvə Evi MMC": ["importer", "producer"],
    "Dəniz Nemətləri Ticarət MMC": ["importer", "distributor"],
    "Xəzər Polimer Sənaye ASC": ["producer", "exporter"],
    "Azot Trade Caspian MMC": ["exporter", "distributor"],
    "Abşeron Neft Servis MMC": ["services", "importer"],
    "Neftçala Bitum MMC": ["producer", "exporter"],
    "Ələt Liman Ekspeditor MMC": ["logistics"],
    "Xəzər-Qafqaz Dəmiryol Logistika MMC": ["logistics"],
    "Gəncə Xalça Emalatxanası MMC": ["producer", "exporter"],
    "Bərpa Tikinti ASC": ["services", "importer"],
    "Bakı Elektronika Distribusiya MMC": ["importer", "distributor"],
    "Qafqaz Qızıl Kəşfiyyat MMC": ["producer", "investor"],
    "Daşkəsən Filiz Emal MMC": ["producer", "exporter"],
    "Naxçıvan Mineral Resurslar MMC": ["producer", "exporter"],
    "Günəş Enerji Həlləri MMC": ["services", "importer"],
    "Kür Hidro Enerji MMC": ["producer", "investor"],
    "Şəki Dağ Evi Otel MMC": ["services"],
    "Caspian Horizon Travel MMC": ["services"],
    "ManatLink Fintech MMC": ["services"],
    "Odlar Soft MMC": ["services"],
    "Saatlı Pambıq Emalı MMC": ["producer", "exporter"],
    "Kuzeyçam Yapı ve Mühendislik A.Ş.": ["services", "importer"],
    "Poti Black Sea Forwarding LLC": ["logistics"],
    "Aktau Caspian Shipping LLP": ["logistics"],
    "Straits Commodity Partners Pte. Ltd.": ["importer", "exporter", "distributor"],
    "Gulf Bridge General Trading LLC": ["importer", "exporter", "distributor"],
    "Hanseatic Agri-Tech Machinery GmbH": ["producer", "exporter"],
}
