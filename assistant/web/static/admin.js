// The admin's small helpers: "Hear" buttons (a day as a child hears it), a warning before unsaved
// edits are lost, and the "try it" box. Requests post JSON with the CSRF token.
"use strict";

(() => {
  const token = document.querySelector('meta[name="csrf-token"]').content;

  async function post(url, payload) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(payload),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.detail ? JSON.stringify(body.detail) : response.status);
    return body;
  }

  function showReply(reply) {
    const box = document.getElementById("reply");
    if (!box) return;
    box.hidden = false;
    document.getElementById("reply-text").textContent = reply.text;
    const items = (reply.card && reply.card.items) || [];
    // The pictures the child sees with the answer, drawn as on the tablet.
    const pictures = document.getElementById("reply-pictures");
    pictures.replaceChildren(...items.filter((i) => i.picture_url).map((i) => {
      const img = document.createElement("img");
      img.src = i.picture_url;
      img.alt = i.label || i.picture;
      img.width = img.height = 72;
      return img;
    }));
    const meta = document.getElementById("reply-meta");
    if (meta) {
      const entities = (reply.entities || []).map((e) => `${e.entity}=${e.value}`).join(", ");
      meta.textContent = `${reply.intent.name} (${reply.intent.confidence}) · ${reply.skill || document.body.dataset.noSkill}` +
        (entities ? ` · ${entities}` : "") + (reply.audio ? "" : " · no audio");
    }
    const audio = document.getElementById("reply-audio");
    if (reply.audio && reply.audio.url) {
      audio.hidden = false;
      audio.src = reply.audio.url;
      audio.play().catch(() => {});
    } else {
      audio.hidden = true;
      audio.removeAttribute("src");
    }
  }

  function showError(error) {
    showReply({ text: `⚠️ ${error.message}`, intent: { name: "-", confidence: 0 }, card: null });
  }

  // "Hear" speaks what is typed in that day's boxes, saved or not, and shows it beside that week.
  function typedMeals(row) {
    const meals = {};
    for (const box of row.querySelectorAll("textarea")) meals[box.name.split(":").pop()] = box.value;
    return meals;
  }

  for (const button of document.querySelectorAll("button.hear")) {
    button.addEventListener("click", async () => {
      const lang = document.getElementById("hear-lang").value;
      const row = button.closest(".week-row");
      const box = document.getElementById("reply");
      if (box && row) row.closest("section").after(box);
      button.disabled = true;
      try {
        const payload = { day: button.dataset.day, lang };
        if (row) payload.meals = typedMeals(row);
        showReply(await post(button.dataset.url, payload));
        if (box) box.scrollIntoView({ block: "nearest" });
      } catch (error) {
        showError(error);
      } finally {
        button.disabled = false;
      }
    });
  }

  // Menu boxes grow with their dishes, so nothing typed is hidden behind a scroll bar.
  const fit = (box) => {
    box.style.height = "auto";
    box.style.height = `${box.scrollHeight + 2}px`;
  };
  for (const box of document.querySelectorAll(".week-grid textarea")) {
    fit(box);
    box.addEventListener("input", () => fit(box));
  }

  // Leaving a page with unsaved edits asks first (the browser's own "leave site?" question).
  for (const form of document.querySelectorAll("form[data-warn-unsaved]")) {
    let dirty = false;
    form.addEventListener("input", () => { dirty = true; });
    form.addEventListener("submit", () => { dirty = false; });
    window.addEventListener("beforeunload", (event) => {
      if (!dirty) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }

  const tryForm = document.getElementById("try");
  if (tryForm) {
    tryForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(tryForm);
      try {
        showReply(await post("/admin/api/try", { text: data.get("text"), lang: data.get("lang") }));
      } catch (error) {
        showError(error);
      }
    });
  }

  // The pictures page: a chosen picture is shown at once, before it is saved.
  document.querySelectorAll("select[name^='picture:']").forEach((select) => {
    select.addEventListener("change", () => {
      const preview = document.querySelector(`img[data-preview="${select.name}"]`);
      if (preview) preview.src = `/pictures/${select.value || preview.dataset.automatic}.svg`;
    });
  });
})();
