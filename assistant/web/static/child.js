// The child's page: tap a picture or hold the talk button; see the answer as pictures and hear it.
"use strict";

(() => {
  const body = document.body;
  const settings = {
    lang: body.dataset.lang,
    // Dates and digits as the language writes them here (Arabic: ٧ نيسان), the same locale as the answer's words.
    locale: body.dataset.locale || body.dataset.lang,
    defaultLang: body.dataset.defaultLang,
    now: body.dataset.now || null,
    idleMs: Number(body.dataset.idleSeconds || 0) * 1000,
    waitWhileSpeaking: Boolean(body.dataset.waitWhileSpeaking),
    welcome: { text: body.dataset.welcomeText, speech: body.dataset.welcomeSpeech },
    sorry: { text: body.dataset.sorryText, audio: body.dataset.sorryAudio },
    micOff: { text: body.dataset.micOffText, speech: body.dataset.micOffSpeech },
  };
  const $ = (id) => document.getElementById(id);
  const bubble = $("bubble");
  const bubbleText = $("bubble-text");
  const answer = $("answer");
  const pictures = $("pictures");
  const voice = $("voice");
  const talk = $("talk");
  const HOLD_MS = 450;

  let session = newSession();
  let asked = 0; // the latest question; an older answer arriving late is dropped
  let recorder = null;
  let pressedAt = 0;

  function newSession() {
    return "tablet-" + Math.random().toString(36).slice(2, 10);
  }

  function mood(name) {
    body.dataset.mood = name || "";
  }

  function show(text, heard) {
    bubbleText.textContent = text || "";
    // What the recogniser heard, shown back above the answer, so a grown-up sees what went wrong.
    if (heard) {
      const said = document.createElement("q");
      said.className = "heard";
      said.textContent = heard;
      bubbleText.prepend(said);
    }
    bubble.classList.toggle("long", (text || "").length > 80);
    bubble.classList.remove("fresh");
    void bubble.offsetWidth; // restart the pop animation
    bubble.classList.add("fresh");
  }

  // A failed request is tried once more, quietly (a tablet's wifi drops for a moment).
  async function post(url, payload, again = true) {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(payload),
      });
      if (response.status >= 500 && again) throw new Error(`${url}: ${response.status}`);
      if (!response.ok) throw Object.assign(new Error(`${url}: ${response.status}`), { final: true });
      return response.json();
    } catch (error) {
      if (!again || error.final) throw error;
      await new Promise((resolve) => setTimeout(resolve, 700));
      return post(url, payload, false);
    }
  }

  // --- speaking -----------------------------------------------------------------------------

  function stopVoice() {
    voice.pause();
    if (window.speechSynthesis) window.speechSynthesis.cancel();
  }

  function speak(audio, speech, lang) {
    stopVoice();
    if (audio && audio.url) {
      voice.src = audio.url;
      voice.load();
      voice.play().catch(() => mood(""));
      return;
    }
    // No voice on the server for this language: the tablet's own voice, if it has one.
    const synth = window.speechSynthesis;
    if (!synth || !speech) return;
    const hasVoice = synth.getVoices().some((v) => v.lang.toLowerCase().startsWith(lang));
    if (!hasVoice) return;
    const utterance = new SpeechSynthesisUtterance(speech);
    utterance.lang = lang;
    utterance.rate = 0.9;
    utterance.onstart = () => mood("talking");
    utterance.onend = () => { mood(""); touched(); };
    synth.speak(utterance);
  }

  voice.addEventListener("playing", () => mood("talking"));
  voice.addEventListener("ended", () => { mood(""); highlight(-1); touched(); });
  // Clothes in dressing order: the garment being said grows. The answer names them one after the
  // other, so the audio is cut into as many even parts (after a short opening) as there are.
  voice.addEventListener("timeupdate", () => {
    if (!pictures.classList.contains("ordered") || !voice.duration) return;
    const count = pictures.children.length;
    const share = (voice.currentTime / voice.duration - 0.12) / 0.85;
    highlight(share < 0 ? -1 : Math.min(count - 1, Math.floor(share * count)));
  });

  function highlight(index) {
    [...pictures.querySelectorAll(".picture")].forEach((p, i) => p.classList.toggle("now", i === index));
  }
  voice.addEventListener("pause", () => { if (body.dataset.mood === "talking") mood(""); });

  async function sayText(text, speech) {
    show(text);
    if (!speech) return;
    try {
      const said = await post("/api/say", { text: speech, lang: settings.lang });
      speak(said.audio, speech, settings.lang);
    } catch (error) {
      speak(null, speech, settings.lang);
    }
  }

  // --- answers ------------------------------------------------------------------------------

  // A question is its words (heard) or a tapped tile's intent and entities: a tap always gets
  // its answer, whatever the recogniser would make of the words.
  async function ask(question) {
    const mine = ++asked;
    stopVoice();
    mood("thinking");
    body.classList.add("busy");
    try {
      const reply = await post("/api/ask", {
        ...question, lang: settings.lang, session_id: session, now: settings.now,
      });
      if (mine === asked) showReply(reply, reply.audio);
    } catch (error) {
      if (mine === asked) sorry();
    } finally {
      if (mine === asked) body.classList.remove("busy");
    }
  }

  // Listening or thinking: the bubble shows it as a picture (an ear, a thought), not in words.
  function showPicture(name) {
    bubbleText.replaceChildren(drawing(`/pictures/${name}.svg`, "state"));
    bubble.classList.remove("long");
  }

  function showReply(reply, audio, heard) {
    mood("");
    show(reply.text, heard);
    renderCard(withPicture(reply));
    speak(audio, reply.speech, reply.lang || settings.lang);
  }

  // A picture with every answer: one without its own ("I don't know what we eat") shows the
  // question's picture with a question mark.
  function withPicture(reply) {
    const card = reply.card;
    if (card && (card.items || []).length) return card;
    const intent = reply.intent && reply.intent.name;
    const tile = intent && document.querySelector(`.tile[data-intent="${intent}"] .tile-picture`);
    const drawn = tile && tile.querySelector("img");
    const picture = drawn ? drawn.getAttribute("src") : "/pictures/dont_know.svg";
    return { ...(card || { kind: "message" }), items: [{ picture_url: picture, unknown: true }] };
  }

  // The server cannot be reached: a big "sorry" picture and the kind sentence, from audio the page
  // fetched while it still could (so it plays with the server gone).
  let sorryAudio = null;
  if (settings.sorry.audio) {
    fetch(settings.sorry.audio).then((r) => (r.ok ? r.blob() : null))
      .then((blob) => { if (blob) sorryAudio = URL.createObjectURL(blob); }).catch(() => {});
  }

  function sorry() {
    mood("sorry");
    show(settings.sorry.text);
    renderCard({ kind: "message", items: [{ picture_url: "/pictures/sorry.svg", picture: "sorry" }] });
    if (sorryAudio) speak({ url: sorryAudio }, null, settings.lang);
  }

  function renderCard(card) {
    pictures.replaceChildren();
    const items = (card && card.items) || [];
    answer.hidden = items.length === 0;
    if (!card) return;
    answer.dataset.kind = card.kind;
    answer.dataset.layout = card.layout || "pictures";
    pictures.classList.toggle("ordered", card.layout === "sequence" && items.length > 1);
    pictures.classList.toggle("many", items.length > 4);
    for (const item of items) {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = item.unknown ? "picture unknown" : "picture";
      button.dataset.label = item.label || "";
      if (item.value) button.dataset.value = item.value;
      button.setAttribute("aria-label", item.label || "");
      if (card.layout === "clock" && card.time) {
        button.append(clockFace(card.time));
      } else if (card.layout === "day" && card.date) {
        button.append(dayPage(card.date));
        // A day that is something (a holiday, a closed day: the item has a value) keeps its own
        // picture beside the date.
        if (item.picture_url && item.value) button.append(drawing(item.picture_url, "badge"));
      } else if (item.picture_url || /^(\/|https?:)/.test(item.picture || "")) {
        button.append(drawing(item.picture_url || item.picture));
      } else {
        const emoji = document.createElement("span");
        emoji.className = "emoji";
        emoji.textContent = item.picture || "❔";
        button.append(emoji);
      }
      if (item.label) {
        const label = document.createElement("span");
        label.className = "label";
        label.textContent = item.label;
        button.append(label);
      }
      li.append(button);
      pictures.append(li);
    }
  }

  // A drawn picture; its words are the button's label, so the image itself is decoration.
  function drawing(url, className) {
    const img = document.createElement("img");
    img.src = url;
    img.alt = "";
    img.draggable = false;
    if (className) img.className = className;
    return img;
  }

  function dayPage(isoDate) {
    const [year, month, day] = isoDate.split("-").map(Number);
    const date = new Date(year, month - 1, day);
    const page = document.createElement("span");
    page.className = "day-page";
    const top = document.createElement("span");
    top.className = "month";
    top.textContent = date.toLocaleDateString(settings.locale, { month: "short" });
    const number = document.createElement("span");
    number.className = "number";
    number.textContent = new Intl.NumberFormat(settings.locale).format(day);
    page.append(top, number);
    page.dataset.date = isoDate;
    return page;
  }

  // A real clock face for "what time is it?": children learn the hands before the digits.
  function clockFace(time) {
    const [hours, minutes] = time.split(":").map(Number);
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 100 100");
    svg.setAttribute("class", "clock-face");
    const add = (name, attrs) => {
      const node = document.createElementNS(ns, name);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
      svg.append(node);
      return node;
    };
    add("circle", { cx: 50, cy: 50, r: 46, class: "rim" });
    for (let i = 0; i < 12; i++) {
      const a = (i / 12) * 2 * Math.PI;
      add("line", { x1: 50 + 36 * Math.sin(a), y1: 50 - 36 * Math.cos(a),
                    x2: 50 + 41 * Math.sin(a), y2: 50 - 41 * Math.cos(a), class: "tick" });
    }
    const hand = (angle, length, cls) => add("line", {
      x1: 50, y1: 50, x2: 50 + length * Math.sin(angle), y2: 50 - length * Math.cos(angle), class: cls,
    });
    hand((((hours % 12) + minutes / 60) / 12) * 2 * Math.PI, 22, "hour");
    hand((minutes / 60) * 2 * Math.PI, 34, "minute");
    add("circle", { cx: 50, cy: 50, r: 4, class: "pin" });
    svg.dataset.time = time;
    return svg;
  }

  pictures.addEventListener("click", async (event) => {
    const picture = event.target.closest(".picture");
    if (!picture || !picture.dataset.label) return;
    picture.classList.remove("saying");
    void picture.offsetWidth;
    picture.classList.add("saying");
    try {
      const said = await post("/api/say", { text: picture.dataset.label, lang: settings.lang });
      speak(said.audio, picture.dataset.label, settings.lang);
    } catch (error) {
      speak(null, picture.dataset.label, settings.lang);
    }
  });

  // With web.wait_while_speaking, a tap while the answer is being said waits: the child hears it
  // to the end (the home button always works).
  function speaking() {
    return settings.waitWhileSpeaking && ((!voice.paused && !voice.ended) ||
      Boolean(window.speechSynthesis && window.speechSynthesis.speaking));
  }

  for (const tile of document.querySelectorAll(".tile")) {
    tile.addEventListener("click", () => !speaking() && ask({
      text: tile.dataset.question, intent: tile.dataset.intent,
      entities: JSON.parse(tile.dataset.entities || "{}"),
    }));
  }

  $("character").addEventListener("click", () => sayText(settings.welcome.text, settings.welcome.speech));
  $("home").addEventListener("click", () => goHome(true));

  // --- talking --------------------------------------------------------------------------------

  function talkState(state) {
    if (!talk) return;
    talk.dataset.state = state;
    talk.style.setProperty("--level", 0);
  }

  function microphoneOff() {
    talkState("off");
    mood("");
    renderCard(null);
    sayText(settings.micOff.text, settings.micOff.speech);
  }

  async function startRecording() {
    stopVoice();
    asked++; // an answer still on its way is no longer wanted
    talkState("recording");
    mood("listening");
    showPicture("listening");
    const mine = new WavRecorder({
      onLevel: (level) => talk.style.setProperty("--level", (level * 0.25).toFixed(3)),
      onEnd: () => finishRecording(),
    });
    recorder = mine;
    try {
      await mine.start();
      // Finished (or gone home) while the microphone was still opening: let it go at once.
      if (recorder !== mine) mine.release();
    } catch (error) {
      // Refused, or no microphone at all: say so, and the pictures still work.
      mine.release();
      if (recorder === mine) recorder = null;
      microphoneOff();
    }
  }

  async function finishRecording() {
    if (!recorder) return;
    const done = recorder;
    recorder = null;
    const mine = ++asked;
    talkState("sending");
    mood("thinking");
    showPicture("thinking");
    try {
      const wav = await done.stop();
      const query = new URLSearchParams({ lang: settings.lang, session_id: session });
      if (settings.now) query.set("now", settings.now);
      const response = await fetch(`/api/listen?${query}`, {
        method: "POST", headers: { "Content-Type": "audio/wav" }, body: wav,
      });
      if (!response.ok) throw new Error(`listen: ${response.status}`);
      const heard = await response.json();
      const reply = heard.reply || heard;
      const audio = heard.audio || reply.audio || (heard.audio_url ? { url: heard.audio_url } : null);
      if (mine === asked) showReply(reply, audio, heard.transcript);
    } catch (error) {
      if (mine === asked) sorry();
    } finally {
      talkState("ready");
      touched();
    }
  }

  if (talk) talk.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    const state = talk.dataset.state;
    if (state === "off") return microphoneOff();
    if (state === "recording") return finishRecording(); // a second tap ends a tapped question
    if (state !== "ready" || speaking()) return;
    pressedAt = performance.now();
    startRecording();
  });
  // Held down: the question ends when the finger lets go. Tapped: it ends on a pause.
  if (talk) talk.addEventListener("pointerup", () => {
    if (recorder && performance.now() - pressedAt > HOLD_MS) finishRecording();
  });
  if (talk) talk.addEventListener("contextmenu", (event) => event.preventDefault());

  async function checkMicrophone() {
    if (!talk || talk.dataset.state === "off") return;
    if (!window.WavRecorder || !WavRecorder.supported()) {
      talkState("off");
      return;
    }
    try {
      const permission = await navigator.permissions.query({ name: "microphone" });
      if (permission.state === "denied") talkState("off");
      permission.onchange = () => talkState(permission.state === "denied" ? "off" : "ready");
    } catch (error) {
      // Some browsers cannot tell before asking; the first press will.
    }
  }

  // --- back to the start ------------------------------------------------------------------------

  let idleTimer = null;

  // A child in the middle of a question (recording, waiting for the answer) is not sent home:
  // the page waits until she is done.
  function midQuestion() {
    return body.classList.contains("busy") || Boolean(recorder) ||
      (talk && ["recording", "sending"].includes(talk.dataset.state));
  }

  function touched() {
    clearTimeout(idleTimer);
    if (settings.idleMs > 0) {
      idleTimer = setTimeout(() => (midQuestion() ? touched() : goHome(false)), settings.idleMs);
    }
  }

  function homeUrl(lang) {
    const query = new URLSearchParams({ lang });
    if (settings.now) query.set("now", settings.now);
    return `/?${query}`;
  }

  function goHome(onPurpose) {
    // Never in the middle of an answer or a question.
    if (!onPurpose && (recorder || body.dataset.mood === "talking" || !voice.paused)) return touched();
    if (settings.lang !== settings.defaultLang && !onPurpose) {
      window.location.href = homeUrl(settings.defaultLang); // the next child starts in the default
      return;
    }
    stopVoice();
    const picker = document.getElementById("languages");
    if (picker && picker.open) picker.close();
    if (recorder) {
      recorder.release();
      recorder = null;
      talkState("ready");
    }
    asked++;
    session = newSession();
    mood("");
    show(settings.welcome.text);
    renderCard(null);
    touched();
  }

  document.addEventListener("pointerdown", touched, true);
  // Browsers let a page play sound only after a first touch, so the welcome shown at the start is
  // spoken at the first tap that does not already ask something (a tile or the talk button would).
  document.addEventListener("pointerdown", (event) => {
    if (!event.target.closest(".tile, #talk, #language, .flag, #character")) {
      sayText(settings.welcome.text, settings.welcome.speech);
    }
  }, { once: true, capture: true });
  // Flags keep a fixed clock (a teacher's preview) when switching language.
  for (const flag of document.querySelectorAll(".flag")) flag.href = homeUrl(flag.dataset.lang);
  const picker = document.getElementById("languages");
  const languageButton = document.getElementById("language");
  if (picker && languageButton) {
    languageButton.addEventListener("click", () => picker.showModal());
    // A tap beside the cards closes the picker, as a child expects.
    picker.addEventListener("click", (event) => { if (event.target === picker) picker.close(); });
  }
  checkMicrophone();
  touched();
  // Keep the page on the tablet for when the server is gone (sw.js); served from the root, as a
  // service worker controls only the pages below its own address.
  if ("serviceWorker" in navigator) {
    const pages = new URLSearchParams({ pages: body.dataset.pages || "" });
    navigator.serviceWorker.register(`/sw.js?${pages}`).catch(() => {});
  }
})();
