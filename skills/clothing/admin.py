"""The clothing page of the teachers' admin: today's advice, and the teachers' corrections of it
for their climate (newest wins, for the weather condition it was made for)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from assistant.skills import AdminPages
from assistant.web.admin_auth import ChangeSession, PageSession, Submitted
from assistant.web.app import Web
from assistant.web.pages import render, teacher_words

if TYPE_CHECKING:
    from skills.clothing import ClothingSkill

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).with_name("templates")
PAGE = "/admin/clothing"


def admin_pages(skill: ClothingSkill) -> AdminPages:
    """The corrections page, mounted at /admin/clothing behind the login."""
    router = APIRouter()

    def label(web: Web, garment: str, admin_lang: str) -> str:
        """A garment's card name in the admin's language (else the preschool's own language)."""
        assistant = web.assistant
        lang = admin_lang if admin_lang in assistant.config.languages else assistant.config.default_language
        key = f"garment_{garment}"
        if assistant.responses.has(key, lang):
            return assistant.responses.render(key, {}, lang).text
        return garment.replace("_", " ")

    def page(request: Request, web: Web, session: PageSession, status: int = 200, error: str = "",
             typed: dict[str, Any] | None = None) -> HTMLResponse:
        context: dict[str, Any] = {"title": "clothing_title", "error": error, "page": PAGE,
                                   "typed": typed or {"condition": "", "garments": []}}
        now = web.assistant.now()
        try:
            context["advice"] = skill.advice(now)
            context["condition"] = skill.condition(now)
        except Exception as exc:
            log.exception("clothing advice failed")
            context["advice_error"] = str(exc)
        context["corrections"] = skill.corrections()
        context["conditions"] = skill.conditions
        context["garments"] = list(skill.garments)
        admin_lang = teacher_words(request, web).lang
        return render(request, web, session, "clothing/corrections.html", status,
                      label=lambda garment: label(web, garment, admin_lang), **context)

    @router.get("", response_class=HTMLResponse)
    def clothing_page(request: Request, web: Web, session: PageSession):
        return page(request, web, session)

    @router.post("", response_class=HTMLResponse)
    def add_correction(request: Request, web: Web, session: ChangeSession, form: Submitted):
        condition = str(form.get("condition", ""))
        garments = [str(g) for g in form.getlist("garments")]
        typed = {"condition": condition, "garments": garments}
        t = teacher_words(request, web)
        if condition not in skill.conditions:
            return page(request, web, session, 422, t("clothing_need_weather"), typed)
        if not garments or any(g not in skill.garments for g in garments):
            return page(request, web, session, 422, t("clothing_need_clothes"), typed)
        try:
            skill.add_correction(condition, garments, web.assistant.now())
        except (ValueError, KeyError) as exc:
            return page(request, web, session, 422, str(exc), typed)
        session.notes.append(t("clothing_saved"))
        return RedirectResponse(PAGE, 303)

    @router.post("/{correction_id}/delete")
    def remove_correction(request: Request, correction_id: int, web: Web, session: ChangeSession):
        skill.remove_correction(correction_id)
        session.notes.append(teacher_words(request, web)("clothing_removed"))
        return RedirectResponse(PAGE, 303)

    return AdminPages(router, [("", "clothing_nav")], TEMPLATES, order=30)
