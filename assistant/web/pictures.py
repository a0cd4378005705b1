"""GET /pictures/<name>.svg: the drawn pictures of the engine and the skills."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from assistant.core import Assistant


def pictures_router(assistant: Assistant) -> APIRouter:
    """Serves every drawn picture by name (the set is read once, at start)."""
    router = APIRouter(include_in_schema=False)
    pictures = assistant.pictures

    @router.get("/pictures/{name}.svg")
    def picture(name: str) -> FileResponse:
        path = pictures.file(name)
        if path is None:
            raise HTTPException(404, "no picture of that name")
        # Pictures change only with a new version of the program: the tablet may keep them a day.
        return FileResponse(path, media_type="image/svg+xml",
                            headers={"Cache-Control": "public, max-age=86400"})

    return router
