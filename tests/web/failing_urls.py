"""An address shaped like a family's private booking link whose view fails with their details at hand."""

from django.http import HttpResponseServerError
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

FAMILY_EMAIL = "amina.rahman@example.org"
FAMILY_PHONE = "07700 900111"


# Exempt so that the error reporting test can post to it through the plain WSGI handler.
@csrf_exempt
def failing_booking_view(request, token):
    email = request.POST.get("email", FAMILY_EMAIL)
    phone = request.POST.get("phone", FAMILY_PHONE)
    manage_token = token
    raise ValueError(f"Could not change the booking {manage_token} for {email}, {phone}")


def plain_server_error(request):
    return HttpResponseServerError("Server error")


urlpatterns = [path("booking/<str:token>/", failing_booking_view)]
handler500 = plain_server_error
