namespace VmsServices.Media.Codecs;

/// <summary>
/// Bit reader over an RBSP (raw byte sequence payload, H.264 §7.3.1 / H.265 §7.3.1.1) with
/// unsigned/signed Exp-Golomb decoding (H.264 §9.1). Never throws: reading past the end sets
/// <see cref="Failed"/> and returns 0, so parsers can check once per section.
/// </summary>
public ref struct RbspReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _bitPosition;

    public RbspReader(ReadOnlySpan<byte> rbsp)
    {
        _data = rbsp;
        _bitPosition = 0;
        Failed = false;
    }

    /// <summary>True once any read ran past the end or an Exp-Golomb code was too long.</summary>
    public bool Failed { get; private set; }

    public int BitsRemaining => Math.Max(0, _data.Length * 8 - _bitPosition);

    public uint ReadBits(int count)
    {
        if (count is < 0 or > 32 || count > BitsRemaining)
        {
            Failed = true;
            _bitPosition = _data.Length * 8;
            return 0;
        }
        uint value = 0;
        for (int i = 0; i < count; i++)
        {
            int bit = (_data[_bitPosition >> 3] >> (7 - (_bitPosition & 7))) & 1;
            value = (value << 1) | (uint)bit;
            _bitPosition++;
        }
        return value;
    }

    public bool ReadFlag() => ReadBits(1) != 0;

    public void SkipBits(int count)
    {
        if (count < 0 || count > BitsRemaining) { Failed = true; _bitPosition = _data.Length * 8; return; }
        _bitPosition += count;
    }

    /// <summary>ue(v): unsigned Exp-Golomb. Codes longer than 31 leading zeros fail.</summary>
    public uint ReadUe()
    {
        int leadingZeros = 0;
        while (!Failed && ReadBits(1) == 0)
        {
            if (++leadingZeros > 31) { Failed = true; return 0; }
        }
        if (Failed) return 0;
        if (leadingZeros == 0) return 0;
        ulong value = (1UL << leadingZeros) - 1 + ReadBits(leadingZeros);
        if (value > uint.MaxValue) { Failed = true; return 0; }
        return (uint)value;
    }

    /// <summary>se(v): signed Exp-Golomb (H.264 §9.1.1).</summary>
    public int ReadSe()
    {
        uint k = ReadUe();
        long magnitude = ((long)k + 1) / 2;
        return (int)((k & 1) != 0 ? magnitude : -magnitude);
    }

    /// <summary>
    /// Removes emulation_prevention_three_byte (0x000003 → 0x0000, H.264 §7.4.1).
    /// Returns the number of bytes written, or -1 when <paramref name="destination"/> is too small.
    /// </summary>
    public static int Unescape(ReadOnlySpan<byte> nal, Span<byte> destination)
    {
        int written = 0, zeros = 0;
        foreach (byte b in nal)
        {
            if (zeros >= 2 && b == 0x03)
            {
                zeros = 0;
                continue;
            }
            if (written >= destination.Length) return -1;
            destination[written++] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return written;
    }
}
