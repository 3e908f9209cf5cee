// The recordings' and covers' host: a tiny MP4, FLV and HLS playlist and PNG covers made with ffmpeg's test source, served over HTTP (with
// byte ranges, as a CDN serves video) from another port than the catalog's, as the cloud's storage would be.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function make(dir) {
  const video = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=6:size=320x180:rate=25',
    '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '25'];
  await run('ffmpeg', [...video, '-movflags', '+faststart', '-y', join(dir, 'clip.mp4')]);
  await run('ffmpeg', [...video, '-f', 'flv', '-y', join(dir, 'clip.flv')]);
  await run('ffmpeg', [...video, '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', '-hls_segment_filename', join(dir, 'clip-%d.ts'), '-y', join(dir, 'clip.m3u8')]);
  const covers = [];
  for (const [i, pattern] of ['testsrc', 'smptebars', 'rgbtestsrc', 'testsrc2', 'smptehdbars', 'yuvtestsrc'].entries()) {
    const file = join(dir, `cover-${i}.png`);
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `${pattern}=size=320x180`, '-frames:v', '1', '-y', file]);
    covers.push(`cover-${i}.png`);
  }
  return { covers };
}

export async function startMedia() {
  const dir = mkdtempSync(join(tmpdir(), 'console-media-'));
  const made = await make(dir);
  const types = { '.mp4': 'video/mp4', '.png': 'image/png', '.flv': 'video/x-flv', '.m3u8': 'application/vnd.apple.mpegurl', '.ts': 'video/mp2t' };
  // hls.js and mpegts.js read the files with fetch/XHR from the console's origin: the host allows it, as a CDN must.
  const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'Range', 'Access-Control-Expose-Headers': 'Content-Range, Content-Length' };
  const server = createServer((request, response) => {
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET, HEAD' }).end();
      return;
    }
    const name = decodeURIComponent(new URL(request.url, 'http://x').pathname.slice(1));
    let body;
    try {
      if (name.includes('/') || name.includes('..')) throw new Error('no');
      body = readFileSync(join(dir, name));
    } catch {
      response.writeHead(404).end();
      return;
    }
    const type = types[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
      response.writeHead(206, { ...cors, 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Content-Range': `bytes ${start}-${end}/${body.length}`, 'Content-Length': end - start + 1 });
      response.end(body.subarray(start, end + 1));
    } else {
      response.writeHead(200, { ...cors, 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Content-Length': body.length });
      response.end(body);
    }
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    clipUrl: `${base}/clip.mp4`,
    flvUrl: `${base}/clip.flv`,
    hlsUrl: `${base}/clip.m3u8`,
    coverUrls: made.covers.map(c => `${base}/${c}`),
    async stop() {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
