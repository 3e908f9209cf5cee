// Everything a console test needs, started once per test file: PostgreSQL, the recordings' host, ingest and
// catalog with two editors, and a set of broadcasts sent to ingest as signed Tencent callbacks.
import { Tencent } from './callbacks.mjs';
import { eventually } from './eventually.mjs';
import { startMedia } from './media.mjs';
import { startPostgres } from './postgres.mjs';
import { startServices } from './services.mjs';

export const editors = { alice: 'alice-key-0c5e7d2a9b', bob: 'bob-key-71f3e0d8c4' };
const minute = 60_000;

export async function startWorld() {
  const stops = [];
  try {
    const postgres = await startPostgres();
    stops.push(() => postgres.stop());
    const media = await startMedia();
    stops.push(() => media.stop());
    const callbackKey = 'console-test-callback-key';
    const services = await startServices({ connectionString: postgres.connectionString, editors, callbackKey });
    stops.push(() => services.stop());
    const tencent = new Tencent(services.ingestUrl, callbackKey);
    const world = {
      ...services,
      media,
      tencent,
      allowedOrigins: [services.catalogUrl, new URL(media.clipUrl).origin],
      async stop() {
        for (const stop of stops.reverse()) await stop().catch(() => undefined);
      },
      /** GET on the catalog as an API consumer (no key) or as an editor (Bearer key). */
      async get(path, editor) {
        const headers = editor ? { Authorization: `Bearer ${editors[editor]}` } : {};
        const response = await fetch(`${services.catalogUrl}${path}`, { headers });
        return { status: response.status, body: response.status === 204 ? null : await response.json().catch(() => null), etag: response.headers.get('ETag') };
      },
      /** The anchor's programs once the catalog has projected the expected number. */
      async programsOf(anchor, count = 1) {
        return eventually(async () => {
          const { status, body } = await world.get(`/v1/anchors/${anchor}/programs`);
          return status === 200 && body.items.length >= count ? body.items : null;
        }, { what: `${count} program(s) of ${anchor}` });
      },
    };
    return world;
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw error;
  }
}

/**
 * A realistic afternoon: several anchors, multi-file and multi-format broadcasts, an interrupted push (ben), a short
 * one (cleo), a late file that merges two programs (ivy), times that disagree (eli), covers.
 */
export async function seed(world, now = new Date()) {
  const { tencent, media } = world;
  const at = minutesAgo => new Date(Math.floor((now.getTime() - minutesAgo * minute) / 60000) * 60000);
  const clip = media.clipUrl;
  const cover = i => media.coverUrls[i % media.coverUrls.length];
  const broadcasts = [
    { anchor: 'ada', start: 95, files: [[0, 1200], [1200, 1200]], formats: ['mp4'], cover: 0 },
    { anchor: 'ben', start: 180, files: [[0, 900], [1080, 720]], formats: ['mp4', 'hls'], cover: 1 },
    { anchor: 'cleo', start: 240, files: [[0, 40]], formats: ['mp4'], cover: null },
    { anchor: 'ivy', start: 270, files: [[0, 600], [1500, 600], [600, 900]], formats: ['mp4'], cover: 0 },
    { anchor: 'dev', start: 320, files: [[0, 1800], [1800, 1500]], formats: ['mp4', 'flv'], cover: 2 },
    { anchor: 'eli', start: 200, files: [[0, 2400]], formats: ['hls'], cover: 3, skew: 45 },
    { anchor: 'fay', start: 600, files: [[0, 1500]], formats: ['mp4'], cover: 4 },
    { anchor: 'gus', start: 1500, files: [[0, 3000]], formats: ['mp4'], cover: 5 },
  ];
  for (const b of broadcasts) {
    const start = at(b.start);
    for (const format of b.formats) {
      for (const [offset, seconds] of b.files) {
        const url = { mp4: clip, hls: media.hlsUrl, flv: media.flvUrl }[format];
        await tencent.recording(b.anchor, { format, start: new Date(start.getTime() + offset * 1000), seconds, url, skew: b.skew ?? 0 });
      }
    }
    if (b.cover !== null) await tencent.screenshot(b.anchor, { at: new Date(start.getTime() + 120_000), url: cover(b.cover) });
  }
  for (const b of broadcasts) await world.programsOf(b.anchor);
  await eventually(async () => (await world.programsOf('ivy')).every(p => p.flags.merged), { what: 'ivy\'s programs merged' });
  return broadcasts.map(b => b.anchor);
}
