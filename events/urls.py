from django.urls import path

from events import urls_attendance, urls_feedback, urls_impact, urls_questions, urls_team
from events.views import announcements, duplication, imports, organizer, participant, planning, public, withdrawal

app_name = "events"

urlpatterns = [
    path("", public.event_list, name="list"),
    path("mine/", participant.my_events, name="mine"),
    path("new/", organizer.create_event, name="create"),
    path("notifications/", participant.notifications, name="notifications"),
    path("<slug:slug>/", public.event_detail, name="detail"),
    # Participants
    path("<slug:slug>/register/", participant.register, name="register"),
    path("<slug:slug>/participation/", participant.participation, name="participation"),
    path("<slug:slug>/participation/withdraw/", withdrawal.withdraw, name="withdraw"),
    path("<slug:slug>/participants/", participant.participants, name="participants"),
    path("<slug:slug>/participants/<int:pk>/request/", participant.request_meeting, name="request_meeting"),
    path("<slug:slug>/requests/", participant.requests, name="requests"),
    path("<slug:slug>/requests/<int:pk>/accept/", participant.accept_request, name="accept_request"),
    path("<slug:slug>/requests/<int:pk>/decline/", participant.decline_request, name="decline_request"),
    path("<slug:slug>/requests/<int:pk>/cancel/", participant.cancel_request, name="cancel_request"),
    path("<slug:slug>/agenda/", participant.agenda, name="agenda"),
    path("<slug:slug>/agenda.ics", participant.agenda_ics, name="agenda_ics"),
    path("<slug:slug>/announcements/", announcements.received, name="announcements_received"),
    # Organizers
    path("<slug:slug>/edit/", organizer.edit_event, name="edit"),
    path("<slug:slug>/duplicate/", duplication.duplicate, name="duplicate"),
    path("<slug:slug>/manage/", organizer.dashboard, name="dashboard"),
    path("<slug:slug>/manage/sessions/", organizer.sessions, name="sessions"),
    path("<slug:slug>/manage/sessions/<int:pk>/", organizer.edit_session, name="edit_session"),
    path("<slug:slug>/manage/sessions/<int:pk>/delete/", organizer.delete_session, name="delete_session"),
    path("<slug:slug>/manage/participants/bulk/", organizer.bulk_action, name="bulk_action"),
    path("<slug:slug>/manage/participants/<int:pk>/decide/", organizer.decide_participation, name="decide"),
    path("<slug:slug>/manage/participants/<int:pk>/decline/", organizer.confirm_decline, name="confirm_decline"),
    path("<slug:slug>/manage/plan/", organizer.plan, name="plan"),
    path("<slug:slug>/manage/plan/print/", organizer.print_plan, name="print_plan"),
    path("<slug:slug>/manage/plan/schedule-all/", planning.schedule_all, name="schedule_all"),
    path("<slug:slug>/manage/meetings/<int:pk>/move/", organizer.move_meeting, name="move_meeting"),
    path("<slug:slug>/manage/meetings/<int:pk>/cancel/", organizer.cancel_meeting, name="cancel_meeting"),
    path("<slug:slug>/manage/meetings/<int:pk>/lock/", organizer.lock_meeting, name="lock_meeting"),
    path("<slug:slug>/manage/announcements/", announcements.announcements, name="announcements"),
    path("<slug:slug>/manage/import/", imports.import_participants, name="import_participants"),
    path("<slug:slug>/manage/import/apply/", imports.apply_import, name="apply_import"),
    path("<slug:slug>/manage/import/participants.csv", imports.import_template, name="import_template"),
    path("<slug:slug>/manage/import/invitations/<int:pk>/resend/", imports.resend_invitation,
         name="resend_invitation"),
    path("<slug:slug>/manage/import/invitations/<int:pk>/withdraw/", imports.withdraw_invitation,
         name="withdraw_invitation"),
    path("<slug:slug>/invitation/<str:token>/", imports.participant_invitation, name="participant_invitation"),
    path("<slug:slug>/invitation/<str:token>/company/", imports.invitation_company, name="invitation_company"),
    path("<slug:slug>/manage/export/meetings.csv", organizer.export_meetings, name="export_meetings"),
    path("<slug:slug>/manage/export/participants.csv", organizer.export_participants, name="export_participants"),
]

# After the meeting (issue 12): check-in and attendance, feedback and outcomes, impact reports. Fixed prefixes first
# (the event pages above match any slug; setup.RESERVED_SLUGS keeps events off them).
urlpatterns = urls_impact.urlpatterns + urls_feedback.urlpatterns + urls_attendance.urlpatterns + urlpatterns
urlpatterns += urls_team.urlpatterns  # the event's team (issue 17)
urlpatterns += urls_questions.urlpatterns  # registration questions (issue 17)
