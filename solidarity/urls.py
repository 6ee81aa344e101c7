from django.urls import path

from . import views

app_name = "solidarity"

urlpatterns = [
    path("walls/<int:page_id>/post/", views.message_send, name="post"),
]
