"""Demo sector briefs: agriculture and food processing, logistics, renewable energy, in English, Vietnamese and
Azerbaijani, labelled as demo content.

Qualitative only: what the source article says about the sectors (shared/context/source-article.txt) and
well-known facts about standards, routes and institutions. No figure is invented here; the trade page holds the
sourced figures. Idempotent: a brief is looked up by its slug and left alone when it exists.
"""

from django.db import transaction

from companies.models import Sector
from market.models import BriefText, SectorBrief

VIETRADE = "VIETRADE — Vietnam Trade Promotion Agency: https://vietrade.gov.vn"
AZPROMO = "AZPROMO — Azerbaijan Export and Investment Promotion Agency: https://azpromo.az"

# slug (of the sector and of its brief) → {language: {field: text}}
BRIEFS: dict[str, dict[str, dict[str, str]]] = {
    "agriculture-food": {
        "en": {
            "title": "Agriculture and food processing: trading between Vietnam and Azerbaijan",
            "summary": (
                "Processed agricultural products are one of the areas where Vietnamese companies are exploring "
                "opportunities in Azerbaijan, and one where Azerbaijan has said it wants to expand cooperation. "
                "This brief sums up what each side offers, the certificates buyers ask for and how goods travel."
            ),
            "trade": (
                "Vietnam is a major world exporter of rice, coffee, pepper, cashew nuts, seafood and tropical "
                "fruit, with a broad food-processing industry (instant noodles, dried and canned fruit, "
                "confectionery, sauces).\n\n"
                "Azerbaijan grows and exports hazelnuts, pomegranates and pomegranate products, fresh fruit and "
                "vegetables, tea and wine. It imports rice, coffee, spices and many processed foods.\n\n"
                "Both sides therefore have something the other buys: Vietnamese rice, coffee, spices and processed "
                "food for Azerbaijani importers and retailers; Azerbaijani hazelnuts, dried fruit and juices for "
                "Vietnamese food processors and distributors."
            ),
            "standards": (
                "Food safety management: importers commonly ask for HACCP, ISO 22000 or FSSC 22000 certification "
                "of the producer.\n\n"
                "Plant products travel with a phytosanitary certificate issued by the exporting country's plant "
                "protection authority; meat, dairy and seafood need veterinary or health certificates. In "
                "Azerbaijan the Food Safety Agency (AFSA) controls imported food; in Vietnam, the plant protection "
                "and veterinary authorities and the food safety authorities do.\n\n"
                "Halal certification is often expected for meat, dairy and many processed foods sold in "
                "Azerbaijan. A certificate of origin is needed to claim any tariff preference. Labels are usually "
                "required in the language of the country of sale: agree the label with your importer before "
                "printing.\n\n"
                "Rules change: check every requirement with the authorities and your buyer before shipping."
            ),
            "logistics": (
                "Sea freight in containers (reefers for fruit and seafood) from Hai Phong or the ports of Ho Chi "
                "Minh City and Cai Mep to a Georgian Black Sea port (Poti or Batumi), then by rail or road to "
                "Baku, is a usual route. Routes through Turkey, or through Iran's ports and the International "
                "North–South Transport Corridor, are alternatives.\n\n"
                "The Middle Corridor (Trans-Caspian International Transport Route) crosses Central Asia and the "
                "Caspian Sea to the Port of Baku at Alat, and links with rail services from China.\n\n"
                "Perishable, high-value goods and samples go by air freight to Baku. Expect transshipments and "
                "plan the cold chain end to end."
            ),
            "contacts": "\n".join([
                VIETRADE,
                AZPROMO,
                "The commercial sections of Vietnam's embassy in Baku and of Azerbaijan's embassy in Hanoi.",
                "The Vietnam Chamber of Commerce and Industry (VCCI) and the Azerbaijan Chamber of Commerce and "
                "Industry.",
            ]),
        },
        "vi": {
            "title": "Nông nghiệp và chế biến thực phẩm: giao thương giữa Việt Nam và Azerbaijan",
            "summary": (
                "Nông sản chế biến là một trong những lĩnh vực doanh nghiệp Việt Nam đang tìm hiểu cơ hội tại "
                "Azerbaijan, và cũng là lĩnh vực Azerbaijan mong muốn mở rộng hợp tác. Bản tóm tắt này nêu những "
                "gì mỗi bên có thể cung cấp, các chứng nhận người mua yêu cầu và cách vận chuyển hàng hóa."
            ),
            "trade": (
                "Việt Nam là một trong những nước xuất khẩu lớn trên thế giới về gạo, cà phê, hạt tiêu, hạt điều, "
                "thủy sản và trái cây nhiệt đới, với ngành chế biến thực phẩm đa dạng (mì ăn liền, trái cây sấy "
                "và đóng hộp, bánh kẹo, nước chấm).\n\n"
                "Azerbaijan trồng và xuất khẩu hạt phỉ, lựu và các sản phẩm từ lựu, rau quả tươi, chè và rượu "
                "vang. Azerbaijan nhập khẩu gạo, cà phê, gia vị và nhiều loại thực phẩm chế biến.\n\n"
                "Vì vậy mỗi bên đều có mặt hàng bên kia cần: gạo, cà phê, gia vị và thực phẩm chế biến của Việt "
                "Nam cho các nhà nhập khẩu và nhà bán lẻ Azerbaijan; hạt phỉ, trái cây sấy và nước ép của "
                "Azerbaijan cho các doanh nghiệp chế biến và phân phối thực phẩm Việt Nam."
            ),
            "standards": (
                "Quản lý an toàn thực phẩm: nhà nhập khẩu thường yêu cầu nhà sản xuất có chứng nhận HACCP, "
                "ISO 22000 hoặc FSSC 22000.\n\n"
                "Sản phẩm thực vật cần giấy chứng nhận kiểm dịch thực vật do cơ quan bảo vệ thực vật của nước "
                "xuất khẩu cấp; thịt, sữa và thủy sản cần giấy chứng nhận thú y hoặc chứng nhận y tế. Tại "
                "Azerbaijan, Cơ quan An toàn Thực phẩm (AFSA) kiểm soát thực phẩm nhập khẩu; tại Việt Nam là các "
                "cơ quan bảo vệ thực vật, thú y và an toàn thực phẩm.\n\n"
                "Chứng nhận halal thường được yêu cầu đối với thịt, sữa và nhiều thực phẩm chế biến bán tại "
                "Azerbaijan. Cần có giấy chứng nhận xuất xứ để được hưởng ưu đãi thuế quan (nếu có). Nhãn hàng hóa "
                "thường phải bằng ngôn ngữ của nước tiêu thụ: hãy thống nhất nhãn với nhà nhập khẩu trước khi in.\n\n"
                "Quy định có thể thay đổi: hãy kiểm tra mọi yêu cầu với cơ quan chức năng và người mua trước khi "
                "giao hàng."
            ),
            "logistics": (
                "Tuyến thường dùng là vận chuyển container đường biển (container lạnh cho trái cây và thủy sản) từ "
                "Hải Phòng hoặc các cảng TP. Hồ Chí Minh và Cái Mép đến một cảng Biển Đen của Gruzia (Poti hoặc "
                "Batumi), sau đó đi đường sắt hoặc đường bộ đến Baku. Các tuyến qua Thổ Nhĩ Kỳ, hoặc qua cảng "
                "của Iran và Hành lang Vận tải Quốc tế Bắc – Nam, là phương án thay thế.\n\n"
                "Hành lang Trung tâm (Tuyến Vận tải Quốc tế xuyên Caspi) đi qua Trung Á và biển Caspi đến Cảng "
                "Baku tại Alat, và kết nối với các chuyến tàu hàng từ Trung Quốc.\n\n"
                "Hàng dễ hỏng, hàng giá trị cao và hàng mẫu đi bằng đường hàng không đến Baku. Cần tính đến việc "
                "chuyển tải và lên kế hoạch chuỗi lạnh xuyên suốt."
            ),
            "contacts": "\n".join([
                "VIETRADE — Cục Xúc tiến thương mại, Bộ Công Thương: https://vietrade.gov.vn",
                "AZPROMO — Cơ quan Xúc tiến Xuất khẩu và Đầu tư Azerbaijan: https://azpromo.az",
                "Bộ phận thương mại của Đại sứ quán Việt Nam tại Baku và của Đại sứ quán Azerbaijan tại Hà Nội.",
                "Liên đoàn Thương mại và Công nghiệp Việt Nam (VCCI) và Phòng Thương mại và Công nghiệp Azerbaijan.",
            ]),
        },
        "az": {
            "title": "Kənd təsərrüfatı və qida emalı: Vyetnam ilə Azərbaycan arasında ticarət",
            "summary": (
                "Emal olunmuş kənd təsərrüfatı məhsulları Vyetnam şirkətlərinin Azərbaycanda imkanlar axtardığı "
                "sahələrdən biridir; Azərbaycan da bu sahədə əməkdaşlığı genişləndirmək istədiyini bildirib. Bu "
                "icmal hər tərəfin nə təklif etdiyini, alıcıların tələb etdiyi sertifikatları və malların necə "
                "daşındığını qısaca izah edir."
            ),
            "trade": (
                "Vyetnam düyü, qəhvə, istiot, anakardiya qozu, dəniz məhsulları və tropik meyvələrin dünyada iri "
                "ixracatçılarından biridir; geniş qida emalı sənayesi var (hazır əriştə, qurudulmuş və "
                "konservləşdirilmiş meyvə, qənnadı məmulatları, souslar).\n\n"
                "Azərbaycan fındıq, nar və nar məhsulları, təzə meyvə-tərəvəz, çay və şərab istehsal edib ixrac "
                "edir. Düyü, qəhvə, ədviyyat və bir çox emal olunmuş qida məhsulları idxal edir.\n\n"
                "Beləliklə, hər tərəfin digərinin aldığı məhsulu var: Azərbaycan idxalçıları və pərakəndə satış "
                "şəbəkələri üçün Vyetnam düyüsü, qəhvəsi, ədviyyatı və emal olunmuş qidası; Vyetnamın qida emalı "
                "və distribusiya şirkətləri üçün Azərbaycan fındığı, quru meyvəsi və şirələri."
            ),
            "standards": (
                "Qida təhlükəsizliyinin idarə edilməsi: idxalçılar adətən istehsalçıdan HACCP, ISO 22000 və ya "
                "FSSC 22000 sertifikatı tələb edir.\n\n"
                "Bitki mənşəli məhsullar ixracatçı ölkənin bitki mühafizəsi orqanının verdiyi fitosanitar "
                "sertifikatla daşınır; ət, süd və dəniz məhsulları üçün baytarlıq və ya sağlamlıq sertifikatı "
                "lazımdır. Azərbaycanda idxal olunan qidaya Azərbaycan Qida Təhlükəsizliyi Agentliyi (AQTA) nəzarət "
                "edir; Vyetnamda isə bitki mühafizəsi, baytarlıq və qida təhlükəsizliyi orqanları.\n\n"
                "Azərbaycanda satılan ət, süd və bir çox emal olunmuş qida məhsulları üçün adətən halal sertifikatı "
                "gözlənilir. Gömrük güzəştindən istifadə etmək üçün mənşə sertifikatı lazımdır. Etiket adətən satış "
                "ölkəsinin dilində olmalıdır: çapdan əvvəl etiketi idxalçı ilə razılaşdırın.\n\n"
                "Qaydalar dəyişə bilər: göndərişdən əvvəl hər tələbi səlahiyyətli orqanlar və alıcınızla "
                "yoxlayın."
            ),
            "logistics": (
                "Adi marşrut belədir: konteynerlə dəniz yolu (meyvə və dəniz məhsulları üçün soyuducu konteyner) "
                "Hayfon və ya Hoşimin şəhəri və Kaymep limanlarından Gürcüstanın Qara dəniz limanlarına (Poti və ya "
                "Batumi), oradan dəmir yolu və ya avtomobil yolu ilə Bakıya. Türkiyə üzərindən, yaxud İran "
                "limanları və Beynəlxalq Şimal–Cənub Nəqliyyat Dəhlizi ilə gedən marşrutlar alternativdir.\n\n"
                "Orta Dəhliz (Transxəzər Beynəlxalq Nəqliyyat Marşrutu) Mərkəzi Asiyadan və Xəzər dənizindən "
                "keçərək Ələtdəki Bakı Limanına çatır və Çindən gələn qatar xidmətləri ilə birləşir.\n\n"
                "Tez xarab olan, yüksək dəyərli mallar və nümunələr hava yolu ilə Bakıya göndərilir. Yükün "
                "aktarılmasını nəzərə alın və soyuq zənciri əvvəldən axıra qədər planlaşdırın."
            ),
            "contacts": "\n".join([
                "VIETRADE — Vyetnam Ticarətin Təşviqi Agentliyi: https://vietrade.gov.vn",
                "AZPROMO — Azərbaycan İxracın və İnvestisiyaların Təşviqi Agentliyi: https://azpromo.az",
                "Vyetnamın Bakıdakı səfirliyinin və Azərbaycanın Hanoydakı səfirliyinin ticarət bölmələri.",
                "Vyetnam Ticarət və Sənaye Palatası (VCCI) və Azərbaycan Ticarət və Sənaye Palatası.",
            ]),
        },
    },
    "transport-logistics": {
        "en": {
            "title": "Transportation and logistics: moving goods between Vietnam and Azerbaijan",
            "summary": (
                "Logistics is one of the areas where Vietnamese businesses are exploring investment in Azerbaijan, "
                "which has said it wants to expand cooperation in it. Distance is the corridor's first obstacle: "
                "this brief sums up the routes, the documents and whom to ask."
            ),
            "trade": (
                "Goods moving today are mostly Vietnamese mobile phones and components, machinery, electronic "
                "products and spare parts going to Azerbaijan, and crude oil coming the other way.\n\n"
                "Services in demand on both sides: freight forwarding, consolidation of small shipments (LCL and "
                "groupage), customs brokerage, warehousing and cold-chain handling. Azerbaijan presents itself as "
                "a transit hub between Asia and Europe, with the Port of Baku at Alat and its free trade zone; "
                "Vietnamese logistics companies bring experience of large container flows."
            ),
            "standards": (
                "Usual documents: commercial invoice, packing list, bill of lading, air waybill or rail/road "
                "consignment note, and a certificate of origin. Agree the Incoterms 2020 rule in the contract, so "
                "that both sides know who books, pays and insures each leg.\n\n"
                "Dangerous goods follow the IMDG Code by sea and the IATA rules by air. Buyers often ask "
                "forwarders and warehouses for ISO 9001; food needs unbroken temperature records.\n\n"
                "Check transit rules of every country crossed (Georgia, Turkey, Iran, Kazakhstan) with your "
                "forwarder: they differ by route."
            ),
            "logistics": (
                "By sea: containers from Hai Phong or the ports of Ho Chi Minh City and Cai Mep to Poti or Batumi "
                "in Georgia, then by rail or road to Baku; alternatively through Turkish ports.\n\n"
                "The Middle Corridor (Trans-Caspian International Transport Route): rail through China and "
                "Kazakhstan, ferry across the Caspian Sea to the Port of Baku at Alat, then on to Georgia and "
                "Turkey by the Baku–Tbilisi–Kars railway. Rail services from northern Vietnam through China can "
                "connect with it.\n\n"
                "The International North–South Transport Corridor through Iran is another way in from the Gulf "
                "ports. Air freight to Baku suits samples and urgent, high-value goods."
            ),
            "contacts": "\n".join([
                VIETRADE,
                AZPROMO,
                "The Vietnam Logistics Business Association (VLA).",
                "Azerbaijan Railways (ADY) and the Port of Baku, for the Trans-Caspian route.",
                "The commercial sections of Vietnam's embassy in Baku and of Azerbaijan's embassy in Hanoi.",
            ]),
        },
        "vi": {
            "title": "Vận tải và logistics: vận chuyển hàng hóa giữa Việt Nam và Azerbaijan",
            "summary": (
                "Logistics là một trong những lĩnh vực doanh nghiệp Việt Nam đang tìm hiểu cơ hội đầu tư tại "
                "Azerbaijan, nơi mong muốn mở rộng hợp tác trong lĩnh vực này. Khoảng cách địa lý là trở ngại đầu "
                "tiên: bản tóm tắt này nêu các tuyến vận tải, chứng từ và đầu mối liên hệ."
            ),
            "trade": (
                "Hàng hóa lưu chuyển hiện nay chủ yếu là điện thoại di động và linh kiện, máy móc, sản phẩm điện "
                "tử và phụ tùng từ Việt Nam sang Azerbaijan, và dầu thô theo chiều ngược lại.\n\n"
                "Dịch vụ được cả hai bên quan tâm: giao nhận vận tải, gom hàng lẻ (LCL), đại lý hải quan, kho bãi "
                "và chuỗi lạnh. Azerbaijan định vị mình là trung tâm trung chuyển giữa châu Á và châu Âu, với Cảng "
                "Baku tại Alat và khu thương mại tự do; doanh nghiệp logistics Việt Nam có kinh nghiệm với các "
                "luồng container lớn."
            ),
            "standards": (
                "Chứng từ thông thường: hóa đơn thương mại, phiếu đóng gói, vận đơn đường biển, vận đơn hàng không "
                "hoặc giấy gửi hàng đường sắt/đường bộ, và giấy chứng nhận xuất xứ. Hãy thống nhất điều kiện "
                "Incoterms 2020 trong hợp đồng để hai bên biết ai đặt chỗ, thanh toán và mua bảo hiểm cho từng "
                "chặng.\n\n"
                "Hàng nguy hiểm tuân theo Bộ luật IMDG khi đi biển và quy định của IATA khi đi máy bay. Người mua "
                "thường yêu cầu đơn vị giao nhận và kho bãi có ISO 9001; hàng thực phẩm cần hồ sơ nhiệt độ liên "
                "tục.\n\n"
                "Hãy kiểm tra quy định quá cảnh của từng nước đi qua (Gruzia, Thổ Nhĩ Kỳ, Iran, Kazakhstan) với "
                "đơn vị giao nhận: mỗi tuyến một khác."
            ),
            "logistics": (
                "Đường biển: container từ Hải Phòng hoặc các cảng TP. Hồ Chí Minh và Cái Mép đến Poti hoặc Batumi "
                "(Gruzia), rồi đi đường sắt hoặc đường bộ đến Baku; hoặc qua các cảng của Thổ Nhĩ Kỳ.\n\n"
                "Hành lang Trung tâm (Tuyến Vận tải Quốc tế xuyên Caspi): đường sắt qua Trung Quốc và Kazakhstan, "
                "phà qua biển Caspi đến Cảng Baku tại Alat, rồi tiếp tục đến Gruzia và Thổ Nhĩ Kỳ theo tuyến đường "
                "sắt Baku – Tbilisi – Kars. Các chuyến tàu hàng từ miền Bắc Việt Nam qua Trung Quốc có thể kết nối "
                "với hành lang này.\n\n"
                "Hành lang Vận tải Quốc tế Bắc – Nam qua Iran là một lối vào khác từ các cảng vùng Vịnh. Đường "
                "hàng không đến Baku phù hợp cho hàng mẫu và hàng gấp, giá trị cao."
            ),
            "contacts": "\n".join([
                "VIETRADE — Cục Xúc tiến thương mại, Bộ Công Thương: https://vietrade.gov.vn",
                "AZPROMO — Cơ quan Xúc tiến Xuất khẩu và Đầu tư Azerbaijan: https://azpromo.az",
                "Hiệp hội Doanh nghiệp dịch vụ Logistics Việt Nam (VLA).",
                "Đường sắt Azerbaijan (ADY) và Cảng Baku, cho tuyến xuyên Caspi.",
                "Bộ phận thương mại của Đại sứ quán Việt Nam tại Baku và của Đại sứ quán Azerbaijan tại Hà Nội.",
            ]),
        },
        "az": {
            "title": "Nəqliyyat və logistika: malların Vyetnam ilə Azərbaycan arasında daşınması",
            "summary": (
                "Logistika Vyetnam şirkətlərinin Azərbaycanda investisiya imkanları axtardığı sahələrdən biridir; "
                "Azərbaycan da bu sahədə əməkdaşlığı genişləndirmək istədiyini bildirib. Məsafə dəhlizin ilk "
                "maneəsidir: bu icmal marşrutları, sənədləri və kimə müraciət etməli olduğunuzu izah edir."
            ),
            "trade": (
                "Bu gün daşınan mallar əsasən Vyetnamdan Azərbaycana mobil telefonlar və onların hissələri, "
                "maşın-avadanlıq, elektron məhsullar və ehtiyat hissələri, əks istiqamətdə isə xam neftdir.\n\n"
                "Hər iki tərəfdə tələb olunan xidmətlər: ekspeditorluq, kiçik yüklərin birləşdirilməsi (LCL), "
                "gömrük brokerliyi, anbar və soyuq zəncir xidmətləri. Azərbaycan özünü Ələtdəki Bakı Limanı və "
                "azad ticarət zonası ilə Asiya ilə Avropa arasında tranzit mərkəzi kimi təqdim edir; Vyetnamın "
                "logistika şirkətlərinin böyük konteyner axınları ilə təcrübəsi var."
            ),
            "standards": (
                "Adi sənədlər: kommersiya hesab-fakturası, qablaşdırma vərəqi, konosament, aviaqaimə və ya dəmir "
                "yolu/avtomobil qaiməsi, həmçinin mənşə sertifikatı. Müqavilədə Incoterms 2020 şərtini "
                "razılaşdırın ki, hər mərhələdə kimin sifariş verdiyi, ödədiyi və sığorta etdiyi aydın olsun.\n\n"
                "Təhlükəli yüklər dəniz yolu ilə IMDG Məcəlləsinə, hava yolu ilə IATA qaydalarına uyğun daşınır. "
                "Alıcılar ekspeditor və anbarlardan çox vaxt ISO 9001 tələb edir; qida məhsulları üçün fasiləsiz "
                "temperatur qeydləri lazımdır.\n\n"
                "Keçilən hər ölkənin (Gürcüstan, Türkiyə, İran, Qazaxıstan) tranzit qaydalarını ekspeditorunuzla "
                "yoxlayın: onlar marşrutdan asılı olaraq fərqlənir."
            ),
            "logistics": (
                "Dəniz yolu: konteynerlər Hayfon və ya Hoşimin şəhəri və Kaymep limanlarından Gürcüstandakı Poti "
                "və ya Batumiyə, oradan dəmir yolu və ya avtomobil yolu ilə Bakıya; alternativ olaraq Türkiyə "
                "limanları üzərindən.\n\n"
                "Orta Dəhliz (Transxəzər Beynəlxalq Nəqliyyat Marşrutu): Çin və Qazaxıstandan dəmir yolu, Xəzər "
                "dənizindən bərə ilə Ələtdəki Bakı Limanına, oradan Bakı–Tbilisi–Qars dəmir yolu ilə Gürcüstan və "
                "Türkiyəyə. Şimali Vyetnamdan Çin üzərindən gələn qatar xidmətləri bu dəhlizə qoşula bilər.\n\n"
                "İran üzərindən keçən Beynəlxalq Şimal–Cənub Nəqliyyat Dəhlizi Körfəz limanlarından başqa bir "
                "yoldur. Hava yolu ilə Bakıya daşıma nümunələr və təcili, yüksək dəyərli yüklər üçün uyğundur."
            ),
            "contacts": "\n".join([
                "VIETRADE — Vyetnam Ticarətin Təşviqi Agentliyi: https://vietrade.gov.vn",
                "AZPROMO — Azərbaycan İxracın və İnvestisiyaların Təşviqi Agentliyi: https://azpromo.az",
                "Vyetnam Logistika Xidmətləri Şirkətləri Assosiasiyası (VLA).",
                "Transxəzər marşrutu üçün Azərbaycan Dəmir Yolları (ADY) və Bakı Limanı.",
                "Vyetnamın Bakıdakı səfirliyinin və Azərbaycanın Hanoydakı səfirliyinin ticarət bölmələri.",
            ]),
        },
    },
    "renewable-energy": {
        "en": {
            "title": "Renewable energy: trading between Vietnam and Azerbaijan",
            "summary": (
                "Renewable energy is one of the areas where Vietnamese businesses are exploring opportunities in "
                "Azerbaijan, and where Azerbaijan has expressed strong interest in expanding cooperation. This "
                "brief sums up what each side brings, the standards equipment must meet and whom to contact."
            ),
            "trade": (
                "Vietnam has built a large solar and wind power sector and manufactures solar modules, cables and "
                "electrical equipment; its companies offer engineering, construction, installation and operation "
                "services.\n\n"
                "Azerbaijan has good solar and wind resources, including offshore wind in the Caspian Sea, and is "
                "developing solar and wind power plants. Its energy companies have long experience in oil and "
                "gas, and it supported Vietnam's oil and gas sector in the past; its one registered investment "
                "project in Vietnam is in technical services and energy.\n\n"
                "Opportunities: Vietnamese equipment and services for Azerbaijani projects; partnerships in "
                "engineering and operation; energy services between the two countries' energy companies."
            ),
            "standards": (
                "Solar modules are usually expected to be certified to IEC 61215 (design and performance) and "
                "IEC 61730 (safety); inverters to IEC 62109 and the grid operator's connection rules; wind "
                "turbines to the IEC 61400 series.\n\n"
                "Tenders and large buyers often ask for ISO 9001 (quality), ISO 14001 (environment) and ISO 45001 "
                "(health and safety) from manufacturers and contractors.\n\n"
                "National conformity assessment applies on import: check with AZSTAND (the Azerbaijan Institute "
                "of Standardization) in Azerbaijan and with the standards authority (STAMEQ) in Vietnam."
            ),
            "logistics": (
                "Modules, inverters and cables travel in standard containers by sea to Georgia's Black Sea ports "
                "and on by rail to Baku, or through the Middle Corridor.\n\n"
                "Oversize and heavy parts (transformers, turbine components) are project cargo: plan route "
                "surveys, permits, and the capacity of rail wagons and Caspian ferries well in advance."
            ),
            "contacts": "\n".join([
                VIETRADE,
                AZPROMO,
                "Azerbaijan's Ministry of Energy and its Renewable Energy Agency.",
                "Vietnam's Ministry of Industry and Trade.",
                "The commercial sections of Vietnam's embassy in Baku and of Azerbaijan's embassy in Hanoi.",
            ]),
        },
        "vi": {
            "title": "Năng lượng tái tạo: giao thương giữa Việt Nam và Azerbaijan",
            "summary": (
                "Năng lượng tái tạo là một trong những lĩnh vực doanh nghiệp Việt Nam đang tìm hiểu cơ hội tại "
                "Azerbaijan, và là lĩnh vực Azerbaijan bày tỏ quan tâm lớn đến việc mở rộng hợp tác. Bản tóm tắt "
                "này nêu thế mạnh của mỗi bên, các tiêu chuẩn thiết bị phải đáp ứng và đầu mối liên hệ."
            ),
            "trade": (
                "Việt Nam đã phát triển ngành điện mặt trời và điện gió quy mô lớn, sản xuất tấm pin mặt trời, "
                "cáp điện và thiết bị điện; doanh nghiệp Việt Nam cung cấp dịch vụ thiết kế, thi công, lắp đặt và "
                "vận hành.\n\n"
                "Azerbaijan có tiềm năng lớn về năng lượng mặt trời và năng lượng gió, kể cả điện gió ngoài khơi "
                "biển Caspi, và đang phát triển các nhà máy điện mặt trời và điện gió. Các công ty năng lượng của "
                "Azerbaijan có nhiều kinh nghiệm trong ngành dầu khí, và Azerbaijan từng hỗ trợ ngành dầu khí Việt "
                "Nam; dự án đầu tư duy nhất của Azerbaijan đã đăng ký tại Việt Nam thuộc lĩnh vực dịch vụ kỹ thuật "
                "và năng lượng.\n\n"
                "Cơ hội: thiết bị và dịch vụ của Việt Nam cho các dự án tại Azerbaijan; hợp tác về kỹ thuật và "
                "vận hành; dịch vụ năng lượng giữa doanh nghiệp hai nước."
            ),
            "standards": (
                "Tấm pin mặt trời thường phải được chứng nhận theo IEC 61215 (thiết kế và hiệu suất) và IEC 61730 "
                "(an toàn); biến tần theo IEC 62109 và quy định đấu nối của đơn vị vận hành lưới điện; tua-bin gió "
                "theo bộ tiêu chuẩn IEC 61400.\n\n"
                "Các gói thầu và người mua lớn thường yêu cầu nhà sản xuất và nhà thầu có ISO 9001 (chất lượng), "
                "ISO 14001 (môi trường) và ISO 45001 (an toàn và sức khỏe nghề nghiệp).\n\n"
                "Hàng nhập khẩu phải qua đánh giá sự phù hợp của nước nhập khẩu: hãy kiểm tra với AZSTAND (Viện "
                "Tiêu chuẩn hóa Azerbaijan) tại Azerbaijan và với cơ quan tiêu chuẩn đo lường chất lượng (STAMEQ) "
                "tại Việt Nam."
            ),
            "logistics": (
                "Tấm pin, biến tần và cáp đi bằng container tiêu chuẩn đường biển đến các cảng Biển Đen của Gruzia "
                "rồi đi đường sắt đến Baku, hoặc theo Hành lang Trung tâm.\n\n"
                "Thiết bị siêu trường, siêu trọng (máy biến áp, bộ phận tua-bin) là hàng dự án: cần khảo sát tuyến "
                "đường, xin giấy phép và tính trước năng lực của toa xe và phà qua biển Caspi."
            ),
            "contacts": "\n".join([
                "VIETRADE — Cục Xúc tiến thương mại, Bộ Công Thương: https://vietrade.gov.vn",
                "AZPROMO — Cơ quan Xúc tiến Xuất khẩu và Đầu tư Azerbaijan: https://azpromo.az",
                "Bộ Năng lượng Azerbaijan và Cơ quan Năng lượng Tái tạo trực thuộc.",
                "Bộ Công Thương Việt Nam.",
                "Bộ phận thương mại của Đại sứ quán Việt Nam tại Baku và của Đại sứ quán Azerbaijan tại Hà Nội.",
            ]),
        },
        "az": {
            "title": "Bərpa olunan enerji: Vyetnam ilə Azərbaycan arasında ticarət",
            "summary": (
                "Bərpa olunan enerji Vyetnam şirkətlərinin Azərbaycanda imkanlar axtardığı sahələrdən biridir; "
                "Azərbaycan da bu sahədə əməkdaşlığı genişləndirməkdə böyük maraq göstərib. Bu icmal hər tərəfin "
                "güclü cəhətlərini, avadanlığın cavab verməli olduğu standartları və əlaqə ünvanlarını izah edir."
            ),
            "trade": (
                "Vyetnam böyük günəş və külək enerjisi sektoru qurub; günəş panelləri, kabellər və elektrik "
                "avadanlığı istehsal edir, şirkətləri layihələndirmə, tikinti, quraşdırma və istismar xidmətləri "
                "göstərir.\n\n"
                "Azərbaycanın, o cümlədən Xəzər dənizində dənizdə külək enerjisi üçün yaxşı günəş və külək "
                "potensialı var və günəş və külək elektrik stansiyaları inkişaf etdirir. Azərbaycanın enerji "
                "şirkətlərinin neft-qaz sahəsində böyük təcrübəsi var; Azərbaycan keçmişdə Vyetnamın neft-qaz "
                "sektoruna dəstək olub, Vyetnamda qeydiyyatdan keçmiş yeganə investisiya layihəsi də texniki "
                "xidmətlər və enerji sahəsindədir.\n\n"
                "İmkanlar: Azərbaycan layihələri üçün Vyetnam avadanlığı və xidmətləri; mühəndislik və istismar "
                "sahəsində tərəfdaşlıq; iki ölkənin enerji şirkətləri arasında enerji xidmətləri."
            ),
            "standards": (
                "Günəş panellərinin adətən IEC 61215 (konstruksiya və səmərəlilik) və IEC 61730 (təhlükəsizlik) "
                "üzrə sertifikatı tələb olunur; invertorlar IEC 62109 və şəbəkə operatorunun qoşulma qaydalarına, "
                "külək turbinləri IEC 61400 seriyasına uyğun olmalıdır.\n\n"
                "Tenderlər və iri alıcılar istehsalçı və podratçılardan çox vaxt ISO 9001 (keyfiyyət), ISO 14001 "
                "(ətraf mühit) və ISO 45001 (əməyin mühafizəsi) tələb edir.\n\n"
                "İdxalda milli uyğunluğun qiymətləndirilməsi tətbiq olunur: Azərbaycanda AZSTAND (Azərbaycan "
                "Standartlaşdırma İnstitutu), Vyetnamda isə standartlar orqanı (STAMEQ) ilə yoxlayın."
            ),
            "logistics": (
                "Panellər, invertorlar və kabellər standart konteynerlərdə dəniz yolu ilə Gürcüstanın Qara dəniz "
                "limanlarına, oradan dəmir yolu ilə Bakıya, ya da Orta Dəhliz ilə daşınır.\n\n"
                "Ölçüsü və çəkisi böyük hissələr (transformatorlar, turbin hissələri) layihə yüküdür: marşrut "
                "araşdırmasını, icazələri, vaqonların və Xəzər bərələrinin tutumunu əvvəlcədən planlaşdırın."
            ),
            "contacts": "\n".join([
                "VIETRADE — Vyetnam Ticarətin Təşviqi Agentliyi: https://vietrade.gov.vn",
                "AZPROMO — Azərbaycan İxracın və İnvestisiyaların Təşviqi Agentliyi: https://azpromo.az",
                "Azərbaycan Respublikasının Energetika Nazirliyi və onun Bərpa Olunan Enerji Mənbələri üzrə "
                "Dövlət Agentliyi.",
                "Vyetnamın Sənaye və Ticarət Nazirliyi.",
                "Vyetnamın Bakıdakı səfirliyinin və Azərbaycanın Hanoydakı səfirliyinin ticarət bölmələri.",
            ]),
        },
    },
}


@transaction.atomic
def load() -> int:
    """Create the demo briefs that are missing (published, labelled as demo content); return how many."""
    sectors = Sector.objects.in_bulk(list(BRIEFS), field_name="slug")
    # A brief already there (perhaps edited since), or one staff wrote on the same sector: left as it is.
    taken_slugs = set(SectorBrief.objects.filter(slug__in=BRIEFS).values_list("slug", flat=True))
    covered = set(SectorBrief.objects.filter(sector__slug__in=BRIEFS, hs_chapter=None)
                  .values_list("sector__slug", flat=True))
    created = 0
    for slug, texts in BRIEFS.items():
        if slug in taken_slugs or slug in covered or slug not in sectors:  # nor a sector removed by staff
            continue
        brief = SectorBrief.objects.create(sector=sectors[slug], slug=slug, published=True, is_demo=True)
        BriefText.objects.bulk_create(BriefText(brief=brief, language=language, **fields)
                                      for language, fields in texts.items())
        created += 1
    return created
