"""Errors that events' writes raise; their messages are meant for the user."""

from django.utils.translation import gettext_lazy as _


class EventError(Exception):
    """A change the rules refuse; the message is meant for the user."""


class BusyError(EventError):
    """A change that kept losing races with other changes of the same event; nothing was changed."""

    def __init__(self):
        super().__init__(_("Many changes are being made to this event at this moment, and yours could not go "
                           "through. Nothing was changed: please try again."))
