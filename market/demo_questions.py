"""Demo market questions and answers in the three languages, by the demo owners' companies and the demo admin.

Idempotent: a question is looked up by its title, an answer by its question and author. Advice only names the
bodies and documents that exist, and says to check with them; no figure is given. Needs the demo accounts and
companies (companies.demo) loaded first; without them it creates nothing.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from companies.models import HSChapter, Membership, ModerationStatus, Sector
from market.models.questions import Answer, Question, QuestionFollow

OWNER_VN = "owner.vn@tradebridge.example"
OWNER_AZ = "owner.az@tradebridge.example"
ADMIN = "admin@tradebridge.example"

# (asker, language, title, body, sector slug, HS chapter or None, [(answerer, language, body, helpful)])
QUESTIONS = [
    (OWNER_VN, "en", "What certificates does rice need to enter Azerbaijan?",
     "We export jasmine rice in 25 kg and 50 kg bags. Which documents does an importer in Baku ask for, and does the "
     "rice have to be registered before the first shipment?",
     "agriculture-food", 10, [
         (OWNER_AZ, "az",
          "Bizim idxal təcrübəmizə görə: ixracatçı ölkənin fitosanitar sertifikatı, mənşə sertifikatı, invoys və "
          "qablaşdırma siyahısı tələb olunur. Qida məhsulları Azərbaycan Qida Təhlükəsizliyi Agentliyinin (AQTA) "
          "nəzarətindədir; ilk partiyadan əvvəl idxalçı ilə birlikdə AQTA-nın cari tələblərini yoxlamağı məsləhət "
          "görürük. Etiketdə Azərbaycan dilində məlumat olmalıdır.",
          True),
         (ADMIN, "en",
          "Our brief on agriculture and food lists the documents and the Azerbaijan Food Safety Agency (AFSA) as the "
          "body to check with. Ask your importer to confirm the current requirements before you book the first "
          "container: they change, and the importer deals with them at the border.",
          False),
     ]),
    (OWNER_AZ, "az", "Vyetnama fındıq ixrac etmək üçün hansı sənədlər lazımdır?",
     "Qovrulmamış fındığı Vyetnama göndərmək istəyirik. Vyetnam tərəfdə hansı icazələr tələb olunur?",
     "agriculture-food", 8, [
         (OWNER_VN, "vi",
          "Theo kinh nghiệm của chúng tôi: sản phẩm thực vật nhập khẩu vào Việt Nam cần giấy chứng nhận kiểm dịch "
          "thực vật của nước xuất khẩu và phải được Cục Bảo vệ thực vật kiểm dịch tại cửa khẩu. Với một loại sản phẩm"
          " lần đầu nhập từ một quốc gia, có thể cần phân tích nguy cơ dịch hại trước khi được phép nhập. Bạn nên nhờ"
          " nhà nhập khẩu kiểm tra danh mục hiện hành.",
          False),
     ]),
    (OWNER_VN, "vi", "Vận chuyển container từ TP. Hồ Chí Minh đến Baku đi tuyến nào?",
     "Chúng tôi muốn gửi hàng nông sản bằng container 40 feet. Tuyến nào thường được dùng và cần lưu ý gì?",
     "transport-logistics", None, [
         (OWNER_AZ, "en",
          "Two routes are common: by sea to a Georgian Black Sea port (Poti or Batumi) and on by rail to Baku, or by "
          "rail across Central Asia and the Caspian ferry to the port of Alat (the Middle Corridor). Transit times "
          "and prices change with the season and the carriers: ask two or three forwarders who run the route for a "
          "current quote.",
          False),
     ]),
    (OWNER_AZ, "en", "Is Vietnamese cà phê sold in Baku mostly roasted or green?",
     "We are a distributor and see more Vietnamese coffee on the shelves. Do roasters here buy green Robusta "
     "directly, or is it imported roasted?",
     "agriculture-food", 9, [
     ]),
]


def load() -> int:
    """Create the demo questions, answers and follows that are missing; returns how many rows were created."""
    users = {user.email: user for user in get_user_model().objects.filter(email__in=[OWNER_VN, OWNER_AZ, ADMIN])}
    companies = {m.user.email: m.company for m in Membership.objects.filter(user__in=users.values())
                 .select_related("user", "company")}
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    chapters = {chapter.code: chapter for chapter in HSChapter.objects.all()}
    created = 0
    now = timezone.now()
    approved = {"status": ModerationStatus.APPROVED, "moderated_at": now, "moderated_by": users.get(ADMIN)}
    for asker, language, title, body, sector, chapter, answers in QUESTIONS:
        if asker not in companies or sector not in sectors:  # the demo companies were not loaded
            continue
        question = Question.objects.filter(title=title).first()
        if question is None:
            question = Question(company=companies[asker], author=users[asker], title=title, body=body,
                                language=language,
                                sector=sectors[sector], hs_chapter=chapters.get(chapter), **approved)
            question.save()
            created += 1
        created += QuestionFollow.objects.get_or_create(user=users[asker], question=question)[1]
        for answerer, answer_language, text, helpful in answers:
            user = users.get(answerer)
            if user is None or Answer.objects.filter(question=question, author=user).exists():
                continue
            Answer.objects.create(question=question, author=user, company=companies.get(answerer),
                                  by_staff=user.is_staff, body=text, language=answer_language, helpful=helpful,
                                  **approved)
            created += 1
    return created
