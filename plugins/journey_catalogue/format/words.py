"""The format's field names and values (severities, statuses) as a reader reads them, in running text:
gettext msgids, worded in the site's language where they are shown (the step table's badges, a map's
history, the review report)."""

from __future__ import annotations

from ..i18n import N_

SEVERITIES = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}
MAP_STATUS_WORDS = {"draft": N_("draft"), "published": N_("published"), "archived": N_("archived")}
OPPORTUNITY_STATUSES = {
    "idea": N_("idea"),
    "planned": N_("planned"),
    "in-progress": N_("in-progress"),
    "done": N_("done"),
}
# Every field of a map, a stage and a step that a change can touch ("body" is the map's story).
FIELD_WORDS = {
    "title": N_("title"),
    "summary": N_("summary"),
    "segment": N_("segment"),
    "industry": N_("industry"),
    "personas": N_("personas"),
    "tags": N_("tags"),
    "owner": N_("owner"),
    "updated": N_("review date"),
    "status": N_("status"),
    "template": N_("template mark"),
    "lang": N_("language"),
    "future_of": N_("current-state map"),
    "sources": N_("sources"),
    "body": N_("story"),
    "name": N_("name"),
    "phase": N_("phase"),
    "goal": N_("goal"),
    "needs": N_("needs"),
    "kpis": N_("KPIs"),
    "next": N_("next stages"),
    "action": N_("action"),
    "touchpoints": N_("touchpoints"),
    "emotion": N_("emotion"),
    "feeling": N_("feeling"),
    "thought": N_("thought"),
    "pains": N_("pain points"),
    "opportunities": N_("opportunities"),
    "backstage": N_("backstage"),
    "detail": N_("detail map"),
    "extra": N_("custom data"),
}
