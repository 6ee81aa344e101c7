from django.urls import path

from . import views

app_name = "solidarity"

urlpatterns = [
    path("walls/<int:page_id>/post/", views.message_send, name="post"),
    path(
        "walls/<int:page_id>/messages/<int:pk>/report/",
        views.message_report_send,
        name="report",
    ),
]
