"""The market app in the Django admin, one module per feature."""

from market import admin_briefs, admin_fairs, admin_figures, admin_questions  # noqa: F401
