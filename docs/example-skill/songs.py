"""Which song shall we sing today? A whole skill in one module: an intent, a tile, a setting, an
admin page and its language data (nlu_data/<lang>/songs.yml beside this file)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from assistant.skills import AdminPages, Answer, Card, CardItem, Say, Skill, SkillRequest, Tile
from assistant.web.admin_auth import PageSession
from assistant.web.app import Web
from assistant.web.pages import render


class SongsSettings(BaseModel):
    """`skills.songs:` in assistant.yml."""

    model_config = ConfigDict(extra="forbid")

    songs: list[str] = Field(["Imse vimse spindel", "Blinka lilla stjärna"], min_length=1,
                             description="The songs the children know; one is chosen each day.")


class SongsSkill(Skill):
    """Answers `song`: today's song, chosen from the teachers' list."""

    name = "songs"
    intents = ("song",)
    tiles = (Tile("song", "🎵", order=60),)
    Settings = SongsSettings

    def song(self, day: dt.date) -> str:
        """The song of the day (the same all day, another tomorrow)."""
        songs = self.context.settings.songs
        return songs[day.toordinal() % len(songs)]

    def handle(self, request: SkillRequest) -> Answer:
        song = self.song(request.today)
        return Answer([Say("song_today", {"song": song})], Card("song", [CardItem("🎵", label=song)]))

    def admin(self) -> AdminPages:
        router = APIRouter()

        @router.get("")
        def songs_page(request: Request, web: Web, session: PageSession):
            return render(request, web, session, "songs/list.html", title="Songs",
                          songs=self.context.settings.songs, today=self.song(web.assistant.now().date()))

        return AdminPages(router, [("", "🎵 Songs")], Path(__file__).with_name("templates"))
