namespace VmsServices.Media.Mp4;

/// <summary>
/// Writes the initialization segment of a fragmented MP4: ftyp + moov (ISO/IEC 14496-12 §8.8.1)
/// with empty sample tables and mvex/trex so all samples live in movie fragments. Prepend it to
/// any run of fragments (<see cref="MediaFragment"/>) to get a playable file.
/// </summary>
public static class InitSegment
{
    /// <summary>mvhd timescale; durations are 0 (unknown) in a fragmented file.</summary>
    public const uint MovieTimescale = 1000;

    /// <summary>
    /// Creates the init segment bytes. With <paramref name="inBandParameterSets"/> the video sample
    /// entry is avc3/hev1 (ISO/IEC 14496-15 §5.4.2 / §8.4.1), which lets key frames carry their own
    /// SPS/PPS so fragments with different parameter sets can be stitched under one init segment.
    /// </summary>
    public static byte[] Create(IReadOnlyList<Mp4Track> tracks, bool inBandParameterSets = false)
    {
        using var w = new BoxWriter(1024);
        Write(w, tracks, inBandParameterSets);
        return w.WrittenSpan.ToArray();
    }

    public static void Write(BoxWriter w, IReadOnlyList<Mp4Track> tracks, bool inBandParameterSets = false)
    {
        if (tracks.Count == 0) throw new ArgumentException("At least one track is required.", nameof(tracks));
        if (tracks.Select(t => t.TrackId).Distinct().Count() != tracks.Count)
            throw new ArgumentException("track_ID values must be unique.", nameof(tracks));

        // FileTypeBox, §4.3
        int ftyp = w.BeginBox(FourCc.Ftyp);
        w.WriteUInt32(FourCc.From("iso6"));   // major_brand
        w.WriteUInt32(0);                      // minor_version
        foreach (string brand in (ReadOnlySpan<string>)["iso6", "isom", "mp41"]) w.WriteUInt32(FourCc.From(brand));
        w.EndBox(ftyp);

        int moov = w.BeginBox(FourCc.Moov);
        WriteMvhd(w, tracks.Max(t => t.TrackId) + 1);
        foreach (Mp4Track track in tracks) WriteTrak(w, track, inBandParameterSets);
        int mvex = w.BeginBox(FourCc.Mvex);   // §8.8.1
        foreach (Mp4Track track in tracks)
        {
            int trex = w.BeginFullBox(FourCc.Trex, 0, 0); // §8.8.3
            w.WriteUInt32(track.TrackId);
            w.WriteUInt32(1);                  // default_sample_description_index
            w.WriteUInt32(0);                  // default_sample_duration
            w.WriteUInt32(0);                  // default_sample_size
            w.WriteUInt32(0);                  // default_sample_flags
            w.EndBox(trex);
        }
        w.EndBox(mvex);
        w.EndBox(moov);
    }

    /// <summary>MovieHeaderBox version 0, §8.2.2.</summary>
    private static void WriteMvhd(BoxWriter w, uint nextTrackId)
    {
        int box = w.BeginFullBox(FourCc.Mvhd, 0, 0);
        w.WriteUInt32(0);                      // creation_time
        w.WriteUInt32(0);                      // modification_time
        w.WriteUInt32(MovieTimescale);
        w.WriteUInt32(0);                      // duration
        w.WriteUInt32(0x00010000);             // rate 1.0
        w.WriteUInt16(0x0100);                 // volume 1.0
        w.WriteZeros(10);                      // reserved
        WriteUnityMatrix(w);
        w.WriteZeros(24);                      // pre_defined
        w.WriteUInt32(nextTrackId);
        w.EndBox(box);
    }

