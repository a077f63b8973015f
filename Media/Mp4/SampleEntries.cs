using VmsServices.Media.Codecs;

namespace VmsServices.Media.Mp4;

/// <summary>Sample entries for the stsd box (ISO/IEC 14496-12 §8.5.2, §12.1.3, §12.2.3).</summary>
internal static class SampleEntries
{
    public static void Write(BoxWriter w, Mp4Track track, bool inBandParameterSets)
    {
        switch (track.Codec)
        {
            case Codec.H264: WriteVisual(w, track, inBandParameterSets ? FourCc.Avc3 : FourCc.Avc1, inBandParameterSets); break;
            case Codec.H265: WriteVisual(w, track, inBandParameterSets ? FourCc.Hev1 : FourCc.Hvc1, inBandParameterSets); break;
            case Codec.Aac: WriteAudio(w, track, FourCc.Mp4a); break;
            case Codec.Pcmu: WriteAudio(w, track, FourCc.Ulaw); break;
            case Codec.Pcma: WriteAudio(w, track, FourCc.Alaw); break;
            default: throw new NotSupportedException(track.Codec.ToString());
        }
    }

    /// <summary>VisualSampleEntry, ISO/IEC 14496-12 §12.1.3.2.</summary>
    private static void WriteVisual(BoxWriter w, Mp4Track track, uint format, bool inBand)
    {
        int entry = w.BeginBox(format);
        w.WriteZeros(6);                 // SampleEntry reserved
        w.WriteUInt16(1);                // data_reference_index
        w.WriteZeros(16);                // pre_defined, reserved, pre_defined[3]
        w.WriteUInt16((ushort)track.Width);
        w.WriteUInt16((ushort)track.Height);
        w.WriteUInt32(0x00480000);       // horizresolution 72 dpi
        w.WriteUInt32(0x00480000);       // vertresolution
        w.WriteUInt32(0);                // reserved
        w.WriteUInt16(1);                // frame_count
        w.WriteZeros(32);                // compressorname
        w.WriteUInt16(0x0018);           // depth
        w.WriteInt16(-1);                // pre_defined
        if (track.Codec == Codec.H264) WriteAvcC(w, track.ParameterSets);
        else WriteHvcC(w, track.ParameterSets, arrayCompleteness: !inBand);
        w.EndBox(entry);
    }

    /// <summary>AVCDecoderConfigurationRecord, ISO/IEC 14496-15 §5.3.3.1.</summary>
    private static void WriteAvcC(BoxWriter w, IReadOnlyList<byte[]> sets)
    {
        byte[] sps = sets.First(p => (p[0] & 0x1F) == 7);
        H264Sps.TryParse(sps, out H264Sps parsed);
        int box = w.BeginBox(FourCc.AvcC);
        w.WriteUInt8(1);                 // configurationVersion
        w.WriteUInt8(sps[1]);            // AVCProfileIndication
        w.WriteUInt8(sps[2]);            // profile_compatibility
        w.WriteUInt8(sps[3]);            // AVCLevelIndication
        w.WriteUInt8(0xFF);              // reserved '111111' + lengthSizeMinusOne = 3
        WriteNalArray(w, sets, 7, 0xE0, 31);  // reserved '111' + numOfSequenceParameterSets
        WriteNalArray(w, sets, 8, 0x00, 255);
        if (parsed.ProfileIdc is 100 or 110 or 122 or 144)
        {
            w.WriteUInt8((byte)(0xFC | parsed.ChromaFormatIdc));
            w.WriteUInt8((byte)(0xF8 | parsed.BitDepthLumaMinus8));
            w.WriteUInt8((byte)(0xF8 | parsed.BitDepthChromaMinus8));
            w.WriteUInt8(0);             // numOfSequenceParameterSetExt
        }
        w.EndBox(box);
    }

    private static void WriteNalArray(BoxWriter w, IReadOnlyList<byte[]> sets, int h264Type, byte countPrefix, int maxCount)
    {
        int count = Math.Min(maxCount, sets.Count(p => (p[0] & 0x1F) == h264Type));
        w.WriteUInt8((byte)(countPrefix | count));
        foreach (byte[] nal in sets.Where(p => (p[0] & 0x1F) == h264Type).Take(count))
        {
            w.WriteUInt16((ushort)nal.Length);
            w.WriteBytes(nal);
        }
    }

