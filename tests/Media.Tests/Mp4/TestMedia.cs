using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using VmsServices.Media.Codecs;

namespace VmsServices.Media.Tests.Mp4;

/// <summary>Creates the per-run temp dir for generated media and deletes it at the end.</summary>
[SetUpFixture]
public sealed class Mp4TestRun
{
    public static string TempDir { get; } = Path.Combine(Path.GetTempPath(), "vms-mp4-tests-" + Guid.NewGuid().ToString("N"));

    [OneTimeSetUp]
    public void Create() => Directory.CreateDirectory(TempDir);

    [OneTimeTearDown]
    public void Delete()
    {
        if (Environment.GetEnvironmentVariable("VMS_MP4_KEEP_TEST_FILES") == "1")
        {
            TestContext.Progress.WriteLine($"Mp4 test files kept in {TempDir}");
            return;
        }
        try { Directory.Delete(TempDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>One access unit of an Annex B stream, converted to 4-byte length-prefixed NAL units.</summary>
public sealed record AccessUnit(byte[] LengthPrefixed, bool IsKeyFrame);

/// <summary>Elementary streams generated with ffmpeg (cached per run) and parsed for the tests.</summary>
public static class TestMedia
{
    public const string FfmpegPath = "/usr/bin/ffmpeg";
    public const string FfprobePath = "/usr/bin/ffprobe";
    private static readonly ConcurrentDictionary<string, Lazy<string>> Generated = new();

    public static void RequireFfmpeg()
    {
        if (!File.Exists(FfprobePath) || !File.Exists(FfmpegPath)) Assert.Ignore("ffmpeg/ffprobe not installed");
    }

    public static string H264(int width = 1280, int height = 720, double seconds = 2) =>
        Generate($"h264-{width}x{height}-{seconds}.h264",
            $"-f lavfi -i testsrc=size={width}x{height}:rate=25 -pix_fmt yuv420p -c:v libx264 -g 25 -bf 0 -t {seconds} -f h264");

    public static string H265(int width = 1280, int height = 720, double seconds = 2) =>
        Generate($"h265-{width}x{height}-{seconds}.h265",
            $"-f lavfi -i testsrc=size={width}x{height}:rate=25 -pix_fmt yuv420p -c:v libx265 -x265-params log-level=error:keyint=25:min-keyint=25:bframes=0 -t {seconds} -f hevc");

    public static string Aac(int sampleRate = 16000, double seconds = 2) =>
        Generate($"aac-{sampleRate}-{seconds}.aac",
            $"-f lavfi -i sine=frequency=1000:sample_rate={sampleRate} -c:a aac -t {seconds} -f adts");

    public static string G711(string format, double seconds = 2) =>
        Generate($"g711-{seconds}.{format}", $"-f lavfi -i sine=frequency=1000:sample_rate=8000 -t {seconds} -f {format}");

    private static string Generate(string name, string args)
    {
        RequireFfmpeg();
        return Generated.GetOrAdd(name, n => new Lazy<string>(() =>
        {
            string path = Path.Combine(Mp4TestRun.TempDir, n);
            ProcessResult r = Run(FfmpegPath, $"-v error -y {args} {path}");
            if (r.ExitCode != 0 || !File.Exists(path)) throw new InvalidOperationException($"ffmpeg failed: {r.StdErr}");
            return path;
        })).Value;
    }

    public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr);

    public static ProcessResult Run(string exe, string args, int timeoutMs = 120_000)
    {
        var psi = new ProcessStartInfo(exe, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{exe} {args} timed out");
        }
        return new ProcessResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static ProcessResult Ffprobe(string args) => Run(FfprobePath, "-v error " + args);

    /// <summary>Splits an Annex B stream into access units and collects the first parameter sets.</summary>
    public static (List<AccessUnit> Units, List<byte[]> ParameterSets) SplitAccessUnits(byte[] stream, Codec codec)
    {
        var units = new List<AccessUnit>();
        var parameterSets = new List<byte[]>();
        var detector = new AccessUnitDetector(codec);
        var current = new MemoryStream();
        bool key = false;
        int offset = 0;
        while (AnnexB.NextNalUnit(stream, ref offset, out ReadOnlySpan<byte> nal))
        {
            if (detector.IsNewAccessUnit(nal) && current.Length > 0)
            {
                units.Add(new AccessUnit(current.ToArray(), key));
                current.SetLength(0);
                key = false;
            }
            if (AnnexB.IsParameterSet(codec, nal))
            {
                int type = AnnexB.NalType(codec, nal);
                if (!parameterSets.Any(p => AnnexB.NalType(codec, p) == type)) parameterSets.Add(nal.ToArray());
                continue; // MediaSample convention: parameter sets are not in samples
            }
            key |= AnnexB.IsKeyFrame(codec, nal);
            Span<byte> prefixed = new byte[nal.Length + 4];
            AnnexB.WriteLengthPrefixed(nal, prefixed);
            current.Write(prefixed);
        }
        if (current.Length > 0) units.Add(new AccessUnit(current.ToArray(), key));
        return (units, parameterSets);
    }

    /// <summary>Raw AAC frames from an ADTS stream (ISO/IEC 14496-3 §1.A.2) plus the AudioSpecificConfig.</summary>
    public static (List<byte[]> Frames, AacConfig Config) ParseAdts(byte[] adts)
    {
        var frames = new List<byte[]>();
        AacConfig config = default;
        for (int pos = 0; pos + 7 <= adts.Length;)
        {
            if (adts[pos] != 0xFF || (adts[pos + 1] & 0xF0) != 0xF0) throw new InvalidDataException($"No ADTS sync at {pos}");
            bool protectionAbsent = (adts[pos + 1] & 1) != 0;
            int profile = adts[pos + 2] >> 6;
            int frequencyIndex = (adts[pos + 2] >> 2) & 0xF;
            int channels = ((adts[pos + 2] & 1) << 2) | (adts[pos + 3] >> 6);
            int frameLength = ((adts[pos + 3] & 3) << 11) | (adts[pos + 4] << 3) | (adts[pos + 5] >> 5);
            int header = protectionAbsent ? 7 : 9;
            if (frameLength < header || pos + frameLength > adts.Length) throw new InvalidDataException("Bad ADTS length");
            frames.Add(adts[(pos + header)..(pos + frameLength)]);
            int[] rates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];
            config = new AacConfig(profile + 1, rates[frequencyIndex], channels);
            pos += frameLength;
        }
        return (frames, config);
    }

    /// <summary>Child boxes of a box payload: (type, offset of box, size).</summary>
    public static List<(string Type, int Offset, int Size)> Children(ReadOnlySpan<byte> data, int start, int end)
    {
        var list = new List<(string, int, int)>();
        for (int pos = start; pos + 8 <= end;)
        {
            int size = (int)BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            string type = System.Text.Encoding.ASCII.GetString(data.Slice(pos + 4, 4));
            if (size < 8 || pos + size > end) throw new InvalidDataException($"Bad box {type} at {pos}");
            list.Add((type, pos, size));
            pos += size;
        }
        return list;
    }

    private static int HeaderBytes(string type) => type switch
    {
        "stsd" or "dref" => 16,                            // FullBox + entry_count
        "avc1" or "avc3" or "hvc1" or "hev1" => 8 + 78,    // VisualSampleEntry fields
        "mp4a" or "ulaw" or "alaw" => 8 + 28,              // AudioSampleEntry fields
        _ => 8,
    };

    /// <summary>Finds a box by path like "moov/trak/mdia/mdhd" (first match at each level).</summary>
    public static (int Offset, int Size) Find(ReadOnlySpan<byte> data, string path, int index = 0)
    {
        int start = 0, end = data.Length, offset = -1, size = 0;
        string[] parts = path.Split('/');
        for (int level = 0; level < parts.Length; level++)
        {
            var matches = Children(data, start, end).Where(c => c.Type == parts[level]).ToList();
            int which = level == parts.Length - 1 ? index : 0;
            if (matches.Count <= which) return (-1, 0);
            (_, offset, size) = matches[which];
            start = offset + HeaderBytes(parts[level]);
            end = offset + size;
        }
        return (offset, size);
    }
}
