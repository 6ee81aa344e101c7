from django.urls import path

from .views import public as views

app_name = "petitions"

urlpatterns = [
    path("petitions/<int:page_id>/sign/", views.petition_sign, name="sign"),
    path("petitions/<int:page_id>/thanks/", views.petition_thanks_plain, name="thanks"),
    path("embed/petitions/<int:page_id>/", views.petition_embed, name="embed"),
]
