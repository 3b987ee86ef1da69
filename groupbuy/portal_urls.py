"""Group buying under the household's link: /h/<token>/groupbuy/…"""

from django.urls import path

from groupbuy import resident_views

urlpatterns = [
    path("<id:pk>/", resident_views.sign_up, name="groupbuy_sign_up"),
]
