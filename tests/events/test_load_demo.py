import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from companies.demo_data import DEMO_COMPANIES
from companies.models import Company, Membership
from events.models import Event, Meeting, Notification
from matchmaking.models import CandidateKey


@pytest.fixture(autouse=True)
def development(settings):
    settings.DEBUG = True


@pytest.mark.django_db
def test_load_demo_creates_companies_and_accounts_once(capsys):
    call_command("load_demo", "--no-logos")
    first = capsys.readouterr().out
    call_command("load_demo", "--no-logos")
    second = capsys.readouterr().out

    assert Company.objects.count() == len(DEMO_COMPANIES) == 60
    assert get_user_model().objects.count() == 4
    assert EmailAddress.objects.filter(verified=True).count() == 4
    assert "Demo companies: 60 created, 0 already there." in first
    assert "Demo companies: 0 created, 60 already there." in second
    assert "owner.vn@tradebridge.example" in second and "demo-owner-vn-2026" in second


@pytest.mark.django_db
def test_load_demo_companies_are_realistic():
    call_command("load_demo", "--no-logos")

    assert {"VN", "AZ"} <= set(Company.objects.values_list("country", flat=True))
    assert Company.objects.filter(women_led=True).count() >= 10
    assert Company.objects.approved().count() == 57
    assert all(c.sectors.exists() and c.languages.exists() for c in Company.objects.all())
    owners = Membership.objects.filter(role="owner").select_related("company", "user")
    assert sorted((m.user.email, m.company.country) for m in owners) == [
        ("owner.az@tradebridge.example", "AZ"), ("owner.vn@tradebridge.example", "VN"),
    ]


@pytest.mark.django_db
def test_load_demo_creates_two_living_events_once():
    call_command("load_demo", "--no-logos")
    call_command("load_demo", "--no-logos")

    events = Event.objects.order_by("start_date")
    assert [(e.city, e.status, e.time_zone) for e in events] == [
        ("Bakı", "published", "Asia/Baku"), ("Thành phố Hồ Chí Minh", "published", "Asia/Ho_Chi_Minh")]
    baku = events[0]
    assert baku.tables.count() == 30
    assert baku.sessions.count() == 2
    assert baku.participations.filter(status="pending").exists()
    assert set(baku.requests.values_list("status", flat=True)) == {"accepted", "pending", "declined"}
    assert Meeting.objects.filter(event=baku, slot__isnull=False).count() >= 8
    # Bookings went through the services, so the demo owners find notices waiting for them.
    assert Notification.objects.filter(user__email="owner.vn@tradebridge.example").exists()


@pytest.mark.django_db
def test_load_demo_draws_logos(media_root):
    call_command("load_demo")

    company = Company.objects.exclude(logo="").first()
    assert company.logo.name.endswith(".webp")
    assert (media_root / company.logo_thumbnail.name).exists()


@pytest.mark.django_db
def test_load_demo_synthetic_companies_are_bulk_created(capsys):
    call_command("load_demo", "--no-logos", "--companies", "250")
    call_command("load_demo", "--no-logos", "--companies", "10")

    synthetic = Company.objects.filter(slug__startswith="synthetic-")
    assert synthetic.count() == 260
    assert synthetic.approved().count() == 260
    assert all(1 <= c.sectors.count() <= 3 for c in synthetic[:50])
    assert "Synthetic companies: 10 created, with " in capsys.readouterr().out
    assert CandidateKey.objects.filter(company__in=synthetic).count() == 260


@pytest.mark.django_db
def test_load_demo_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("load_demo")

    assert Company.objects.count() == 0


@pytest.mark.django_db
def test_load_demo_owners_take_part_in_both_events():
    call_command("load_demo", "--no-logos")

    for email in ("owner.vn@tradebridge.example", "owner.az@tradebridge.example"):
        company = Membership.objects.get(user__email=email).company
        assert sorted(company.participations.values_list("status", flat=True)) == ["approved", "approved"]


@pytest.mark.django_db
def test_load_demo_leaves_one_meeting_for_schedule_all_to_place():
    from events.planning import propose_plan

    call_command("load_demo", "--no-logos")

    baku = Event.objects.get(city="Bakı")
    plan = propose_plan(baku)
    assert Meeting.objects.filter(event=baku, slot__isnull=True).count() == 1
    assert (plan.placed_before, plan.placed, plan.left_out) == (plan.total - 1, plan.total, 0)
