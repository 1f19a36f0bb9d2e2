from market.views.home import home  # noqa: F401
