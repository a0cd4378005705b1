"""The FastAPI application: the child's page, the teachers' admin and the JSON API on one assistant."""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape

from assistant.core import Assistant, data_folders
from assistant.skills import AdminPages
from assistant.speech.listening import ListeningPool
from assistant.web.auth import LoginLimiter, PasswordStore, Sessions
from assistant.web.limits import BodyLimit, PageHeaders
from assistant.web.speech_routes import speech_router
from assistant.web.wording import AdminWords

HERE = Path(__file__).parent
ENGINE_LINKS = [("/admin/settings", "nav_settings"), ("/admin/try", "nav_try")]
"""The admin's own pages in its navigation; every skill's pages come first."""


def templates_for(pages: dict[str, AdminPages]) -> Jinja2Templates:
    """The engine's templates, and each skill's under its own name (`menu/week.html`)."""
    skill_loaders = {name: FileSystemLoader(p.templates) for name, p in pages.items() if p.templates}
    loader = ChoiceLoader([FileSystemLoader(HERE / "templates"), PrefixLoader(skill_loaders, delimiter="/")])
    return Jinja2Templates(env=Environment(loader=loader, autoescape=select_autoescape()))


TEMPLATES = templates_for({})
"""The engine's own templates (the child's page, the login), before any skill is known."""


@dataclass
class WebState:
    """What the web routes share: the assistant and the admin's login machinery."""

    assistant: Assistant
    """The running assistant (its config is replaced when a teacher saves the settings)."""
    config_dir: Path
    """The preschool's folder: assistant.yml is written back here."""
    passwords: PasswordStore
    """The admin password's hash."""
    sessions: Sessions
    """Logged-in (and about-to-log-in) admin browsers."""
    limiter: LoginLimiter
    """The brake on guessed passwords."""
    templates: Jinja2Templates = TEMPLATES
    """The engine's and the skills' page templates."""
    nav: list[tuple[str, str]] = field(default_factory=list)
    """(address, title) of every admin page in the navigation: the skills' first, then the engine's
    (a title is an admin text's key, or plain text)."""
    words: AdminWords = field(default_factory=lambda: AdminWords(data_folders()))
    """The admin's own texts in each language it is written in."""


def web_state(request: Request) -> WebState:
    """The shared state, for route functions."""
    return request.app.state.web


Web = Annotated[WebState, Depends(web_state)]
"""A route parameter typed `Web` receives the shared state."""


def route_table(routes: list[Any], prefix: str = "") -> list[tuple[str, frozenset[str]]]:
    """Every (path, methods) an app serves, looking inside included routers (FastAPI ≥ 0.12x keeps
    them as one entry each) and mounts (methods empty)."""
    table: list[tuple[str, frozenset[str]]] = []
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            context = getattr(route, "include_context", None)
            table += route_table(included.routes, prefix + getattr(context, "prefix", ""))
        elif getattr(route, "path", None) is not None:
            table.append((prefix + route.path, frozenset(getattr(route, "methods", None) or ())))
    return table


async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with what is wrong, never echoing the input: a request may carry text that cannot
    even be encoded (half a UTF-16 pair), which would turn the answer into a 500."""
    problems = [{"loc": [_printable(part) for part in error.get("loc", ())],
                 "msg": _printable(error.get("msg", "")), "type": error.get("type", "")}
                for error in exc.errors()]
    return JSONResponse({"detail": problems}, status_code=422)


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    return value


def create_app(assistant: Assistant, config_dir: Path | None = None) -> FastAPI:
    """The FastAPI application around one running assistant."""
    from assistant.web.admin import admin_router
    from assistant.web.api import api_router
    from assistant.web.child import child_router
    from assistant.web.pictures import pictures_router

    config_dir = Path(config_dir) if config_dir else assistant.config_dir
    pool = ListeningPool()
    voices = assistant.speech.use_voice_worker()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Ready to listen before the first child asks: every worker starts its recognisers.
        pool.warm_up(assistant.speech.listeners(assistant.config.languages))
        yield
        pool.close()
        voices.close()

    app = FastAPI(title="Preschool assistant", version="0.1.0", lifespan=lifespan,
                  description="The tablet's JSON API: ask a question, hear the answer.")
    found = {skill.name: pages for skill in assistant.registry.skills if (pages := skill.admin())}
    pages = dict(sorted(found.items(), key=lambda item: (item[1].order, item[0])))
    nav = [(f"/admin/{name}{path}", title) for name, p in pages.items() for path, title in p.links]
    app.state.web = WebState(
        assistant=assistant,
        config_dir=config_dir,
        passwords=PasswordStore(assistant.store),
        sessions=Sessions(lambda: assistant.config.web.admin_session_minutes * 60),
        limiter=LoginLimiter(lambda: assistant.config.web.login_attempts,
                             lambda: assistant.config.web.lockout_minutes * 60),
        templates=templates_for(pages),
        nav=nav + ENGINE_LINKS,
        words=AdminWords(data_folders(assistant.skill_classes)),
    )
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_middleware(PageHeaders)
    app.add_middleware(BodyLimit)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(pictures_router(assistant))
    app.include_router(api_router())
    app.include_router(speech_router(assistant, pool))
    app.include_router(child_router())
    app.include_router(admin_router(pages))
    return app
