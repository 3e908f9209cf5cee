// Plays one recording file in a <video>: MP4 (and audio) natively, HLS with hls.js (native HLS only where Media
// Source Extensions are missing), FLV with mpegts.js. The player libraries are bundled chunks, loaded only when needed.

export interface Playback {
  destroy(): void;
}

export type Kind = 'hls' | 'flv' | 'file';

export function kindOf(format: string, url: string): Kind {
  const path = url.split(/[?#]/)[0].toLowerCase();
  if (format.toLowerCase() === 'hls' || path.endsWith('.m3u8')) return 'hls';
  if (format.toLowerCase() === 'flv' || path.endsWith('.flv')) return 'flv';
  return 'file';
}

export async function attach(video: HTMLVideoElement, format: string, url: string, onFatal: (message: string) => void): Promise<Playback> {
  const kind = kindOf(format, url);
  if (kind === 'hls') {
    const { default: Hls } = await import('hls.js');
    // hls.js wherever Media Source Extensions exist, so HLS plays the same in every browser; native HLS (iOS) otherwise.
    if (!Hls.isSupported()) {
      if (!video.canPlayType('application/vnd.apple.mpegurl')) throw new Error('This browser cannot play HLS.');
      video.src = url;
      return { destroy: () => video.removeAttribute('src') };
    }
    const hls = new Hls({ enableWorker: true });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (data.fatal) onFatal(`The HLS playlist could not be played (${data.details}).`);
    });
    hls.loadSource(url);
    hls.attachMedia(video);
    return { destroy: () => hls.destroy() };
  }
  if (kind === 'flv') {
    const { default: mpegts } = await import('mpegts.js');
    if (!mpegts.isSupported()) throw new Error('This browser cannot play FLV.');
    mpegts.LoggingControl.enableAll = false;
    const player = mpegts.createPlayer({ type: 'flv', url, isLive: false });
    player.on(mpegts.Events.ERROR, (type: string, detail: string) => onFatal(`The FLV file could not be played (${type}: ${detail}).`));
    player.attachMediaElement(video);
    player.load();
    return {
      destroy: () => {
        player.unload();
        player.detachMediaElement();
        player.destroy();
      },
    };
  }
  video.src = url;
  return {
    destroy: () => {
      video.removeAttribute('src');
      video.load();
    },
  };
}
