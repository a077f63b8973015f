using System.Buffers.Binary;
using VmsServices.Media.Mp4;

namespace VmsServices.Recording.Playback;

/// <summary>The stored bytes of one piece's fragment (moof + mdat), of a length known when planned.</summary>
public interface IPieceSource
{
    long Length { get; }

    /// <summary>A stream of the fragment's bytes from <paramref name="offset"/> to its end, read as they are needed.</summary>
    Task<Stream> OpenAsync(long offset, CancellationToken ct);
}

/// <summary>A piece built in memory when planned (a cut fragment).</summary>
public sealed class MemoryPiece(byte[] bytes) : IPieceSource
{
    public long Length => bytes.Length;
    public Task<Stream> OpenAsync(long offset, CancellationToken ct) => Task.FromResult<Stream>(new MemoryStream(bytes, (int)offset, bytes.Length - (int)offset, writable: false));
}

/// <summary>
/// One fragmented MP4 (ISO/IEC 14496-12 §8.8) stitched on the fly: an init segment followed by
/// every piece's fragment, read lazily, so a Range request only touches the pieces it covers.
/// Length is known up front (init + the pieces' lengths), so ASP.NET serves Range requests
/// (RFC 9110 §14) by seeking. Each piece's moof is re-timed on the way out: mfhd
/// sequence_number = piece index + 1 (§8.8.5), and tfdt (§8.8.12), on the UTC timeline when
/// stored, minus the UTC instant the output starts at, per track timescale: real-time offsets
/// between pieces stay (a recording hole stays a hole). Only the moof changes, in place, so no
/// length changes. Memory: one piece's head (the first <see cref="HeadBytes"/>, moof included).
/// When the reading is within <see cref="OpenAheadBytes"/> of a piece's end, the next piece is opened,
/// so the answer of its holder (a request to another recording server: a round trip before its first
/// byte) is on its way while this piece's tail is read; playback across servers then streams without a
/// stall at every segment. Not earlier: the next piece would then share the holder's link with this one
/// for most of its transfer instead of following it.
/// </summary>
public sealed class PlaybackStream : Stream
{
    public const int HeadBytes = 64 * 1024;

    /// <summary>About a round trip's worth of a 1 Gbit/s transfer (~2 ms).</summary>
    public const int OpenAheadBytes = 256 * 1024;
    private const long MaxMoofBytes = 16L << 20;

    private readonly byte[] _init;
    private readonly IReadOnlyList<IPieceSource> _pieces;
    private readonly long[] _starts;
    private readonly Dictionary<uint, ulong> _zeroTicks;
    private long _position;
    private int _headPiece = -1;
    private byte[] _head = [];
    private Stream? _body;
    private int _bodyPiece = -1;
    private long _bodyOffset;
    private Task<Stream>? _next;
    private int _nextPiece = -1;

    /// <param name="tracks">The init segment's tracks (their timescales convert <paramref name="zeroUtcMicros"/> to ticks).</param>
    /// <param name="zeroUtcMicros">The UTC instant that becomes decode time 0.</param>
    public PlaybackStream(byte[] init, IReadOnlyList<InitTrack> tracks, long zeroUtcMicros, IReadOnlyList<IPieceSource> pieces)
    {
        _init = init;
        _pieces = pieces;
        _zeroTicks = tracks.ToDictionary(t => t.TrackId, t => FragmentTrimmer.UtcMicrosToTicks(zeroUtcMicros, t.Timescale));
        _starts = new long[pieces.Count];
        long at = init.Length;
        for (var i = 0; i < pieces.Count; i++)
        {
            if (pieces[i].Length <= 0) throw new ArgumentException($"Piece {i} is empty.", nameof(pieces));
            _starts[i] = at;
            at += pieces[i].Length;
        }
        Length = at;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        SeekOrigin.End => Length + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (buffer.IsEmpty || _position >= Length) return 0;
        int n;
        if (_position < _init.Length)
        {
            n = (int)Math.Min(buffer.Length, _init.Length - _position);
            _init.AsMemory((int)_position, n).CopyTo(buffer);
        }
        else
        {
            var i = PieceAt(_position);
            var within = _position - _starts[i];
            await EnsureHeadAsync(i, ct);
            if (within < _head.Length)
            {
                n = (int)Math.Min(buffer.Length, _head.Length - within);
                _head.AsMemory((int)within, n).CopyTo(buffer);
            }
            else
            {
                if (_body is null || _bodyPiece != i || _bodyOffset != within) await OpenBodyAsync(i, within, ct);
                var want = (int)Math.Min(buffer.Length, _pieces[i].Length - within);
                n = await _body!.ReadAsync(buffer[..want], ct);
                if (n == 0) throw new IOException($"Piece {i} ended at byte {within} of {_pieces[i].Length}.");
                _bodyOffset += n;
                OpenNextWhenNearEnd(i, ct);
            }
        }
        _position += n;
        return n;
    }

