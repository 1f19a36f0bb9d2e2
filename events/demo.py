"""Two demo B2B events in full swing, built through the real services (so every booking obeys the rules), and a
past one with its attendance, feedback, outcomes and success stories (load_past_event).

Called by `manage.py load_demo` after the demo companies exist; an event that is already there is skipped.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from companies.models import Company, ModerationStatus, Sector
from events import services
from events.models import (
    AgreementKind,
    Announcement,
    AttendanceMode,
    Consent,
    Event,
    Meeting,
    MeetingFeedback,
    MeetingOutcome,
    MeetingRequest,
    MeetingStatus,
    OrganizerInvitation,
    OrganizerRole,
    OutcomeResult,
    ParticipantInvitation,
    Participation,
    ParticipationStatus,
    QuestionKind,
    RegistrationAnswer,
    RegistrationQuestion,
    RequestStatus,
    Seat,
    SuccessStory,
    SuccessStoryText,
    Usefulness,
)
from events.permissions import make_organizer
from events.services import announcements, waiting_list

EVENTS = [
    {
        "title": "Vietnam–Azerbaijan B2B Forum, Baku",
        "description": "One-to-one meetings between Vietnamese exporters and Azerbaijani importers, distributors "
                       "and logistics providers, alongside the intergovernmental commission. Focus: food and "
                       "agriculture, logistics through the Middle Corridor, petrochemicals and trade.",
        "city": "Bakı", "venue": "Baku Expo Center", "country": "AZ", "time_zone": "Asia/Baku",
        "days_ahead": 21, "meeting_minutes": 20, "request_policy": "approval", "max_meetings": 12,
        "sessions": [("Morning", time(9, 0), time(12, 30), 5), ("Afternoon", time(14, 0), time(17, 30), 5)],
        "tables": 30,
        "sectors": ["agriculture-food", "transport-logistics", "petrochemicals-oil-gas", "trade"],
        "public_participant_list": True,
    },
    {
        "title": "Vietnam–Azerbaijan Business Matching, Ho Chi Minh City",
        "description": "A day of matchmaking at the Saigon Exhibition and Convention Center for Azerbaijani "
                       "buyers of electronics, textiles and coffee, and Vietnamese buyers of hazelnuts, "
                       "fertiliser and polymers. Hybrid: Azerbaijani companies may join online from Baku. "
                       "Requests are accepted at once.",
        "format": "hybrid",
        "city": "Thành phố Hồ Chí Minh", "venue": "Saigon Exhibition and Convention Center (SECC)",
        "country": "VN", "time_zone": "Asia/Ho_Chi_Minh", "days_ahead": 45, "meeting_minutes": 30,
        "request_policy": "auto", "max_meetings": 8,
        "sessions": [("Morning", time(8, 30), time(11, 30), 0), ("Afternoon", time(13, 30), time(16, 30), 0)],
        "tables": 20,
        "sectors": ["electronics-machinery", "light-industry", "agriculture-food", "renewable-energy"],
    },
]


def load_events(users: dict) -> int:
    make_organizer(users["organizer"])
    created = 0
    for spec in EVENTS:
        if Event.objects.filter(title=spec["title"]).exists():
            continue
        event = _create_event(spec, users["organizer"])
        participants = _register_companies(event, spec, users)
        _make_requests(event, participants)
        if event.request_policy == "approval":
            _strand_a_late_meeting(event, participants)
            _welcome(event, users["organizer"])
            _organizer_tools(event, users)
        created += 1
    created += load_past_event(users)
    return created


def _create_event(spec: dict, organizer) -> Event:
    start = timezone.now().date() + timedelta(days=spec["days_ahead"])
    event = services.create_event(organizer=organizer, data={
        **{key: spec[key] for key in ("title", "description", "city", "venue", "country", "time_zone",
                                      "meeting_minutes", "request_policy", "max_meetings", "tables")},
        "format": spec.get("format", Event.Format.IN_PERSON),
        "public_participant_list": spec.get("public_participant_list", False),
        "start_date": start, "end_date": start, "status": Event.Status.PUBLISHED,
        "registration_opens": timezone.now() - timedelta(days=10),
        "registration_closes": timezone.now() + timedelta(days=spec["days_ahead"] - 2),
        "focus_sectors": Sector.objects.filter(slug__in=spec["sectors"]),
    })
    for name, start_time, end_time, pause in spec["sessions"]:
        services.add_session(event=event, data={"name": name, "date": start, "start_time": start_time,
                                                "end_time": end_time, "pause_minutes": pause})
    return event


def _register_companies(event: Event, spec: dict, users: dict) -> list[Participation]:
    """The demo owners' companies, and VN/AZ companies of the focus sectors; a few wait for approval. At a hybrid
    event the Azerbaijani companies (the demo owner's among them) but one in three meet online from home."""
    owners = [users["owner-vn"], users["owner-az"]]
    owned = list(Company.objects.filter(memberships__user__in=owners, status=ModerationStatus.APPROVED))
    others = (Company.objects.filter(status=ModerationStatus.APPROVED, country__in=["VN", "AZ"],
                                     sectors__slug__in=spec["sectors"])
              .exclude(pk__in=[c.pk for c in owned]).distinct().order_by("name"))
    participants = []
    for index, company in enumerate([*owned, *others[:24]]):
        online = event.format == Event.Format.HYBRID and company.country == "AZ" and index % 3 != 2
        participation = Participation.objects.create(
            event=event, company=company, delegates=2 if company.size == "large" else 1,
            attendance_mode=AttendanceMode.ONLINE if online else AttendanceMode.ON_SITE,
            listed_publicly=index % 2 == 0)  # half agree to appear on a public list of who is coming
        if index % 9 == 8 and not company.memberships.exists():
            continue  # left pending, for the organizer to approve
        participation.status = ParticipationStatus.APPROVED
        participation.decided_at = timezone.now()
        participation.save(update_fields=["status", "decided_at"])
        participants.append(participation)
    return participants


def _welcome(event: Event, organizer) -> None:
    """The organizer's first announcement, in the three languages (delivered by the task queue, which the demo
    loader does not run: it is on the participants' announcements page)."""
    announcements.send_announcement(event=event, author=organizer, audience=Announcement.Audience.APPROVED, texts={
        "en": ("Welcome to the forum", "Thank you for registering. Badges are handed out at the entrance from 8:30; "
                                       "bring your check-in code. Interpreters for Vietnamese and Azerbaijani are "
                                       "available at the help desk."),
        "vi": ("Chào mừng quý doanh nghiệp đến với diễn đàn", "Cảm ơn quý doanh nghiệp đã đăng ký. Thẻ đại biểu "
                                                                "được phát tại lối vào từ 8:30; vui lòng mang theo mã "
                                                                "check-in. Phiên dịch tiếng Việt và tiếng Azerbaijan "
                                                                "có mặt tại quầy hỗ trợ."),
        "az": ("Foruma xoş gəlmisiniz", "Qeydiyyatdan keçdiyiniz üçün təşəkkür edirik. Yaka kartları saat 8:30-dan "
                                        "girişdə verilir; qeydiyyat kodunuzu özünüzlə gətirin. Vyetnam və Azərbaycan "
                                        "dilləri üzrə tərcüməçilər məlumat masasındadır."),
    })


# The organizer's power tools (issue 17) at the Baku forum ---------------------------------------------------------
#
# A co-organizer and a read-only viewer who joined by invitation (and one invitation still open), registration
# questions with the participants' answers, a full event with three companies on its waiting list, and two
# companies invited from an imported list that have no profile yet.

QUESTIONS = [
    (QuestionKind.YES_NO, True, {
        "en": "Do you need an interpreter at your meetings?",
        "vi": "Quý doanh nghiệp có cần phiên dịch trong các cuộc gặp không?",
        "az": "Görüşlərinizdə tərcüməçiyə ehtiyacınız varmı?"}, {}),
    (QuestionKind.CHOICE, True, {
        "en": "How did you hear about the forum?",
        "vi": "Quý doanh nghiệp biết đến diễn đàn qua kênh nào?",
        "az": "Forum haqqında haradan məlumat aldınız?"}, {
        "en": "Chamber of commerce\nEmbassy or trade office\nTradeBridge\nA business partner",
        "vi": "Phòng Thương mại\nĐại sứ quán hoặc Thương vụ\nTradeBridge\nĐối tác kinh doanh",
        "az": "Ticarət palatası\nSəfirlik və ya ticarət nümayəndəliyi\nTradeBridge\nİşgüzar tərəfdaş"}),
    (QuestionKind.TEXT, False, {
        "en": "Which products do you most want to discuss?",
        "vi": "Quý doanh nghiệp muốn trao đổi chủ yếu về sản phẩm nào?",
        "az": "Ən çox hansı məhsulları müzakirə etmək istəyirsiniz?"}, {}),
]

# Short answers to the text question, by the company's country.
PRODUCT_ANSWERS = {"VN": "Robusta coffee, cashews and black pepper", "AZ": "Hazelnuts, pomegranate juice and tea"}

# Invited from the list a trade-promotion agency sent: no profile on TradeBridge yet.
IMPORTED_INVITATIONS = [
    ("Công ty CP Gia vị Tây Nguyên", "VN", "export@gia-vi-tay-nguyen.example", "https://gia-vi-tay-nguyen.example",
     "Nguyễn Thị Lan"),
    ("Gəncə Meyvə Emalı MMC", "AZ", "info@gence-meyve.example", "", "Leyla Məmmədova"),
]


def _organizer_tools(event: Event, users: dict) -> None:
    organizer = users["organizer"]
    accepted = timezone.now() - timedelta(days=6)
    for role, user in ((OrganizerRole.ORGANIZER, users["co-organizer"]), (OrganizerRole.VIEWER, users["viewer"])):
        (event.organizers if role == OrganizerRole.ORGANIZER else event.viewers).add(user)
        OrganizerInvitation.objects.create(event=event, email=user.email, role=role, invited_by=organizer,
                                           created_at=accepted - timedelta(days=1), accepted_at=accepted,
                                           accepted_by=user)
    OrganizerInvitation.objects.create(event=event, email="trade.office@vn-embassy.example",
                                       role=OrganizerRole.VIEWER, invited_by=organizer)
    _waiting_list(event)
    _questions_and_answers(event)
    ParticipantInvitation.objects.bulk_create([
        ParticipantInvitation(event=event, company_name=name, country=country, email=email, website=website,
                              contact_name=contact, invited_by=organizer)
        for name, country, email, website, contact in IMPORTED_INVITATIONS])


def _questions_and_answers(event: Event) -> None:
    questions = []
    for position, (kind, required, texts, options) in enumerate(QUESTIONS):
        questions.append(RegistrationQuestion.objects.create(
            event=event, kind=kind, required=required, position=position,
            **{f"text_{code}": text for code, text in texts.items()},
            **{f"options_{code}": text for code, text in options.items()}))
    interpreter, channel, products = questions
    answers = []
    for index, participation in enumerate(event.participations.select_related("company").order_by("pk")):
        answers.append(RegistrationAnswer(participation=participation, question=interpreter, yes=index % 3 == 0))
        answers.append(RegistrationAnswer(participation=participation, question=channel, choice=index % 4))
        if index % 2 == 0:
            answers.append(RegistrationAnswer(participation=participation, question=products,
                                              text=PRODUCT_ANSWERS.get(participation.company.country, "")))
    RegistrationAnswer.objects.bulk_create(answers)


def _waiting_list(event: Event) -> None:
    """The forum is full: its cap is the number approved, and three more companies wait in line. Then a company
    without meeting requests withdraws, through the service: its place is offered to the first in line (awaiting the
    organizer's approval), the other two still wait."""
    event.participant_cap = event.participations.filter(status=ParticipationStatus.APPROVED).count()
    event.save(update_fields=["participant_cap"])
    taken = event.participations.values_list("company_id", flat=True)
    latecomers = (Company.objects.filter(status=ModerationStatus.APPROVED, country__in=["VN", "AZ"])
                  .exclude(pk__in=taken).order_by("name")[:3])
    for hours, company in enumerate(latecomers):
        Participation.objects.create(event=event, company=company, status=ParticipationStatus.WAITING,
                                     registered_at=timezone.now() - timedelta(hours=30 - hours))
    leaving = (event.participations.filter(status=ParticipationStatus.APPROVED, company__memberships__isnull=True,
                                           sent_requests__isnull=True, received_requests__isnull=True)
               .order_by("company__name").first())
    if leaving is not None:
        waiting_list.withdraw_registration(participation=leaving)


def _make_requests(event: Event, participants: list[Participation]) -> None:
    """Cross-border requests: most accepted (and booked), some pending, a couple declined."""
    vietnamese = [p for p in participants if p.company.country == "VN"]
    azerbaijani = [p for p in participants if p.company.country == "AZ"]
    for index, (a, b) in enumerate(zip(vietnamese, azerbaijani, strict=False)):
        for requester, recipient in ((a, b), (b, vietnamese[(index + 1) % len(vietnamese)])):
            meeting_request = services.request_meeting(
                requester=requester, recipient=recipient,
                message=f"{requester.company.name} would like to discuss supplies and distribution with "
                        f"{recipient.company.name}.")
            if meeting_request.status != "pending":
                continue  # auto-accepted
            outcome = index % 4
            if outcome in (0, 1):
                services.accept_request(meeting_request=meeting_request, by=recipient)
            elif outcome == 2 and requester is a:
                services.decline_request(meeting_request=meeting_request, by=recipient,
                                         reason="Not our product range this season.")


def _strand_a_late_meeting(event: Event, participants: list[Participation]) -> None:
    """A late request that first-come-first-served cannot place, so "Schedule all" has work to show.

    A company free only in the first slot asks one whose first slot is already taken: accepted but left
    unscheduled, until the organizer's "Schedule all" moves the other meeting and places both.
    """
    first_slot = event.slots.order_by("starts_at").first()
    busy_first = {seat.participation_id for seat in Seat.objects.filter(slot=first_slot)}
    with_meetings = {seat.participation_id for seat in Seat.objects.filter(slot__event=event)}
    partner = next((p for p in participants if p.pk in busy_first and p.delegates == 1), None)
    if partner is None:
        return
    latecomer = next((p for p in participants if p.pk not in with_meetings
                      and p.company.country != partner.company.country), None)
    if latecomer is None:
        return
    latecomer.unavailable_slots.set(event.slots.exclude(pk=first_slot.pk))
    meeting_request = services.request_meeting(
        requester=latecomer, recipient=partner,
        message=f"{latecomer.company.name} arrives late: could we meet first thing in the morning?")
    services.accept_request(meeting_request=meeting_request, by=partner)


# A past event (issue 12) ----------------------------------------------------------------------------------------
#
# Held months ago, so the impact report and the success stories have something to show right after `make run`:
# check-ins, meetings held and a few no-shows, both sides' feedback, follow-up outcomes and three published
# stories. The bookings of a finished event cannot go through the services (they refuse the past), so its rows are
# written directly, in bulk, obeying the same constraints (one meeting per table and slot, one seat per company
# and slot).

PAST_EVENT = {
    "title": "Vietnam–Azerbaijan Agri-Food Forum, Baku",
    "description": "One-to-one meetings between Vietnamese exporters of coffee, rice, seafood, cashews and tea and "
                   "Azerbaijani importers, distributors and growers of hazelnuts, pomegranates and fruit.",
    "city": "Bakı", "venue": "Boulevard Hotel Baku", "country": "AZ", "time_zone": "Asia/Baku",
    "days_ago": 200, "meeting_minutes": 20, "request_policy": "approval", "max_meetings": 8, "tables": 10,
    "session": ("Morning", time(9, 0), time(12, 0), 0),
    "sectors": ["agriculture-food", "trade"],
}

PAST_PARTICIPANTS = {
    "VN": ["Highland Bean Export JSC", "Công ty TNHH Mekong Green Rice", "Công ty CP Thủy sản Mũi Cà Mau",
           "Sông Tiền Pangasius JSC", "Bình Phước Cashew Processing Co., Ltd", "Công ty TNHH Trà Đồi Sương",
           "Mekong Fruit Processing JSC", "Hà Nội Caspian Trading Co., Ltd"],
    "AZ": ["Xəzər Fındıq MMC", "Göyçay Nar Məhsulları MMC", "Quba Bağları MMC", "Lənkəran Çay və Sitrus MMC",
           "Bakı Qida Distribusiya MMC", "Abşeron Qəhvə Evi MMC", "Dəniz Nemətləri Ticarət MMC",
           "Saatlı Pambıq Emalı MMC"],
}

# Did not come to the forum at all: every meeting of it is a no-show.
PAST_ABSENT = "Mekong Fruit Processing JSC"

# (author, partner, agreement kind, value in USD or None, featured, {language: (title, body)})
PAST_STORIES = [
    ("Abşeron Qəhvə Evi MMC", "Highland Bean Export JSC", "sales", 96000, True, {
        "en": ("From one forum table to a year of Robusta in Baku",
               "Abşeron Qəhvə Evi runs four coffee houses and a small roastery in Baku. We came to the Agri-Food "
               "Forum looking for a direct source of Robusta, after years of buying through traders in Istanbul "
               "and Dubai.\n\n"
               "Our twenty-minute meeting with Highland Bean Export ran over into lunch. They brought samples from "
               "Đắk Lắk and explained how they sort and dry each lot; we explained what our customers drink and how "
               "much we can store. Six weeks later we signed a one-year supply contract, starting with one "
               "container of green beans per quarter.\n\n"
               "The first container reached Baku through the port of Ələt in good condition. All four coffee "
               "houses now serve a Vietnamese Robusta blend, and we plan to add a single-origin coffee next "
               "season."),
        "vi": ("Từ một bàn gặp mặt tại diễn đàn đến một năm cà phê Robusta ở Baku",
               "Abşeron Qəhvə Evi vận hành bốn quán cà phê và một xưởng rang nhỏ tại Baku. Chúng tôi đến Diễn đàn "
               "Nông sản – Thực phẩm để tìm nguồn cung Robusta trực tiếp, sau nhiều năm mua qua các nhà buôn ở "
               "Istanbul và Dubai.\n\n"
               "Cuộc gặp hai mươi phút với Highland Bean Export kéo dài đến tận giờ ăn trưa. Đối tác mang theo mẫu "
               "cà phê từ Đắk Lắk và giải thích cách phân loại, phơi sấy từng lô hàng; chúng tôi chia sẻ khẩu vị "
               "của khách hàng và khả năng lưu kho. Sáu tuần sau, hai bên ký hợp đồng cung cấp một năm, bắt đầu "
               "với một container cà phê nhân mỗi quý.\n\n"
               "Container đầu tiên đã về Baku qua cảng Ələt trong tình trạng tốt. Hiện cả bốn quán đều phục vụ cà "
               "phê phối trộn Robusta Việt Nam, và chúng tôi dự định bổ sung một dòng cà phê đơn nguồn gốc vào mùa "
               "tới."),
        "az": ("Forumdakı bir masadan Bakıda bir illik Robustaya",
               "Abşeron Qəhvə Evi Bakıda dörd qəhvəxana və kiçik bir qovurma sexi idarə edir. İllərlə İstanbul və "
               "Dubaydakı vasitəçilərdən alış etdikdən sonra Aqrar-Ərzaq Forumuna birbaşa Robusta mənbəyi tapmaq "
               "üçün gəldik.\n\n"
               "Highland Bean Export ilə iyirmi dəqiqəlik görüşümüz nahar vaxtına qədər uzandı. Onlar Đắk Lắk "
               "əyalətindən nümunələr gətirdilər və hər partiyanı necə çeşidləyib qurutduqlarını izah etdilər; biz "
               "isə müştərilərimizin zövqünü və anbar imkanlarımızı danışdıq. Altı həftə sonra bir illik tədarük "
               "müqaviləsi imzaladıq: hər rüb bir konteyner yaşıl qəhvə dənəsi.\n\n"
               "İlk konteyner Ələt limanı vasitəsilə Bakıya yaxşı vəziyyətdə çatdı. İndi dörd qəhvəxanamızın "
               "hamısında Vyetnam Robustası əsasında hazırlanan qarışıq təqdim edirik və gələn mövsüm tək mənşəli "
               "qəhvə də əlavə etməyi planlaşdırırıq."),
    }),
    ("Xəzər Fındıq MMC", "Hà Nội Caspian Trading Co., Ltd", "distribution", None, False, {
        "en": ("Azerbaijani hazelnuts on Hanoi shelves",
               "Xəzər Fındıq processes hazelnuts from orchards around Qəbələ and Zaqatala. Vietnam was not on our "
               "export map until we met Hà Nội Caspian Trading at the forum: a small importer whose team knows "
               "both markets and speaks Russian, English and Vietnamese.\n\n"
               "They showed us what bakeries and confectioners in Hanoi buy today, and at what price. We agreed on "
               "distribution: they import our roasted kernels in vacuum packs and sell them under our brand to "
               "bakeries and specialty shops in northern Vietnam.\n\n"
               "The first shipment of 18 tonnes cleared customs in Hải Phòng last month. It is a modest start, and "
               "both sides are learning: we changed our packaging for the humid climate, and our partner is "
               "testing smaller retail packs for Tết."),
        "vi": ("Hạt phỉ Azerbaijan trên kệ hàng Hà Nội",
               "Xəzər Fındıq chế biến hạt phỉ từ các vườn quanh Qəbələ và Zaqatala. Việt Nam chưa có trong kế hoạch "
               "xuất khẩu của chúng tôi cho đến khi gặp Hà Nội Caspian Trading tại diễn đàn: một nhà nhập khẩu nhỏ, "
               "với đội ngũ hiểu cả hai thị trường và nói được tiếng Nga, tiếng Anh và tiếng Việt.\n\n"
               "Đối tác cho chúng tôi biết các tiệm bánh và cơ sở sản xuất bánh kẹo ở Hà Nội đang mua gì và với giá "
               "nào. Hai bên đã thỏa thuận phân phối: đối tác nhập khẩu nhân hạt phỉ rang đóng gói hút chân không "
               "và bán dưới thương hiệu của chúng tôi cho các tiệm bánh và cửa hàng đặc sản ở miền Bắc Việt Nam.\n\n"
               "Lô hàng đầu tiên 18 tấn đã thông quan tại Hải Phòng vào tháng trước. Đây là bước khởi đầu khiêm tốn "
               "và cả hai bên đều đang học hỏi: chúng tôi đã thay đổi bao bì cho phù hợp với khí hậu ẩm, còn đối "
               "tác đang thử nghiệm các gói nhỏ hơn cho dịp Tết."),
        "az": ("Azərbaycan fındığı Hanoy rəflərində",
               "Xəzər Fındıq Qəbələ və Zaqatala ətrafındakı bağlardan toplanan fındığı emal edir. Forumda Hà Nội "
               "Caspian Trading ilə tanış olana qədər Vyetnam ixrac planlarımızda yox idi: bu, hər iki bazarı "
               "tanıyan, rus, ingilis və vyetnam dillərində danışan komandanın idarə etdiyi kiçik idxalçı "
               "şirkətdir.\n\n"
               "Onlar bizə Hanoydakı çörəkxanaların və qənnadı istehsalçılarının bu gün nə aldığını və hansı "
               "qiymətə aldığını göstərdilər. Distribusiya razılaşması əldə etdik: onlar vakuum qablaşdırmada "
               "qovrulmuş fındıq ləpəsini idxal edir və bizim brendimizlə Vyetnamın şimalındakı çörəkxanalara və "
               "xüsusi mağazalara satırlar.\n\n"
               "18 tonluq ilk partiya keçən ay Hải Phòng limanında gömrükdən keçdi. Bu, təvazökar bir başlanğıcdır "
               "və hər iki tərəf öyrənir: biz qablaşdırmanı rütubətli iqlimə uyğunlaşdırdıq, tərəfdaşımız isə Tết "
               "bayramı üçün daha kiçik pərakəndə paketləri sınaqdan keçirir."),
    }),
    ("Công ty TNHH Mekong Green Rice", "Bakı Qida Distribusiya MMC", "sales", 255000, False, {
        "en": ("Jasmine rice from the Mekong Delta for Baku's supermarkets",
               "Mekong Green Rice mills fragrant rice in the Mekong Delta and exports mostly within Asia. At the "
               "forum we met Bakı Qida Distribusiya, which supplies supermarkets and restaurants across Azerbaijan "
               "and wanted a second source of long-grain rice beside its suppliers in Pakistan and India.\n\n"
               "After the meeting we sent samples and a price for delivery by rail and sea through the Middle "
               "Corridor. Our partner tested the rice with two restaurant chains, and two months later we signed a "
               "supply contract for 300 tonnes a year, in four deliveries.\n\n"
               "The first delivery has reached Baku. The 5 kg bags now carry Azerbaijani labels, and we are "
               "discussing a broken-rice product for food manufacturers."),
        "vi": ("Gạo thơm đồng bằng sông Cửu Long cho siêu thị Baku",
               "Mekong Green Rice xay xát gạo thơm tại đồng bằng sông Cửu Long và chủ yếu xuất khẩu trong khu vực "
               "châu Á. Tại diễn đàn, chúng tôi gặp Bakı Qida Distribusiya, công ty cung cấp hàng cho các siêu thị "
               "và nhà hàng trên khắp Azerbaijan, đang tìm nguồn gạo hạt dài thứ hai bên cạnh các nhà cung cấp từ "
               "Pakistan và Ấn Độ.\n\n"
               "Sau cuộc gặp, chúng tôi gửi mẫu và báo giá giao hàng bằng đường sắt và đường biển qua Hành lang "
               "Trung gian. Đối tác đã thử gạo với hai chuỗi nhà hàng, và hai tháng sau hai bên ký hợp đồng cung "
               "cấp 300 tấn mỗi năm, chia làm bốn đợt giao hàng.\n\n"
               "Đợt hàng đầu tiên đã đến Baku. Bao 5 kg nay có nhãn tiếng Azerbaijan, và hai bên đang bàn về sản "
               "phẩm gạo tấm cho các nhà sản xuất thực phẩm."),
        "az": ("Mekonq deltasından Bakı supermarketlərinə yasəmən düyüsü",
               "Mekong Green Rice Mekonq deltasında ətirli düyü emal edir və əsasən Asiya ölkələrinə ixrac edir. "
               "Forumda Azərbaycan üzrə supermarket və restoranları təchiz edən Bakı Qida Distribusiya ilə görüşdük: "
               "şirkət Pakistan və Hindistandakı tədarükçülərindən əlavə ikinci uzundənli düyü mənbəyi axtarırdı."
               "\n\n"
               "Görüşdən sonra nümunələr və Orta Dəhliz vasitəsilə dəmir yolu və dəniz yolu ilə çatdırılma üçün "
               "qiymət təklifi göndərdik. Tərəfdaşımız düyünü iki restoran şəbəkəsində sınaqdan keçirdi və iki ay "
               "sonra ildə dörd partiyada 300 ton üçün tədarük müqaviləsi imzaladıq.\n\n"
               "İlk partiya artıq Bakıya çatıb. 5 kiloqramlıq kisələrdə indi Azərbaycan dilində etiketlər var və "
               "qida istehsalçıları üçün xırda düyü məhsulunu müzakirə edirik."),
    }),
]


def load_past_event(users: dict) -> bool:
    """The finished forum with its attendance, feedback, outcomes and stories; False when it is already there."""
    spec = PAST_EVENT
    if Event.objects.filter(title=spec["title"]).exists():
        return False
    day = timezone.localdate() - timedelta(days=spec["days_ago"])
    event = services.create_event(organizer=users["organizer"], data={
        **{key: spec[key] for key in ("title", "description", "city", "venue", "country", "time_zone",
                                      "meeting_minutes", "request_policy", "max_meetings", "tables")},
        "start_date": day, "end_date": day, "status": Event.Status.PUBLISHED,
        "registration_opens": timezone.now() - timedelta(days=spec["days_ago"] + 45),
        "registration_closes": timezone.now() - timedelta(days=spec["days_ago"] + 2),
        "focus_sectors": Sector.objects.filter(slug__in=spec["sectors"]),
    })
    name, start_time, end_time, pause = spec["session"]
    services.add_session(event=event, data={"name": name, "date": day, "start_time": start_time,
                                            "end_time": end_time, "pause_minutes": pause})
    sides = _past_participants(event)
    meetings = _past_meetings(event, sides, users["organizer"])
    _past_feedback_and_outcomes(event, meetings)
    _past_stories(meetings)
    return True


def _past_participants(event: Event) -> dict[str, list[Participation]]:
    """Approved and checked in at the door (all but the absent company), asked for feedback and followed up."""
    held_at = timezone.make_aware(datetime.combine(event.start_date, time(8, 40)), event.tz)
    companies = {c.name: c for c in Company.objects.filter(
        status=ModerationStatus.APPROVED, name__in=[*PAST_PARTICIPANTS["VN"], *PAST_PARTICIPANTS["AZ"]])}
    sides = {}
    for country, names in PAST_PARTICIPANTS.items():
        sides[country] = Participation.objects.bulk_create([
            Participation(
                event=event, company=companies[name], status=ParticipationStatus.APPROVED,
                registered_at=held_at - timedelta(days=30), decided_at=held_at - timedelta(days=20),
                checked_in_at=None if name == PAST_ABSENT else held_at + timedelta(minutes=index),
                feedback_requested_at=held_at + timedelta(days=1), follow_up_sent_at=held_at + timedelta(days=90))
            for index, name in enumerate(names) if name in companies])
    return sides


def _past_meetings(event: Event, sides: dict[str, list[Participation]], organizer) -> list[Meeting]:
    """Every Vietnamese company meets several Azerbaijani ones, the stories' pairs among them; each is placed in
    the first slot where both are free, at the first free table."""
    vietnamese, azerbaijani = sides["VN"], sides["AZ"]
    by_name = {p.company.name: p for p in [*vietnamese, *azerbaijani]}
    pairs = [(by_name[author], by_name[partner]) for author, partner, *_rest in PAST_STORIES
             if author in by_name and partner in by_name]
    for shift in range(4):
        for index, vn in enumerate(vietnamese):
            az = azerbaijani[(index + shift) % len(azerbaijani)]
            if not any({vn.pk, az.pk} == {a.pk, b.pk} for a, b in pairs):
                pairs.append((vn, az))
    slots, tables = list(event.slots.order_by("starts_at")), list(event.tables.order_by("number"))
    busy: set[tuple[int, int]] = set()  # (participation, slot)
    taken: dict[int, int] = {}  # slot → tables used
    placed = []
    for requester, recipient in pairs:
        slot = next((s for s in slots if (requester.pk, s.pk) not in busy and (recipient.pk, s.pk) not in busy
                     and taken.get(s.pk, 0) < len(tables)), None)
        if slot is None:
            continue
        busy |= {(requester.pk, slot.pk), (recipient.pk, slot.pk)}
        table = tables[taken.get(slot.pk, 0)]
        taken[slot.pk] = taken.get(slot.pk, 0) + 1
        placed.append((requester, recipient, slot, table))
    requests = MeetingRequest.objects.bulk_create([
        MeetingRequest(event=event, requester=requester, recipient=recipient, status=RequestStatus.ACCEPTED,
                       message=f"{requester.company.name} would like to meet {recipient.company.name} at the forum.",
                       created_at=slot.starts_at - timedelta(days=14), responded_at=slot.starts_at - timedelta(days=12))
        for requester, recipient, slot, table in placed])
    meetings = []
    for index, (meeting_request, (requester, recipient, slot, table)) in enumerate(zip(requests, placed,
                                                                                      strict=True)):
        absent = next((p for p in (requester, recipient) if p.checked_in_at is None), None)
        if absent is None and index % 11 == 10:
            absent = recipient  # came to the forum, missed this one meeting
        meetings.append(Meeting(
            request=meeting_request, event=event, slot=slot, table=table, locked=True,
            status=MeetingStatus.NO_SHOW if absent else MeetingStatus.HELD, absent=absent,
            created_at=meeting_request.responded_at, attendance_marked_at=slot.ends_at,
            attendance_marked_by=organizer))
    meetings = Meeting.objects.bulk_create(meetings)
    Seat.objects.bulk_create([
        Seat(meeting=meeting, participation=side, slot=meeting.slot, number=0)
        for meeting in meetings for side in (meeting.request.requester, meeting.request.recipient)])
    return meetings


def _past_feedback_and_outcomes(event: Event, meetings: list[Meeting]) -> None:
    """Most sides answered the feedback: a mix of usefulness; the promising meetings' follow-up answers range from
    nothing to agreements (the stories' meetings among them)."""
    story_pairs = {frozenset((author, partner)): (kind, value) for author, partner, kind, value, *_rest in PAST_STORIES}
    answered = timezone.make_aware(datetime.combine(event.start_date + timedelta(days=3), time(10)), event.tz)
    usefulness = [Usefulness.COOPERATION_POSSIBLE, Usefulness.INFORMATIVE, Usefulness.COOPERATION_POSSIBLE,
                  Usefulness.INSUFFICIENT_INTEREST, Usefulness.INFORMATIVE]
    results = [OutcomeResult.NEGOTIATION, OutcomeResult.NOTHING, OutcomeResult.AGREEMENT, OutcomeResult.NEGOTIATION]
    feedback, outcomes = [], []
    for index, meeting in enumerate(meetings):
        request = meeting.request
        story = story_pairs.get(frozenset((request.requester.company.name, request.recipient.company.name)))
        for side_index, side in enumerate((request.requester, request.recipient)):
            if side.pk == meeting.absent_id or (story is None and (index + side_index) % 6 == 5):
                continue  # the absent side, and a few who never answered
            held = meeting.status == MeetingStatus.HELD
            useful = Usefulness.COOPERATION_POSSIBLE if story else usefulness[(index + side_index) % 5]
            feedback.append(MeetingFeedback(meeting=meeting, participation=side, took_place=held,
                                            usefulness=useful if held else "", answered_at=answered))
            if not held or useful != Usefulness.COOPERATION_POSSIBLE:
                continue
            result = OutcomeResult.AGREEMENT if story else results[index % len(results)]
            kind, value = story or (AgreementKind.MEMORANDUM, None)
            agreement = result == OutcomeResult.AGREEMENT
            outcomes.append(MeetingOutcome(
                meeting=meeting, participation=side, result=result, agreement_kind=kind if agreement else "",
                value_usd=value if agreement else None, answered_at=answered + timedelta(days=95)))
    MeetingFeedback.objects.bulk_create(feedback)
    MeetingOutcome.objects.bulk_create(outcomes)


def _past_stories(meetings: list[Meeting]) -> None:
    """The three stories, agreed to by the partner and approved by a moderator: published."""
    by_pair = {frozenset((m.request.requester.company.name, m.request.recipient.company.name)): m for m in meetings}
    sectors = list(Sector.objects.filter(slug__in=["agriculture-food", "trade"]))
    for age, (author_name, partner_name, _kind, _value, featured, texts) in enumerate(PAST_STORIES):
        meeting = by_pair.get(frozenset((author_name, partner_name)))
        if meeting is None:
            continue
        request = meeting.request
        author, partner = (request.requester.company, request.recipient.company) \
            if request.requester.company.name == author_name else (request.recipient.company,
                                                                   request.requester.company)
        published = timezone.now() - timedelta(days=20 + 15 * age)
        story = SuccessStory.objects.create(
            author=author, partner=partner, meeting=meeting, women_led=author.women_led or partner.women_led,
            featured=featured, status=ModerationStatus.APPROVED, moderated_at=published,
            consent=Consent.GIVEN, consent_decided_at=published - timedelta(days=2),
            created_at=published - timedelta(days=5), published_at=published)
        story.sectors.set(sectors)
        SuccessStoryText.objects.bulk_create(
            SuccessStoryText(story=story, language=code, title=title, body=body) for code, (title, body) in
            texts.items())
