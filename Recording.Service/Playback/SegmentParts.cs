using VmsServices.Media.Mp4;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Playback;

/// <summary>The parts of a stored segment a client or a peer may ask for (<c>part=</c> of the segment API).</summary>
public enum SegmentPart
{
    /// <summary>A standalone MP4: its file's init segment + its fragment.</summary>
    Whole,
    /// <summary>Only the init segment (ftyp + moov, ISO/IEC 14496-12 §8.8.1) of its recording file.</summary>
    Init,
    /// <summary>Only its movie fragment (moof + mdat, §8.8.4), e.g. an HLS media segment (RFC 8216 §3.3).</summary>
    Fragment,
}

/// <summary>
/// Reads parts of locally held segments through the store's file regions (the stream
/// <see cref="ISegmentStore.OpenSegment"/> returns is init + fragment, so the init is its first
/// Length − LengthBytes bytes), and cuts a fragment's tail (<see cref="FragmentTrimmer"/>).
/// </summary>
public static class SegmentParts
{
    public static SegmentPart Parse(string? part) => part switch
    {
        null or "" or "whole" => SegmentPart.Whole,
        "init" => SegmentPart.Init,
        "fragment" => SegmentPart.Fragment,
        _ => throw new VmsServices.Hosting.InvalidRequestException("part must be 'whole' (the default: a standalone MP4), 'init' (ftyp+moov) or 'fragment' (moof+mdat)."),
    };

    public static string Name(SegmentPart part) => part.ToString().ToLowerInvariant();

    /// <summary>A read-only, seekable stream of one part, read from the file on demand.</summary>
    public static Stream Open(ISegmentStore store, SegmentInfo segment, SegmentPart part)
    {
        var whole = store.OpenSegment(segment);
        if (part == SegmentPart.Whole) return whole;
        var initLength = whole.Length - segment.LengthBytes;
        return part == SegmentPart.Init ? new WindowStream(whole, 0, initLength) : new WindowStream(whole, initLength, segment.LengthBytes);
    }

    public static async Task<byte[]> ReadAsync(ISegmentStore store, SegmentInfo segment, SegmentPart part, CancellationToken ct)
    {
        await using var stream = Open(store, segment, part);
        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes, ct);
        return bytes;
    }

    /// <summary>
    /// The fragment without the samples from <paramref name="cutUtcMicros"/> on (half a frame of
    /// tolerance, see <see cref="FragmentTrimmer.TrimTail"/>); every track of the file is cut at the
    /// same instant, converted to its own timescale (tfdt is on the UTC timeline, docs/design/time.md).
    /// Empty when nothing is left.
    /// </summary>
    public static async Task<byte[]> ReadTrimmedAsync(ISegmentStore store, SegmentInfo segment, long cutUtcMicros, CancellationToken ct)
    {
        var init = await ReadAsync(store, segment, SegmentPart.Init, ct);
        var fragment = await ReadAsync(store, segment, SegmentPart.Fragment, ct);
        return Trim(init, fragment, cutUtcMicros)
            ?? throw new InvalidDataException($"The stored fragment of {segment.DeviceId}/{segment.DataType}/{segment.StartUtcMicros} cannot be parsed.");
    }

    /// <summary>Cuts <paramref name="fragment"/> at an instant given the init segment it belongs to; null if either is malformed.</summary>
    public static byte[]? Trim(ReadOnlySpan<byte> init, ReadOnlySpan<byte> fragment, long cutUtcMicros)
    {
        if (InitSegmentReader.TryReadTracks(init) is not { } tracks) return null;
        var cuts = tracks.Select(t => new TrackCut(t.TrackId, FragmentTrimmer.UtcMicrosToTicks(cutUtcMicros, t.Timescale))).ToArray();
        return FragmentTrimmer.TrimTail(fragment, cuts);
    }

    /// <summary>A read-only window [offset, offset + length) of a seekable stream it owns.</summary>
    private sealed class WindowStream(Stream inner, long offset, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<byte> buffer)
        {
            var want = (int)Math.Clamp(length - _position, 0, buffer.Length);
            if (want == 0) return 0;
            inner.Position = offset + _position;
            var got = inner.Read(buffer[..want]);
            _position += got;
            return got;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            ct.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int index, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(index, count), ct).AsTask();

        public override long Seek(long delta, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => delta,
            SeekOrigin.Current => _position + delta,
            SeekOrigin.End => length + delta,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int index, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