    /// <summary>Reads the piece's head (whole moof at least) and re-times it; the stream stays open for the rest.</summary>
    private async Task EnsureHeadAsync(int i, CancellationToken ct)
    {
        if (_headPiece == i) return;
        _headPiece = -1;
        var length = _pieces[i].Length;
        await OpenBodyAsync(i, 0, ct);
        var head = new byte[Math.Min(length, HeadBytes)];
        await _body!.ReadExactlyAsync(head, ct);
        var moofBytes = MoofSize(head);
        if (moofBytes > head.Length)
        {
            if (moofBytes > Math.Min(length, MaxMoofBytes)) throw new InvalidDataException($"Piece {i}: moof of {moofBytes} bytes does not fit.");
            var bigger = new byte[moofBytes];
            head.CopyTo(bigger, 0);
            await _body.ReadExactlyAsync(bigger.AsMemory(head.Length), ct);
            head = bigger;
        }
        _bodyOffset = head.Length;
        OpenNextWhenNearEnd(i, ct);
        Retime(head, i);
        (_head, _headPiece) = (head, i);
    }

    private void Retime(Span<byte> head, int i)
    {
        Span<TrackFragmentInfo> infos = stackalloc TrackFragmentInfo[16];
        var count = FragmentRewriter.ReadTrackFragments(head, infos, out _);
        if (count < 0) throw new InvalidDataException($"Piece {i}: the moof cannot be parsed.");
        Span<TrackDecodeTime> times = stackalloc TrackDecodeTime[count];
        for (var t = 0; t < count; t++)
        {
            if (!_zeroTicks.TryGetValue(infos[t].TrackId, out var zero))
                throw new InvalidDataException($"Piece {i}: track {infos[t].TrackId} is not in the init segment.");
            var time = infos[t].BaseDecodeTime;
            times[t] = new TrackDecodeTime(infos[t].TrackId, time > zero ? time - zero : 0);
        }
        if (!FragmentRewriter.TryRewrite(head, (uint)i + 1, times)) throw new InvalidDataException($"Piece {i}: the moof cannot be re-timed.");
    }

    private static long MoofSize(ReadOnlySpan<byte> head)
    {
        if (head.Length < 8) throw new InvalidDataException("A fragment shorter than a box header.");
        ulong size = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (size == 1 && head.Length >= 16) size = BinaryPrimitives.ReadUInt64BigEndian(head[8..]);
        if (BinaryPrimitives.ReadUInt32BigEndian(head[4..]) != FourCc.Moof || size < 8 || size > long.MaxValue) throw new InvalidDataException("A fragment that does not start with a moof.");
        return (long)size;
    }

    private async Task OpenBodyAsync(int i, long offset, CancellationToken ct)
    {
        if (_body is not null) await _body.DisposeAsync();
        _body = null;
        if (offset == 0 && _nextPiece == i && _next is { } opening)
        {
            (_next, _nextPiece) = (null, -1);
            _body = await opening;
        }
        else
        {
            await DropNextAsync();
            _body = await _pieces[i].OpenAsync(offset, ct);
        }
        (_bodyPiece, _bodyOffset) = (i, offset);
    }

    private void OpenNextWhenNearEnd(int i, CancellationToken ct)
    {
        if (_next is null && i + 1 < _pieces.Count && _pieces[i].Length - _bodyOffset <= OpenAheadBytes)
            (_next, _nextPiece) = (_pieces[i + 1].OpenAsync(0, ct), i + 1);
    }

    /// <summary>A read elsewhere (a seek) or the end: the piece opened ahead is not needed; its failure does not matter.</summary>
    private async Task DropNextAsync()
    {
        if (_next is not { } opening) return;
        (_next, _nextPiece) = (null, -1);
        try
        {
            await (await opening).DisposeAsync();
        }
        catch (Exception)
        {
            // The holder refused or went away: nobody reads this piece.
        }
    }

    private int PieceAt(long position)
    {
        var i = Array.BinarySearch(_starts, position);
        return i >= 0 ? i : ~i - 1;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body?.Dispose();
            DropNextAsync().GetAwaiter().GetResult();
        }
        _body = null;
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_body is not null) await _body.DisposeAsync();
        _body = null;
        await DropNextAsync();
        await base.DisposeAsync();
    }
}