    /// <summary>HEVCDecoderConfigurationRecord, ISO/IEC 14496-15 §8.3.3.1.</summary>
    private static void WriteHvcC(BoxWriter w, IReadOnlyList<byte[]> sets, bool arrayCompleteness)
    {
        byte[] sps = sets.First(p => ((p[0] >> 1) & 0x3F) == 33);
        H265Sps.TryParse(sps, out H265Sps s);
        int box = w.BeginBox(FourCc.HvcC);
        w.WriteUInt8(1);                                  // configurationVersion
        w.WriteUInt8((byte)((s.GeneralProfileSpace << 6) | (s.GeneralTierFlag ? 0x20 : 0) | s.GeneralProfileIdc));
        w.WriteUInt32(s.GeneralProfileCompatibilityFlags);
        w.WriteUInt16((ushort)(s.GeneralConstraintIndicatorFlags >> 32));
        w.WriteUInt32((uint)s.GeneralConstraintIndicatorFlags);
        w.WriteUInt8(s.GeneralLevelIdc);
        w.WriteUInt16(0xF000);                            // reserved + min_spatial_segmentation_idc = 0
        w.WriteUInt8(0xFC);                               // reserved + parallelismType = 0 (unknown)
        w.WriteUInt8((byte)(0xFC | s.ChromaFormatIdc));
        w.WriteUInt8((byte)(0xF8 | s.BitDepthLumaMinus8));
        w.WriteUInt8((byte)(0xF8 | s.BitDepthChromaMinus8));
        w.WriteUInt16(0);                                 // avgFrameRate unknown
        // constantFrameRate = 0, numTemporalLayers, temporalIdNested, lengthSizeMinusOne = 3
        w.WriteUInt8((byte)(((s.MaxSubLayersMinus1 + 1) << 3) | (s.TemporalIdNesting ? 0x04u : 0u) | 0x03));
        ReadOnlySpan<int> types = [32, 33, 34];           // VPS, SPS, PPS
        int arrays = 0;
        foreach (int t in types) if (sets.Any(p => ((p[0] >> 1) & 0x3F) == t)) arrays++;
        w.WriteUInt8((byte)arrays);
        foreach (int type in types)
        {
            int count = sets.Count(p => ((p[0] >> 1) & 0x3F) == type);
            if (count == 0) continue;
            w.WriteUInt8((byte)((arrayCompleteness ? 0x80 : 0) | type));
            w.WriteUInt16((ushort)count);
            foreach (byte[] nal in sets.Where(p => ((p[0] >> 1) & 0x3F) == type))
            {
                w.WriteUInt16((ushort)nal.Length);
                w.WriteBytes(nal);
            }
        }
        w.EndBox(box);
    }

    /// <summary>AudioSampleEntry (version 0), ISO/IEC 14496-12 §12.2.3.2.</summary>
    private static void WriteAudio(BoxWriter w, Mp4Track track, uint format)
    {
        int entry = w.BeginBox(format);
        w.WriteZeros(6);
        w.WriteUInt16(1);                                 // data_reference_index
        w.WriteZeros(8);                                  // reserved
        w.WriteUInt16((ushort)track.Channels);
        w.WriteUInt16(16);                                // samplesize
        w.WriteUInt32(0);                                 // pre_defined, reserved
        // samplerate is 16.16 fixed point; rates >= 65536 are written as 0 (the mdhd timescale rules).
        w.WriteUInt32(track.SampleRate < 65536 ? (uint)track.SampleRate << 16 : 0);
        if (track.Codec == Codec.Aac) WriteEsds(w, track.AudioSpecificConfig!, track.TrackId);
        w.EndBox(entry);
    }

    /// <summary>
    /// ES_Descriptor (ISO/IEC 14496-1 §7.2.6.5) in an esds box (ISO/IEC 14496-14 §5.6) with
    /// DecoderConfigDescriptor (objectTypeIndication 0x40 = MPEG-4 Audio, streamType 5 = audio),
    /// DecoderSpecificInfo = AudioSpecificConfig, and SLConfigDescriptor predefined = 2.
    /// </summary>
    private static void WriteEsds(BoxWriter w, ReadOnlySpan<byte> asc, uint esId)
    {
        int decoderSpecificSize = 2 + asc.Length;
        int decoderConfigSize = 2 + 13 + decoderSpecificSize;
        int esSize = 2 + 3 + decoderConfigSize + 3;
        if (esSize + 2 > 127) throw new ArgumentException("AudioSpecificConfig too long.");
        int box = w.BeginFullBox(FourCc.Esds, 0, 0);
        w.WriteUInt8(0x03);                               // ES_DescrTag
        w.WriteUInt8((byte)(esSize - 2));
        w.WriteUInt16((ushort)esId);                      // ES_ID
        w.WriteUInt8(0);                                  // flags
        w.WriteUInt8(0x04);                               // DecoderConfigDescrTag
        w.WriteUInt8((byte)(decoderConfigSize - 2));
        w.WriteUInt8(0x40);                               // objectTypeIndication: Audio ISO/IEC 14496-3
        w.WriteUInt8(0x15);                               // streamType 5 << 2 | upStream 0 | reserved 1
        w.WriteUInt24(0);                                 // bufferSizeDB
        w.WriteUInt32(0);                                 // maxBitrate
        w.WriteUInt32(0);                                 // avgBitrate
        w.WriteUInt8(0x05);                               // DecSpecificInfoTag
        w.WriteUInt8((byte)asc.Length);
        w.WriteBytes(asc);
        w.WriteUInt8(0x06);                               // SLConfigDescrTag
        w.WriteUInt8(1);
        w.WriteUInt8(0x02);                               // predefined = MP4
        w.EndBox(box);
    }
}
