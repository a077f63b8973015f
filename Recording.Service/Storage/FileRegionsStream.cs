using Microsoft.Win32.SafeHandles;

namespace VmsServices.Recording.Storage;

/// <summary>A byte range of a file.</summary>
public readonly record struct FileRegion(string Path, long OffsetBytes, long LengthBytes);

/// <summary>
/// A read-only, seekable stream presenting several file regions (possibly of different files) as
/// one: e.g. an init segment followed by fragments, served without copying anything into memory.
/// Seek/Length/Position make ASP.NET range requests work. Files are opened when the stream is
/// created (shared for read, write and delete), so a file deleted by retention afterwards stays
/// readable on Linux until the stream is disposed.
/// </summary>
public sealed class FileRegionsStream : Stream
{
    private readonly FileRegion[] _regions;
    private readonly SafeFileHandle[] _handles;   // per region (regions of one file share a handle)
    private readonly long[] _starts;              // stream position where each region begins
    private readonly List<SafeFileHandle> _opened = [];
    private long _position;

    public FileRegionsStream(IReadOnlyList<FileRegion> regions)
    {
        _regions = regions.ToArray();
        _handles = new SafeFileHandle[_regions.Length];
        _starts = new long[_regions.Length];
        var byPath = new Dictionary<string, SafeFileHandle>(StringComparer.Ordinal);
        try
        {
            long length = 0;
            for (var i = 0; i < _regions.Length; i++)
            {
                var r = _regions[i];
                if (r.OffsetBytes < 0 || r.LengthBytes < 0) throw new ArgumentOutOfRangeException(nameof(regions), $"Region {i} has a negative offset or length.");
                if (!byPath.TryGetValue(r.Path, out var handle))
                {
                    handle = File.OpenHandle(r.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    _opened.Add(handle);
                    byPath[r.Path] = handle;
                }
                _handles[i] = handle;
                _starts[i] = length;
                length += r.LengthBytes;
            }
            Length = length;
        }
        catch
        {
            foreach (var h in _opened) h.Dispose();
            throw;
        }
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

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var total = 0;
        while (!buffer.IsEmpty && _position < Length)
        {
            var i = RegionAt(_position);
            var within = _position - _starts[i];
            var want = (int)Math.Min(buffer.Length, _regions[i].LengthBytes - within);
            var got = RandomAccess.Read(_handles[i], buffer[..want], _regions[i].OffsetBytes + within);
            if (got == 0) throw new EndOfStreamException($"'{_regions[i].Path}' ends before the region it should hold ({_regions[i].OffsetBytes}+{_regions[i].LengthBytes}).");
            _position += got;
            total += got;
            buffer = buffer[got..];
        }
        return total;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span)); // local-disk reads of small ranges: not worth a thread hop
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        SeekOrigin.End => Length + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };

    /// <summary>Last region starting at or before the position, skipping empty regions.</summary>
    private int RegionAt(long position)
    {
        var i = Array.BinarySearch(_starts, position);
        if (i < 0) i = ~i - 1;
        while (_regions[i].LengthBytes == 0 || position - _starts[i] >= _regions[i].LengthBytes) i++;
        return i;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) foreach (var h in _opened) h.Dispose();
        base.Dispose(disposing);
    }
}
