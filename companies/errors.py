"""Errors of companies' writes; their messages are meant for the user."""


class CompanyError(Exception):
    """A write that the rules refuse; the message is meant for the user."""
