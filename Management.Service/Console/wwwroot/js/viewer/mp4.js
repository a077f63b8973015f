// Just enough ISO BMFF (ISO/IEC 14496-12) to name the codecs of an init segment for MediaSource
// (RFC 6381 "codecs" parameter): moov/trak/mdia/minf/stbl/stsd and the sample entries' avcC.
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);
const VISUAL_SAMPLE_ENTRY_BYTES = 78; // §12.1.3: fields between a visual sample entry's header and its child boxes
const hex = (n) => n.toString(16).padStart(2, '0');

function* boxes(view, start, end) {
  let at = start;
  while (at + 8 <= end) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(view.getUint8(at + 4), view.getUint8(at + 5), view.getUint8(at + 6), view.getUint8(at + 7));
    let header = 8;
    if (size === 1 && at + 16 <= end) {
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header || at + size > end) return;
    yield { type, start: at, body: at + header, end: at + size };
    at += size;
  }
}

function codecOfEntry(view, entry) {
  if (entry.type === 'avc1' || entry.type === 'avc3') {
    for (const child of boxes(view, entry.body + VISUAL_SAMPLE_ENTRY_BYTES, entry.end)) {
      if (child.type === 'avcC' && child.body + 4 <= child.end) {
        return `${entry.type}.${hex(view.getUint8(child.body + 1))}${hex(view.getUint8(child.body + 2))}${hex(view.getUint8(child.body + 3))}`;
      }
    }
    return `${entry.type}.42e01e`;
  }
  if (entry.type === 'hvc1' || entry.type === 'hev1') return `${entry.type}.1.6.L93.B0`;
  if (entry.type === 'mp4a') return 'mp4a.40.2';
  return null;
}

/** The codecs of every track of an init segment (ftyp + moov), e.g. ["avc1.64001f"]. */
export function codecsOf(buffer) {
  const view = new DataView(buffer);
  const codecs = [];
  const walk = (start, end) => {
    for (const box of boxes(view, start, end)) {
      if (CONTAINERS.has(box.type)) walk(box.body, box.end);
      else if (box.type === 'stsd') {
        // full box: version and flags (4 bytes), entry_count (4 bytes), then the sample entries
        for (const entry of boxes(view, box.body + 8, box.end)) {
          const codec = codecOfEntry(view, entry);
          if (codec) codecs.push(codec);
        }
      }
    }
  };
  walk(0, view.byteLength);
  return codecs;
}

/** A MediaSource type for an init segment, e.g. 'video/mp4; codecs="avc1.64001f"'. */
export function mimeTypeOf(buffer) {
  const codecs = codecsOf(buffer);
  return codecs.length ? `video/mp4; codecs="${codecs.join(',')}"` : 'video/mp4';
}
