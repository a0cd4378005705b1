"""The admin's settings page: the preschool's assistant.yml as a form, checked before it is written."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from assistant.core import BUILTIN_DATA, Assistant
from assistant.web.admin_auth import ChangeSession, PageSession
from assistant.web.app import Web
from assistant.web.languages import language_choice
from assistant.web.settings_form import (
    FormState,
    apply_live,
    build_sections,
    current_state,
    needs_restart,
    read_form,
    save,
)


def offered_languages(assistant: Assistant) -> list[str]:
    """Languages with language data here: the configured ones first, then the rest."""
    folders = [BUILTIN_DATA, *assistant.registry.data_dirs()]
    found = {entry.name for folder in folders if folder.is_dir() for entry in folder.iterdir()
             if entry.is_dir() and entry.name.isalpha()}
    configured = list(assistant.config.languages)
    return configured + sorted(found - set(configured))


def settings_routes(router: APIRouter) -> None:
    """Add the settings page's routes to the admin router."""
    from assistant.web.admin import render

    def page(request: Request, web: Web, session: PageSession, state: FormState, status: int = 200):
        overrides = tuple(sorted(web.assistant.config.locales.items()))
        names = {code: language_choice(code, overrides) for code in offered_languages(web.assistant)}
        return render(request, web, session, "admin_settings.html", status, title="Settings", state=state,
                      language_names=names, config_file=web.config_dir / "assistant.yml")

    @router.get("/settings", response_class=HTMLResponse)
    def settings_page(request: Request, web: Web, session: PageSession):
        return page(request, web, session, current_state(web.assistant.config,
                                                         offered_languages(web.assistant)))

    @router.post("/settings", response_class=HTMLResponse)
    async def save_settings(request: Request, web: Web, session: ChangeSession):
        sections = build_sections(offered_languages(web.assistant))
        values = read_form(await request.form(), sections)
        config, state = save(web.config_dir, sections, values)
        if config is None:
            return page(request, web, session, state, 422)
        old = web.assistant.config
        apply_live(web.assistant, config)
        session.notes.append("Saved.")
        later = needs_restart(old, config)
        if later:
            session.notes.append(f"Changes to {', '.join(later)} are used after `assistant serve` "
                                 "is restarted.")
        return RedirectResponse("/admin/settings", 303)
