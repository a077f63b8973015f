namespace VmsServices.Media.Codecs;

/// <summary>
/// The leading fields of an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1), as carried
/// in the SDP config= parameter (RFC 3640) and in esds DecoderSpecificInfo.
/// </summary>
public readonly record struct AacConfig(int AudioObjectType, int SampleRate, int ChannelConfiguration)
{
    private static readonly int[] SampleRates =
        [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    public static bool TryParse(ReadOnlySpan<byte> audioSpecificConfig, out AacConfig config)
    {
        config = default;
        var r = new RbspReader(audioSpecificConfig);
        int objectType = (int)r.ReadBits(5);
        if (objectType == 31) objectType = 32 + (int)r.ReadBits(6);
        int frequencyIndex = (int)r.ReadBits(4);
        int sampleRate = frequencyIndex == 15 ? (int)r.ReadBits(24)
            : frequencyIndex < SampleRates.Length ? SampleRates[frequencyIndex] : 0;
        int channels = (int)r.ReadBits(4);
        if (r.Failed || objectType == 0 || sampleRate <= 0) return false;
        config = new AacConfig(objectType, sampleRate, channels);
        return true;
    }

    /// <summary>Builds the 2-byte AudioSpecificConfig (or 5 bytes for non-table rates).</summary>
    public byte[] ToBytes()
    {
        int index = Array.IndexOf(SampleRates, SampleRate);
        if (AudioObjectType is <= 0 or >= 31 || ChannelConfiguration is < 0 or > 15)
            throw new InvalidOperationException("Unsupported AudioSpecificConfig values.");
        if (index >= 0)
        {
            int value = (AudioObjectType << 11) | (index << 7) | (ChannelConfiguration << 3);
            return [(byte)(value >> 8), (byte)value];
        }
        // 5 + 4 + 24 + 4 = 37 bits
        ulong bits = ((ulong)(uint)AudioObjectType << 32) | (15UL << 28) | ((ulong)(uint)SampleRate << 4) | (uint)ChannelConfiguration;
        bits <<= 3;
        return [(byte)(bits >> 32), (byte)(bits >> 24), (byte)(bits >> 16), (byte)(bits >> 8), (byte)bits];
    }
}
