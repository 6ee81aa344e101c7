from django.urls import path

from .views import public as views

app_name = "events"

urlpatterns = [
    path("days/<int:page_id>/actions/<int:pk>/rsvp/", views.rsvp_send, name="rsvp"),
]
