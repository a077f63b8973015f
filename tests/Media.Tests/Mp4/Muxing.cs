using VmsServices.Media.Codecs;
using VmsServices.Media.Mp4;

namespace VmsServices.Media.Tests.Mp4;

/// <summary>Test-side muxing helpers: tracks from generated streams and per-segment fragments.</summary>
public static class Muxing
{
    public const uint FrameDurationTicks = 3600; // 25 fps at 90 kHz

    public static Mp4Track VideoTrack(Codec codec, IEnumerable<byte[]> parameterSets, uint trackId = 1)
    {
        var info = new TrackInfo { Codec = codec, PayloadType = 96, ClockRate = 90000, Control = "trackID=1" };
        info.ParameterSets.AddRange(parameterSets);
        return Mp4Track.Create(info, trackId);
    }

    public static Mp4Track AudioTrack(Codec codec, byte[]? audioSpecificConfig, int clockRate, uint trackId) =>
        Mp4Track.Create(new TrackInfo
        {
            Codec = codec, PayloadType = 97, ClockRate = clockRate, Control = "trackID=2",
            AudioSpecificConfig = audioSpecificConfig,
        }, trackId);

    /// <summary>One fragment (moof+mdat) per <paramref name="framesPerFragment"/> access units.</summary>
    public static List<byte[]> VideoFragments(IReadOnlyList<AccessUnit> units, int framesPerFragment, ulong baseDecodeTime,
        uint firstSequence = 1, byte[]? keyFramePrefix = null)
    {
        var fragments = new List<byte[]>();
        using var builder = new FragmentBuilder([1u]);
        using var output = new BoxWriter();
        for (int start = 0; start < units.Count; start += framesPerFragment)
        {
            for (int i = start; i < Math.Min(units.Count, start + framesPerFragment); i++)
            {
                AccessUnit au = units[i];
                builder.AddSample(0, baseDecodeTime + (ulong)i * FrameDurationTicks, FrameDurationTicks, au.IsKeyFrame,
                    au.LengthPrefixed, au.IsKeyFrame && keyFramePrefix != null ? keyFramePrefix : default);
            }
            output.Reset();
            builder.WriteTo(output, firstSequence + (uint)fragments.Count);
            fragments.Add(output.WrittenSpan.ToArray());
            builder.Clear();
        }
        return fragments;
    }

    /// <summary>Length-prefixed parameter sets, for in-band (avc3/hev1) key frames.</summary>
    public static byte[] LengthPrefixed(IEnumerable<byte[]> nals)
    {
        var ms = new MemoryStream();
        foreach (byte[] nal in nals)
        {
            var buffer = new byte[nal.Length + 4];
            AnnexB.WriteLengthPrefixed(nal, buffer);
            ms.Write(buffer);
        }
        return ms.ToArray();
    }

    public static string WriteFile(string name, byte[] init, IEnumerable<byte[]> fragments)
    {
        string path = Path.Combine(Mp4TestRun.TempDir, name);
        using var file = File.Create(path);
        file.Write(init);
        foreach (byte[] f in fragments) file.Write(f);
        return path;
    }

    /// <summary>ffprobe -show_entries ... -of default=nw=1 as key=value pairs (first occurrence wins).</summary>
    public static Dictionary<string, string> Probe(string path, string args)
    {
        TestMedia.ProcessResult r = TestMedia.Ffprobe($"{args} -of default=nw=1 \"{path}\"");
        Assert.That(r.StdErr, Is.Empty, "ffprobe stderr");
        Assert.That(r.ExitCode, Is.EqualTo(0));
        var values = new Dictionary<string, string>();
        foreach (string line in r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = line.IndexOf('=');
            if (eq > 0) values.TryAdd(line[..eq], line[(eq + 1)..]);
        }
        return values;
    }

    /// <summary>Decodes the whole file with ffmpeg; returns stderr (empty when error-free).</summary>
    public static string DecodeErrors(string path)
    {
        TestMedia.ProcessResult r = TestMedia.Run(TestMedia.FfmpegPath, $"-v error -i \"{path}\" -f null -");
        return r.ExitCode == 0 ? r.StdErr : $"exit {r.ExitCode}: {r.StdErr}";
    }
}
