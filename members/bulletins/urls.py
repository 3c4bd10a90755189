from django.urls import path

from . import views

app_name = "bulletins"

urlpatterns = [
    path("bulletins/", views.bulletin_index, name="index"),
    path("bulletins/<slug:slug>/", views.bulletin_detail, name="detail"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
