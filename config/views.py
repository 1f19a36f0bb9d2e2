from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from companies.models import Company, ModerationStatus, Sector
from events.selectors import public_events


def home(request):
    approved = Q(companies__status=ModerationStatus.APPROVED)
    counts = Company.objects.approved().aggregate(
        company_count=Count("pk"),
        vn_count=Count("pk", filter=Q(country="VN")),
        az_count=Count("pk", filter=Q(country="AZ")),
        women_led_count=Count("pk", filter=Q(women_led=True)),
    )
    sectors = Sector.objects.annotate(company_count=Count("companies", filter=approved)).order_by("name_en")
    upcoming = public_events().filter(end_date__gte=timezone.now().date())[:3]
    return render(request, "home.html", {**counts, "sectors": sectors, "upcoming_events": upcoming})
