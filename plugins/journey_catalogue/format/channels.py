"""The touchpoint channel vocabulary: ids that steps and personas may use, with labels and icons."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from ..i18n import N_

_CHANNEL_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Channel:
    id: str
    label: str
    icon: str  # a Material for MkDocs icon name, e.g. "material/email-outline"


DEFAULT_CHANNELS: tuple[Channel, ...] = (
    Channel("web", N_("Website"), "material/web"),
    Channel("mobile-app", N_("Mobile app"), "material/cellphone"),
    Channel("email", N_("Email"), "material/email-outline"),
    Channel("phone", N_("Phone"), "material/phone"),
    Channel("chat", N_("Live chat"), "material/chat-outline"),
    Channel("chatbot", N_("Chatbot"), "material/robot-outline"),
    Channel("social", N_("Social media"), "material/account-group-outline"),
    Channel("store", N_("Store"), "material/storefront-outline"),
    Channel("in-person", N_("In person"), "material/account-tie"),
    Channel("intranet", N_("Intranet"), "material/domain"),
    Channel("partner", N_("Partner"), "material/handshake-outline"),
    Channel("sms", N_("SMS"), "material/message-text-outline"),
    Channel("mail", N_("Post"), "material/mailbox-outline"),
    Channel("search", N_("Search engine"), "material/magnify"),
    Channel("advertising", N_("Advertising"), "material/bullhorn-outline"),
    Channel("video-call", N_("Video call"), "material/video-outline"),
    Channel("portal", N_("Self-service portal"), "material/monitor-dashboard"),
    Channel("word-of-mouth", N_("Word of mouth"), "material/account-voice"),
    Channel("delivery", N_("Delivery"), "material/truck-delivery-outline"),
    Channel("atm", N_("ATM"), "material/atm"),
)


def custom_channel_problems(custom: object) -> list[str]:
    """What is wrong with a site's `channels` option ({id: {label: ..., icon: ...}}), if anything."""
    if not isinstance(custom, Mapping):
        return [
            f"expected a mapping of channel ids to {{label: ..., icon: ...}}, got {type(custom).__name__}"
        ]
    problems = []
    for channel_id, spec in custom.items():
        if not isinstance(channel_id, str) or not _CHANNEL_ID.match(channel_id):
            problems.append(f"channel id {channel_id!r}: use lowercase letters, digits and single hyphens")
        if spec is None:
            continue
        if not isinstance(spec, Mapping):
            problems.append(f"channel {channel_id!r}: expected {{label: ..., icon: ...}}, got {spec!r}")
            continue
        for key, value in spec.items():
            if key not in ("label", "icon"):
                problems.append(f"channel {channel_id!r}: unknown key {key!r} (expected label or icon)")
            elif not isinstance(value, str) or not value.strip():
                problems.append(f"channel {channel_id!r}: {key} must be text, got {value!r}")
    return problems


class ChannelVocabulary:
    """Channel lookup by id, in a stable order (defaults first, then additions)."""

    def __init__(self, channels: tuple[Channel, ...] | list[Channel]):
        self._by_id = {c.id: c for c in channels}

    @classmethod
    def build(cls, custom: Mapping[str, Mapping[str, str]] | None = None, *, keep_defaults: bool = True):
        """Defaults extended (or replaced, with keep_defaults=False) by a site's own channels."""
        channels = {c.id: c for c in DEFAULT_CHANNELS} if keep_defaults else {}
        for channel_id, spec in (custom or {}).items():
            spec = spec or {}
            base = channels.get(channel_id)
            channels[channel_id] = Channel(
                channel_id,
                str(spec.get("label") or (base.label if base else channel_id)),
                str(spec.get("icon") or (base.icon if base else "material/circle-medium")),
            )
        return cls(list(channels.values()))

    def translated(self, gettext: Callable[[str], str]) -> ChannelVocabulary:
        """The same channels with each default label (one a site did not rename) in the site's language."""
        defaults = {c.id: c.label for c in DEFAULT_CHANNELS}
        return ChannelVocabulary(
            [replace(c, label=gettext(c.label)) if defaults.get(c.id) == c.label else c for c in self]
        )

    def __contains__(self, channel_id: object) -> bool:
        return channel_id in self._by_id

    def __getitem__(self, channel_id: str) -> Channel:
        return self._by_id[channel_id]

    def __iter__(self):
        return iter(self._by_id.values())

    def ids(self) -> list[str]:
        return list(self._by_id)

    def get(self, channel_id: str) -> Channel:
        """A channel, or a neutral stand-in for an unknown id (validation reports those)."""
        return self._by_id.get(channel_id) or Channel(channel_id, channel_id, "material/circle-medium")
