using System.Buffers;
using System.Buffers.Binary;

namespace VmsServices.Media.Mp4;

/// <summary>
/// Growable, pooled big-endian writer for ISO BMFF boxes (ISO/IEC 14496-12 §4.2). Box sizes are
/// back-patched by <see cref="EndBox"/>. Reuse one instance (call <see cref="Reset"/>) to avoid
/// allocations; also usable as a plain <see cref="IBufferWriter{T}"/> sink. Not thread-safe.
/// </summary>
public sealed class BoxWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _length;

    public BoxWriter(int initialCapacityBytes = 4096)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(64, initialCapacityBytes));
    }

    public int LengthBytes => _length;
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);
    /// <summary>Mutable view of the written bytes (e.g. for <see cref="FragmentRewriter"/>).</summary>
    public Span<byte> WrittenSpanMutable => _buffer.AsSpan(0, _length);

    public void Reset() => _length = 0;

    /// <summary>Writes a placeholder box header (size, type); returns the box start for <see cref="EndBox"/>.</summary>
    public int BeginBox(uint type)
    {
        int start = _length;
        WriteUInt32(0);
        WriteUInt32(type);
        return start;
    }

    /// <summary>FullBox header (§4.2): Box header + version (8 bits) + flags (24 bits).</summary>
    public int BeginFullBox(uint type, byte version, uint flags)
    {
        int start = BeginBox(type);
        WriteUInt32(((uint)version << 24) | (flags & 0xFFFFFF));
        return start;
    }

    /// <summary>Patches the 32-bit size field of the box started at <paramref name="start"/>.</summary>
    public void EndBox(int start)
    {
        long size = _length - start;
        if (start < 0 || size < 8 || size > uint.MaxValue) throw new InvalidOperationException("Unbalanced box.");
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(start), (uint)size);
    }

    public void WriteUInt8(byte value) => Reserve(1)[0] = value;
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);
    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), value);

    public void WriteUInt24(uint value)
    {
        Span<byte> s = Reserve(3);
        s[0] = (byte)(value >> 16);
        s[1] = (byte)(value >> 8);
        s[2] = (byte)value;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    public void WriteZeros(int count) => Reserve(count).Clear();

    /// <summary>Overwrites a 32-bit value at an absolute position already written.</summary>
    public void PatchUInt32(int position, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(0, _length)[position..], value);

    /// <summary>Appends <paramref name="count"/> bytes and returns them for the caller to fill.</summary>
    public Span<byte> Reserve(int count)
    {
        EnsureCapacity(count);
        Span<byte> span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    public void Advance(int count)
    {
        if (count < 0 || _length + count > _buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(Math.Max(sizeHint, 1));
        return _buffer.AsSpan(_length);
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }

    private void EnsureCapacity(int additional)
    {
        if (additional < 0) throw new ArgumentOutOfRangeException(nameof(additional));
        if (_buffer.Length - _length >= additional) return;
        if (_buffer.Length == 0) throw new ObjectDisposedException(nameof(BoxWriter));
        long needed = (long)_length + additional;
        if (needed > Array.MaxLength) throw new InvalidOperationException("Box data too large.");
        int newSize = (int)Math.Min(Array.MaxLength, Math.Max(needed, (long)_buffer.Length * 2));
        byte[] next = ArrayPool<byte>.Shared.Rent(newSize);
        _buffer.AsSpan(0, _length).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }
}

/// <summary>Four-character codes (ISO/IEC 14496-12 §4.2 box types, §12 sample entry formats).</summary>
public static class FourCc
{
    public static uint From(ReadOnlySpan<char> code) => code.Length == 4
        ? ((uint)code[0] << 24) | ((uint)code[1] << 16) | ((uint)code[2] << 8) | code[3]
        : throw new ArgumentException("A four-character code has 4 characters.", nameof(code));

    public static string ToString(uint code) =>
        new([(char)(code >> 24), (char)((code >> 16) & 0xFF), (char)((code >> 8) & 0xFF), (char)(code & 0xFF)]);

    public static readonly uint Ftyp = From("ftyp"), Moov = From("moov"), Mvhd = From("mvhd"), Trak = From("trak"),
        Tkhd = From("tkhd"), Mdia = From("mdia"), Mdhd = From("mdhd"), Hdlr = From("hdlr"), Minf = From("minf"),
        Vmhd = From("vmhd"), Smhd = From("smhd"), Dinf = From("dinf"), Dref = From("dref"), Url = From("url "),
        Stbl = From("stbl"), Stsd = From("stsd"), Stts = From("stts"), Stsc = From("stsc"), Stsz = From("stsz"),
        Stco = From("stco"), Mvex = From("mvex"), Trex = From("trex"), Moof = From("moof"), Mfhd = From("mfhd"),
        Traf = From("traf"), Tfhd = From("tfhd"), Tfdt = From("tfdt"), Trun = From("trun"), Mdat = From("mdat"),
        Avc1 = From("avc1"), Avc3 = From("avc3"), AvcC = From("avcC"), Hvc1 = From("hvc1"), Hev1 = From("hev1"),
        HvcC = From("hvcC"), Mp4a = From("mp4a"), Esds = From("esds"), Ulaw = From("ulaw"), Alaw = From("alaw"),
        Vide = From("vide"), Soun = From("soun");
}
