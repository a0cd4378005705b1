"""The garments (DESIGN §4 ids) and the picture each is shown with; their names are language data."""

from __future__ import annotations

PICTURES = {
    "sweater": "sweater",
    "shorts": "shorts",
    "overtrousers": "overtrousers",
    "neckwear": "neckwear",
    "jacket": "jacket",
    "overall": "overall",
    "rain_coat": "rain_coat",
    "rain_pants": "rain_pants",
    "beanie": "beanie",
    "sun_hat": "sun_hat",
    "cap": "cap",
    "shoes": "shoes",
    "rubber_boots": "rubber_boots",
    "winter_boots": "winter_boots",
    "mittens": "mittens",
    "rain_gloves": "rain_gloves",
    "sunscreen": "sunscreen",
}
"""Garment id → the name of its drawn picture (skills/clothing/pictures/<name>.svg)."""

GARMENTS = tuple(PICTURES)
"""Every garment id the rules, the language data and the cards may use."""
