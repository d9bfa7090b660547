"""The admin's "Directory" menu: the shared lists that public pages draw on.

Each app declares the admin of its own lists in its wagtail_hooks.py, on
DirectoryViewSet, and they gather under this one menu: venues (1), local services (2),
topics (3) and who groups are for (4), by their menu_order.
"""

from django.utils.translation import gettext_lazy
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

DIRECTORY_MENU_HOOK = "register_directory_menu_item"


class DirectoryViewSet(SnippetViewSet):
    menu_hook = DIRECTORY_MENU_HOOK


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Directory")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    submenu_hook = DIRECTORY_MENU_HOOK
