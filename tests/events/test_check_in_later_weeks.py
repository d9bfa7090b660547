"""Staff choose, per group, how many weeks after a family's first session the later check-in comes."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from events.models import GroupPage
from events.models.messages import CheckInMessageKind
from home.builders import publish
from tests.events.booking_support import group_make, user_in
from tests.events.test_check_ins import came, check_in_messages, invite
from tests.factories import group_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_group_that_chose_four_weeks_asks_again_after_four_not_the_usual_eight(commit, settings):
    settings.CHECK_IN_LATER_WEEKS = 8
    group = group_make(check_in_later_weeks=4)
    came(group, days_ago=4 * 7)
    assert invite(commit) == 1
    assert check_in_messages().get().kind == CheckInMessageKind.LATER

    other = group_add(group.get_parent(), "Walkerburn Mums", check_in_later_weeks=4)
    came(other, days_ago=8 * 7, first_name="Bea", email="bea@example.org")
    assert invite(commit) == 0


def test_a_group_left_blank_asks_again_after_the_usual_weeks(commit, settings):
    settings.CHECK_IN_LATER_WEEKS = 6
    group = group_make()
    came(group, days_ago=6 * 7)
    assert invite(commit) == 1
    assert check_in_messages().get().kind == CheckInMessageKind.LATER


def test_a_group_that_chose_nought_asks_only_once(commit, settings):
    settings.CHECK_IN_LATER_WEEKS = 8
    group = group_make(check_in_later_weeks=0)
    came(group, days_ago=8 * 7)
    assert invite(commit) == 0

    came(group, days_ago=1, first_name="Bea", email="bea@example.org")
    assert invite(commit) == 1
    assert check_in_messages().get().kind == CheckInMessageKind.FIRST


def test_staff_set_it_on_the_group_with_plain_help(client, settings):
    group = group_make()
    staff = user_in("staff")
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    url = reverse("wagtailadmin_pages:edit", args=[group.pk])

    html = client.get(url).content.decode()
    assert "Later check-in, weeks after the first session" in html
    assert f"Leave it blank for the usual {settings.CHECK_IN_LATER_WEEKS} weeks, or put 0 to ask only once." in html


def test_more_than_a_year_is_refused():
    group = GroupPage.objects.get(pk=group_make().pk)
    group.check_in_later_weeks = 53
    with pytest.raises(ValidationError) as refused:
        group.full_clean()
    assert "check_in_later_weeks" in refused.value.message_dict


def test_translations_share_the_english_pages_number(settings):
    group = group_make()
    urdu, _ = Locale.objects.get_or_create(language_code="ur")
    source, _ = TranslationSource.get_or_create_from_instance(group)
    translation, _ = source.create_or_update_translation(urdu, copy_parent_pages=True, fallback=True)
    assert translation.check_in_later_weeks is None

    group.check_in_later_weeks = 4
    publish(group)
    source.update_from_db()
    translation, _ = source.create_or_update_translation(urdu, fallback=True)

    assert translation.check_in_later_weeks == 4
