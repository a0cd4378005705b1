"""The admin's settings page: the preschool's assistant.yml as a form, checked before it is written.

Saved settings go to the assistant's one `Settings` at once, so every part uses them from the
next question on; the page says which ones wait for a restart and why.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from assistant.core import Assistant, data_folders, languages_with_data
from assistant.review import review
from assistant.web.admin_auth import ChangeSession, PageSession, Submitted
from assistant.web.app import Web
from assistant.web.languages import language_choice
from assistant.web.pages import render, teacher_words
from assistant.web.settings_form import FormState, Models, build_sections, current_state, read_form, save


def offered_languages(assistant: Assistant) -> list[str]:
    """Languages with language data here: the configured ones first, then the rest."""
    found = set(languages_with_data())
    configured = list(assistant.config.languages)
    return configured + sorted(found - set(configured))


def file_version(path: Path) -> str:
    """A fingerprint of the settings file as it is now (a page sends it back with its changes)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return ""


def skill_models(assistant: Assistant) -> Models:
    """Every installed skill's settings model."""
    return {name: cls.Settings for name, cls in assistant.skill_classes.items()}


def settings_routes(router: APIRouter) -> None:
    """Add the settings page's routes to the admin router."""

    def page(request: Request, web: Web, session: PageSession, state: FormState, status: int = 200):
        overrides = tuple(sorted(web.assistant.config.locales.items()))
        names = {code: language_choice(code, overrides) for code in offered_languages(web.assistant)}
        folders = data_folders(web.assistant.skill_classes)
        reviews = {code: review(code, folders) for code in names}
        config_file = web.config_dir / "assistant.yml"
        return render(request, web, session, "admin_settings.html", status, title="settings_title",
                      state=state, language_names=names, reviews=reviews, config_file=config_file,
                      version=file_version(config_file))

    @router.get("/settings", response_class=HTMLResponse)
    def settings_page(request: Request, web: Web, session: PageSession):
        assistant = web.assistant
        return page(request, web, session, current_state(assistant.settings, offered_languages(assistant),
                                                         skill_models(assistant)))

    @router.post("/settings", response_class=HTMLResponse)
    def save_settings(request: Request, web: Web, session: ChangeSession, form: Submitted):
        assistant = web.assistant
        t = teacher_words(request, web)
        models = skill_models(assistant)
        sections = build_sections(offered_languages(assistant), models)
        values = read_form(form, sections)
        if str(form.get("version", "")) != file_version(web.config_dir / "assistant.yml"):
            # Someone saved (or edited the file) since this page was shown: nothing is overwritten,
            # and what this teacher typed stays on the page.
            state = FormState(sections, values, {"": t("settings_conflict")})
            return page(request, web, session, state, 409)
        saved, state = save(web.config_dir, sections, values, models, t)
        if saved is None:
            return page(request, web, session, state, 422)
        later = assistant.settings.replace(saved.config, saved.skills)
        session.notes.append(t("settings_saved"))
        if later:
            session.notes.append(t("settings_restart", which="; ".join(later)))
        return RedirectResponse("/admin/settings", 303)
