// Tencent Cloud Live callbacks as the cloud sends them: JSON signed with sign = MD5(key + t), t the expiry time.
import { createHash } from 'node:crypto';

export class Tencent {
  constructor(ingestUrl, key) {
    this.ingestUrl = ingestUrl;
    this.key = key;
    this.fileCounter = 0;
  }

  signed(body) {
    const t = Math.floor(Date.now() / 1000) + 600;
    const sign = createHash('md5').update(this.key + t).digest('hex');
    return { ...body, sign, t };
  }

  async send(body) {
    const response = await fetch(`${this.ingestUrl}/callbacks/tencent`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(this.signed(body)),
    });
    if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  }

  /** One finished recording file of an anchor's stream: format, start, length in seconds and where it lives. */
  /** skew: how much later than end_time - duration the sender says the file started (its times then disagree). */
  recording(anchor, { format = 'mp4', start, seconds, url, skew = 0 }) {
    this.fileCounter += 1;
    const streamId = `1400_${anchor}`;
    const fileId = `52858907${String(this.fileCounter).padStart(6, '0')}${Math.floor(start.getTime() / 1000)}`;
    const end = Math.floor(start.getTime() / 1000) + seconds;
    return this.send({
      event_type: 100, appid: 1250000000, app: 'live.example.com', appname: 'live',
      stream_id: streamId, channel_id: streamId, file_id: fileId, record_file_id: fileId, file_format: format,
      task_id: 'task-1', start_time: Math.floor(start.getTime() / 1000) + skew, end_time: end, start_time_usec: 0, end_time_usec: 0,
      duration: seconds, file_size: 17771, stream_param: 'txSecret=abc&txTime=5C2E1F80', video_url: url,
      record_temp_id: 1, callback_ext: '{"video_id":"v1"}',
    });
  }

  /** A screenshot of the stream: the program it falls in takes it as its cover. */
  screenshot(anchor, { at, url }) {
    const streamId = `1400_${anchor}`;
    return this.send({
      event_type: 200, stream_id: streamId, channel_id: streamId, create_time: Math.floor(at.getTime() / 1000),
      pic_url: url, pic_full_url: url, width: 320, height: 180,
    });
  }
}
