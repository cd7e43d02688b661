"""Template tags of the web pages: the page to come back to after switching language, a user's access."""

from django import template

from missionfacts.access.rules import can_edit, can_read_drafts

register = template.Library()


@register.simple_tag(takes_context=True)
def this_page(context) -> str:
    """The current page's path and query, without `lang` (which would override the language chosen)."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("lang", None)
    return request.path + (f"?{query.urlencode()}" if query else "")


@register.simple_tag
def mission_access(user, mission) -> dict:
    """What the user may do with the mission's staff pages: {"read": …, "edit": …}."""
    return {"read": can_read_drafts(user, mission), "edit": can_edit(user, mission)}
