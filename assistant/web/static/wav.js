// Microphone recording in the page, encoded as 16-bit PCM mono WAV (what /api/listen takes).
// The microphone is opened for one question and closed straight after: nothing listens in between.
"use strict";

const WAV_RATE = 16000;

/** Average `samples` (at `fromRate`) down to `toRate`: enough for speech, a third of the bytes. */
function downsample(samples, fromRate, toRate) {
  if (toRate >= fromRate) return samples;
  const ratio = fromRate / toRate;
  const out = new Float32Array(Math.floor(samples.length / ratio));
  for (let i = 0; i < out.length; i++) {
    const start = Math.floor(i * ratio);
    const end = Math.min(samples.length, Math.floor((i + 1) * ratio));
    let sum = 0;
    for (let j = start; j < end; j++) sum += samples[j];
    out[i] = sum / Math.max(1, end - start);
  }
  return out;
}

/** A WAV file (RIFF, PCM, 16-bit, mono) of float samples in [-1, 1]. */
function encodeWav(samples, rate) {
  const view = new DataView(new ArrayBuffer(44 + samples.length * 2));
  const text = (offset, value) => {
    for (let i = 0; i < value.length; i++) view.setUint8(offset + i, value.charCodeAt(i));
  };
  text(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, 16, true);          // size of the fmt chunk
  view.setUint16(20, 1, true);           // PCM
  view.setUint16(22, 1, true);           // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);    // bytes per second
  view.setUint16(32, 2, true);           // bytes per frame
  view.setUint16(34, 16, true);          // bits per sample
  text(36, "data");
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    view.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
  }
  return new Blob([view.buffer], { type: "audio/wav" });
}

/** One recording: start() asks for the microphone, stop() gives the WAV and lets the microphone go. */
class WavRecorder {
  constructor({ maxSeconds = 8, silenceSeconds = 1.2, onLevel = () => {}, onEnd = () => {} } = {}) {
    this.maxSeconds = maxSeconds;
    this.silenceSeconds = silenceSeconds;
    this.onLevel = onLevel;
    this.onEnd = onEnd;
    this.chunks = [];
    this.heardVoice = false;
    this.quietFor = 0;
  }

  /** Whether this browser can record here (a microphone needs https or localhost). */
  static supported() {
    return Boolean(window.isSecureContext && navigator.mediaDevices &&
                   navigator.mediaDevices.getUserMedia && window.AudioContext && window.AudioWorkletNode);
  }

  async start() {
    // Raw sound: the recognisers normalise it themselves, and the tablet is silent while we listen.
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
    this.context = new AudioContext();
    await this.context.audioWorklet.addModule("/static/recorder-worklet.js");
    this.source = this.context.createMediaStreamSource(this.stream);
    this.node = new AudioWorkletNode(this.context, "wav-capture");
    this.node.port.onmessage = (event) => this.take(event.data);
    this.source.connect(this.node);
    // The longest question we take, even if no sound arrives at all.
    this.limit = setTimeout(() => this.onEnd(), this.maxSeconds * 1000);
  }

  take(block) {
    if (!this.node) return;
    this.chunks.push(block);
    let energy = 0;
    for (let i = 0; i < block.length; i++) energy += block[i] * block[i];
    const level = Math.sqrt(energy / block.length);
    this.onLevel(Math.min(1, level * 6));
    const seconds = block.length / this.context.sampleRate;
    this.elapsed = (this.elapsed || 0) + seconds;
    // The quietest moment of the first quarter second (the room itself) sets what counts as a voice.
    if (this.elapsed <= 0.25) this.floor = Math.min(this.floor ?? 1, level);
    const voiced = level > Math.max(0.01, (this.floor || 0) * 3);
    // A child's question ends with a pause; stop on it, or at the longest question we take.
    if (voiced && this.elapsed > 0.25) {
      this.heardVoice = true;
      this.quietFor = 0;
    } else if (this.heardVoice) {
      this.quietFor += seconds;
    }
    if (this.heardVoice && this.quietFor >= this.silenceSeconds) this.onEnd();
  }

  async stop() {
    const rate = this.context ? this.context.sampleRate : WAV_RATE;
    this.release();
    const length = this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const all = new Float32Array(length);
    let offset = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    this.chunks = [];
    return encodeWav(downsample(all, rate, WAV_RATE), Math.min(rate, WAV_RATE));
  }

  release() {
    clearTimeout(this.limit);
    if (this.node) this.node.port.onmessage = null;
    if (this.source) this.source.disconnect();
    if (this.stream) this.stream.getTracks().forEach((track) => track.stop());
    if (this.context) this.context.close();
    this.node = this.source = this.stream = null;
  }
}

window.WavRecorder = WavRecorder;
window.encodeWav = encodeWav;
window.downsample = downsample;
