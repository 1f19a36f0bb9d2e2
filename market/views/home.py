from django.shortcuts import render


def home(request):
    """The market information hub: links to the trade figures, the sector briefs, supply and demand, the
    questions and the trade fairs."""
    return render(request, "market/home.html")
