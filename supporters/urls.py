from django.urls import path

from . import views

app_name = "supporters"

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("my-data/", views.data_request, name="data_request"),
    path("my-data/sent/", views.data_request_sent, name="data_request_sent"),
    path("my-data/<str:token>/", views.data, name="data"),
]
