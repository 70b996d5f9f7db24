from django.urls import path

from . import feeds, views

urlpatterns = [
    path("", views.news_list, name="list"),
    path("<int:pk>/", views.news_detail, name="detail"),
    path("rss.xml", feeds.rss, name="rss"),
    path("atom.xml", feeds.atom, name="atom"),
]
