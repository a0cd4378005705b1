"""The admin's clothing page: today's advice, and the teachers' corrections of it for their climate."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from assistant.core import Assistant
from assistant.web.admin_auth import ChangeSession, PageSession
from assistant.web.app import Web

log = logging.getLogger(__name__)


def field_of(item: Any, name: str, default: Any = None) -> Any:
    """A field of a skill's record, whether it is a dict or an object."""
    if isinstance(item, dict):
        return item.get(name, default)
    return getattr(item, name, default)


def choices(assistant: Assistant, skill: Any, entity: str) -> list[str]:
    """The values a teacher can pick (`garment`, `condition`): the skill's own list, else the language
    data's canonical values of that entity."""
    own = getattr(skill, f"{entity}s", None) or getattr(skill, entity.upper() + "S", None)
    if own:
        return [str(v) for v in own]
    data = assistant.languages[assistant.config.default_language]
    return sorted({value for value, kind in data.entity_of_value.items() if kind == entity})


def garment_label(assistant: Assistant, garment: str) -> str:
    """A garment's card name in the admin's language (English when the preschool has it)."""
    lang = "en" if "en" in assistant.nlu.models else assistant.config.default_language
    key = f"garment_{garment}"
    if assistant.responses.has(key, lang):
        return assistant.responses.render(key, {}, lang).text
    return garment.replace("_", " ")


def clothing_routes(router: APIRouter) -> None:
    """Add the clothing page's routes to the admin router."""
    from assistant.web.admin import render

    def page(request: Request, web: Web, session: PageSession, status: int = 200, error: str = "",
             typed: dict[str, Any] | None = None) -> HTMLResponse:
        assistant = web.assistant
        skill = assistant.registry.skill("clothing")
        context: dict[str, Any] = {"title": "Clothing", "skill": skill, "error": error,
                                   "typed": typed or {"condition": "", "garments": []}}
        if skill is not None:
            now = assistant.now()
            try:
                context["advice"] = skill.advice(now)
                condition = getattr(skill, "condition", None)
                context["condition"] = condition(now) if callable(condition) else None
            except Exception as exc:
                log.exception("clothing advice failed")
                context["advice_error"] = str(exc)
            context["corrections"] = list(skill.corrections())
            context["conditions"] = choices(assistant, skill, "condition")
            context["garments"] = choices(assistant, skill, "garment")
        return render(request, web, session, "admin_clothing.html", status, field_of=field_of,
                      label=lambda garment: garment_label(assistant, garment), **context)

    @router.get("/clothing", response_class=HTMLResponse)
    def clothing_page(request: Request, web: Web, session: PageSession):
        return page(request, web, session)

    @router.post("/clothing", response_class=HTMLResponse)
    async def add_correction(request: Request, web: Web, session: ChangeSession):
        skill = web.assistant.registry.skill("clothing")
        if skill is None:
            return page(request, web, session, 409)
        form = await request.form()
        condition = str(form.get("condition", ""))
        garments = [str(g) for g in form.getlist("garments")]
        typed = {"condition": condition, "garments": garments}
        if condition not in choices(web.assistant, skill, "condition"):
            return page(request, web, session, 422, "Choose the weather this correction is for.", typed)
        known = choices(web.assistant, skill, "garment")
        if not garments or any(g not in known for g in garments):
            return page(request, web, session, 422, "Choose the clothes the children should wear.", typed)
        try:
            skill.add_correction(condition, garments, web.assistant.now())
        except (ValueError, KeyError) as exc:
            return page(request, web, session, 422, str(exc), typed)
        session.notes.append("Correction saved: children now hear it for that weather.")
        return RedirectResponse("/admin/clothing", 303)

    @router.post("/clothing/{correction_id}/delete")
    def remove_correction(correction_id: int, web: Web, session: ChangeSession):
        skill = web.assistant.registry.skill("clothing")
        if skill is not None:
            skill.remove_correction(correction_id)
            session.notes.append("Correction removed.")
        return RedirectResponse("/admin/clothing", 303)
