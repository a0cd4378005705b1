"""Small talk and safety: greetings, who the assistant is, help, and "I don't know"."""

from __future__ import annotations

import random

from assistant.skills import Answer, Card, CardItem, Say, Skill, SkillRequest

PICTURES = {
    "greet": "greet",
    "goodbye": "goodbye",
    "thanks": "thanks",
    "about": "about",
    "help": "help",
    "repeat": "repeat",
    "distress": "distress",
    "out_of_scope": "dont_know",
}


class SocialSkill(Skill):
    """Answers greet, goodbye, thanks, about, help, repeat, distress and out_of_scope."""

    name = "social"
    intents = tuple(PICTURES)

    def __init__(self, context, rng: random.Random | None = None):
        super().__init__(context)
        self.rng = rng or random.Random()

    def handle(self, request: SkillRequest) -> Answer:
        intent = request.intent
        if intent == "repeat":
            # Only reached when there is nothing to repeat yet.
            return self._message("repeat_nothing", intent)
        if intent == "help":
            return Answer([Say("help")], Card("help", self._suggestions(request)))
        if intent == "out_of_scope":
            return self._dont_know(request)
        return self._message(intent, intent)

    def _message(self, key: str, intent: str) -> Answer:
        return Answer([Say(key)], Card("message", [CardItem(PICTURES[intent])]))

    def _suggestions(self, request: SkillRequest) -> list[CardItem]:
        """What a child can ask instead: every installed skill's tiles, with their questions."""
        return [CardItem(tile.picture, label_key=f"suggest_{tile.intent}", value=tile.intent)
                for tile in request.suggestions]

    def _dont_know(self, request: SkillRequest) -> Answer:
        options = self._suggestions(request)
        if not options:
            return self._message("dont_know", "out_of_scope")
        pick = self.rng.choice(options)
        says = [Say("out_of_scope", {"suggestion": Say(pick.label_key)})]
        return Answer(says, Card("message", [CardItem(PICTURES["out_of_scope"]), pick]))
