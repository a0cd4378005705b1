"""The garments (DESIGN §4 ids) and the picture each is shown with; their names are language data."""

from __future__ import annotations

PICTURES = {
    "sweater": "👕",
    "shorts": "🩳",
    "overtrousers": "👖",
    "neckwear": "🧣",
    "jacket": "🧥",
    "overall": "🥼",
    "rain_coat": "☔",
    "rain_pants": "👖",
    "beanie": "🧶",
    "sun_hat": "👒",
    "cap": "🧢",
    "shoes": "👟",
    "rubber_boots": "👢",
    "winter_boots": "🥾",
    "mittens": "🧤",
    "rain_gloves": "🧤",
    "sunscreen": "🧴",
}
"""Garment id → emoji."""

GARMENTS = tuple(PICTURES)
"""Every garment id the rules, the language data and the cards may use."""
