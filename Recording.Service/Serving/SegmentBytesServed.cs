namespace VmsServices.Recording.Serving;

/// <summary>
/// Counts the body bytes a segment response actually sent (a Range request sends part of it, an
/// aborted transfer less) into <see cref="RecordingMetrics"/>, as read locally or proxied.
/// </summary>
public sealed class SegmentBytesServed(IResult inner, string source) : IResult
{
    public static IResult Local(IResult inner) => new SegmentBytesServed(inner, RecordingMetrics.Local);

    public static IResult Proxied(IResult inner) => new SegmentBytesServed(inner, RecordingMetrics.Proxied);

    public async Task ExecuteAsync(HttpContext http)
    {
        if (http.RequestServices.GetService<RecordingMetrics>() is not { } metrics)
        {
            await inner.ExecuteAsync(http);
            return;
        }
        var body = http.Response.Body;
        var counting = new CountingStream(body);
        http.Response.Body = counting;
        try
        {
            await inner.ExecuteAsync(http);
        }
        finally
        {
            http.Response.Body = body;
            metrics.Served(source, counting.BytesWritten);
        }
    }

    /// <summary>A write-only pass-through that counts what goes through.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesWritten { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            BytesWritten += count;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            await inner.WriteAsync(buffer, ct);
            BytesWritten += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
