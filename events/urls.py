from django.urls import path

from . import check_in_views, feed_urls, privacy_views, topic_views, views

app_name = "events"

# feed_urls registers the `row_id` converter used here too.
urlpatterns: list = [
    path("sessions/<row_id:session_id>/", views.session_detail, name="session_detail"),
    path("booking/<slug:token>/", views.booking_manage, name="booking_manage"),
    path("booking/<slug:token>/<row_id:booking_id>/change/", views.booking_change, name="booking_change"),
    path("booking/<slug:token>/<row_id:booking_id>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("booking/<slug:token>/run/<row_id:schedule_id>/cancel/", views.booking_run_cancel, name="booking_run_cancel"),
    path("booking/<slug:token>/waiting/<row_id:entry_id>/leave/", views.waiting_leave, name="waiting_leave"),
    path("booking/<slug:token>/contact/", views.contact_channels, name="contact_channels"),
    path("booking/<slug:token>/ideas/", topic_views.topics_family, name="topics_family"),
    path("booking/<slug:token>/ideas/<row_id:topic_id>/vote/", topic_views.topic_vote, name="topic_vote"),
    path(
        "booking/<slug:token>/ideas/<row_id:topic_id>/take-back/",
        topic_views.topic_vote_withdraw_view,
        name="topic_vote_withdraw",
    ),
    path("booking/<slug:token>/book/<row_id:session_id>/", topic_views.topic_workshop_book, name="topic_workshop_book"),
    path("check-in/<slug:token>/", check_in_views.check_in_answer, name="check_in_answer"),
    path("booking/<slug:token>/new-link/", privacy_views.private_link_reset, name="private_link_reset"),
]

urlpatterns += feed_urls.urlpatterns
