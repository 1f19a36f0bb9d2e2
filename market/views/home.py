from django.shortcuts import render


def home(request):
    """The market information hub: the trade figures, the sector briefs, supply and demand, the questions, the
    trade fairs and the success stories."""
    return render(request, "market/home.html")
