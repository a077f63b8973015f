using VmsServices.Hosting;
using VmsServices.Media;
using VmsServices.Media.Mp4;

namespace VmsServices.Recording.Tests.Storage;

/// <summary>
/// Real fMP4 for storage tests: one 8 kHz µ-law track (any byte is a valid sample, so payloads
/// can be pseudo-random), 20 ms samples. A fragment's payload is derived from its start time only,
/// so a reader (another process, after a crash) can recompute exactly what was written.
/// Shared with the CrashWriter program; no NUnit here.
/// </summary>
public static class Fmp4Samples
{
    public const string DataType = "audio";
    public const long SegmentMicros = 1_000_000;
    public static readonly long Epoch = UtcMicros.FromDateTimeOffset(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private const int SampleRateHz = 8000, SampleBytes = 160; // 20 ms of 8-bit samples

    public static Mp4Track Track { get; } = Mp4Track.Create(new TrackInfo { Codec = Codec.Pcmu, PayloadType = 0, ClockRate = SampleRateHz, Control = "trackID=1" }, 1);

    public static byte[] Init() => InitSegment.Create([Track]);

    /// <summary>moof+mdat of [start, start + duration), decode times relative to <see cref="Epoch"/>.</summary>
    public static byte[] Fragment(long startUtcMicros, long durationMicros = SegmentMicros)
    {
        var payload = Payload(startUtcMicros, (int)(durationMicros * SampleRateHz / 1_000_000));
        using var builder = new FragmentBuilder([Track]);
        var decodeTime = (ulong)((startUtcMicros - Epoch) * SampleRateHz / 1_000_000);
        for (var i = 0; i < payload.Length; i += SampleBytes)
            builder.AddSample(0, decodeTime + (ulong)i, SampleBytes, true, payload.AsSpan(i, Math.Min(SampleBytes, payload.Length - i)));
        using var output = new BoxWriter();
        builder.WriteTo(output, (uint)((startUtcMicros - Epoch) / SegmentMicros + 1));
        return output.WrittenSpan.ToArray();
    }

    /// <summary>xorshift64 seeded by the start time: the same bytes in every process and .NET version.</summary>
    public static byte[] Payload(long seed, int lengthBytes)
    {
        var bytes = new byte[lengthBytes];
        var x = (ulong)seed ^ 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < bytes.Length; i++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            bytes[i] = (byte)x;
        }
        return bytes;
    }
}
