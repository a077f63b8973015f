using System.Buffers.Binary;

namespace VmsServices.Media.Mp4;

/// <summary>A track as an init segment declares it: track_ID (tkhd, §8.3.2) and media timescale (mdhd, §8.4.2).</summary>
public readonly record struct InitTrack(uint TrackId, uint Timescale);

/// <summary>Reads what a server needs from a stored init segment (ftyp + moov, ISO/IEC 14496-12 §8.2.1) to re-time its fragments.</summary>
public static class InitSegmentReader
{
    /// <summary>The tracks of the moov, in order; null if there is no well-formed moov with at least one track.</summary>
    public static IReadOnlyList<InitTrack>? TryReadTracks(ReadOnlySpan<byte> init)
    {
        for (int pos = 0; pos < init.Length;)
        {
            if (!FragmentRewriter.TryBox(init, pos, out uint type, out int end, out int body)) return null;
            if (type == FourCc.Moov) return ReadMoov(init[body..end]);
            pos = end;
        }
        return null;
    }

    private static List<InitTrack>? ReadMoov(ReadOnlySpan<byte> moov)
    {
        var tracks = new List<InitTrack>();
        for (int pos = 0; pos < moov.Length;)
        {
            if (!FragmentRewriter.TryBox(moov, pos, out uint type, out int end, out int body)) return null;
            if (type == FourCc.Trak)
            {
                if (ReadTrak(moov[body..end]) is not { } track) return null;
                tracks.Add(track);
            }
            pos = end;
        }
        return tracks.Count > 0 ? tracks : null;
    }

    private static InitTrack? ReadTrak(ReadOnlySpan<byte> trak)
    {
        uint? id = null, timescale = null;
        for (int pos = 0; pos < trak.Length;)
        {
            if (!FragmentRewriter.TryBox(trak, pos, out uint type, out int end, out int body)) return null;
            ReadOnlySpan<byte> box = trak[body..end];
            if (type == FourCc.Tkhd && box.Length >= 4) // version 1: 64-bit times before track_ID
            {
                int at = box[0] == 1 ? 4 + 16 : 4 + 8;
                if (box.Length >= at + 4) id = BinaryPrimitives.ReadUInt32BigEndian(box[at..]);
            }
            else if (type == FourCc.Mdia)
            {
                for (int p = 0; p < box.Length;)
                {
                    if (!FragmentRewriter.TryBox(box, p, out uint t, out int e, out int b)) return null;
                    if (t == FourCc.Mdhd && e - b >= 4)
                    {
                        int at = box[b] == 1 ? b + 4 + 16 : b + 4 + 8;
                        if (e >= at + 4) timescale = BinaryPrimitives.ReadUInt32BigEndian(box[at..]);
                    }
                    p = e;
                }
            }
            pos = end;
        }
        return id is { } i && timescale is { } ts && ts > 0 ? new InitTrack(i, ts) : null;
    }
}