    private static void WriteUnityMatrix(BoxWriter w)
    {
        ReadOnlySpan<uint> matrix = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];
        foreach (uint v in matrix) w.WriteUInt32(v);
    }

    private static void WriteTrak(BoxWriter w, Mp4Track track, bool inBand)
    {
        int trak = w.BeginBox(FourCc.Trak);

        int tkhd = w.BeginFullBox(FourCc.Tkhd, 0, 0x000003); // §8.3.2, track_enabled | track_in_movie
        w.WriteUInt32(0);                      // creation_time
        w.WriteUInt32(0);                      // modification_time
        w.WriteUInt32(track.TrackId);
        w.WriteUInt32(0);                      // reserved
        w.WriteUInt32(0);                      // duration
        w.WriteZeros(8);                       // reserved
        w.WriteUInt16(0);                      // layer
        w.WriteUInt16(track.IsVideo ? (ushort)0 : (ushort)1); // alternate_group
        w.WriteUInt16(track.IsVideo ? (ushort)0 : (ushort)0x0100); // volume
        w.WriteUInt16(0);                      // reserved
        WriteUnityMatrix(w);
        w.WriteUInt32((uint)track.Width << 16);  // width 16.16
        w.WriteUInt32((uint)track.Height << 16); // height 16.16
        w.EndBox(tkhd);

        int mdia = w.BeginBox(FourCc.Mdia);
        int mdhd = w.BeginFullBox(FourCc.Mdhd, 0, 0); // §8.4.2
        w.WriteUInt32(0);
        w.WriteUInt32(0);
        w.WriteUInt32(track.Timescale);
        w.WriteUInt32(0);                      // duration
        w.WriteUInt16(0x55C4);                 // language 'und' (ISO 639-2/T packed 5-bit)
        w.WriteUInt16(0);                      // pre_defined
        w.EndBox(mdhd);

        int hdlr = w.BeginFullBox(FourCc.Hdlr, 0, 0); // §8.4.3
        w.WriteUInt32(0);                      // pre_defined
        w.WriteUInt32(track.IsVideo ? FourCc.Vide : FourCc.Soun);
        w.WriteZeros(12);                      // reserved
        w.WriteBytes(track.IsVideo ? "VideoHandler\0"u8 : "SoundHandler\0"u8);
        w.EndBox(hdlr);

        int minf = w.BeginBox(FourCc.Minf);
        if (track.IsVideo)
        {
            int vmhd = w.BeginFullBox(FourCc.Vmhd, 0, 1); // §12.1.2, flags = 1
            w.WriteZeros(8);                   // graphicsmode, opcolor
            w.EndBox(vmhd);
        }
        else
        {
            int smhd = w.BeginFullBox(FourCc.Smhd, 0, 0); // §12.2.2
            w.WriteZeros(4);                   // balance, reserved
            w.EndBox(smhd);
        }
        int dinf = w.BeginBox(FourCc.Dinf);    // §8.7.1
        int dref = w.BeginFullBox(FourCc.Dref, 0, 0);
        w.WriteUInt32(1);                      // entry_count
        int url = w.BeginFullBox(FourCc.Url, 0, 1); // self-contained: media in this file
        w.EndBox(url);
        w.EndBox(dref);
        w.EndBox(dinf);

        int stbl = w.BeginBox(FourCc.Stbl);    // §8.5.1
        int stsd = w.BeginFullBox(FourCc.Stsd, 0, 0);
        w.WriteUInt32(1);                      // entry_count
        SampleEntries.Write(w, track, inBand);
        w.EndBox(stsd);
        WriteEmptyTable(w, FourCc.Stts);       // §8.6.1.2
        WriteEmptyTable(w, FourCc.Stsc);       // §8.7.4
        int stsz = w.BeginFullBox(FourCc.Stsz, 0, 0); // §8.7.3
        w.WriteUInt32(0);                      // sample_size
        w.WriteUInt32(0);                      // sample_count
        w.EndBox(stsz);
        WriteEmptyTable(w, FourCc.Stco);       // §8.7.5
        w.EndBox(stbl);

        w.EndBox(minf);
        w.EndBox(mdia);
        w.EndBox(trak);
    }

    private static void WriteEmptyTable(BoxWriter w, uint type)
    {
        int box = w.BeginFullBox(type, 0, 0);
        w.WriteUInt32(0);                      // entry_count
        w.EndBox(box);
    }
}
