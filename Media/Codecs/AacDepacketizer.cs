using System.Globalization;
using VmsServices.Media.Rtp;

namespace VmsServices.Media.Codecs;

/// <summary>
/// MPEG-4 audio over RTP, "mpeg4-generic" (RFC 3640), e.g. mode=AAC-hbr: an AU-header section
/// (§3.2.1) describing one or more access units, an optional auxiliary section (§3.2.2), then the
/// access units themselves (§3.2.3). Several AUs per packet produce several samples, timestamped
/// <c>ts + i * constantDuration</c> (default 1024, an AAC frame); a fragmented AU (one AU header whose
/// AU-size exceeds the packet) is reassembled across packets. Interleaving (non-zero
/// AU-Index-delta) is not supported: such packets are dropped.
/// </summary>
public sealed class AacDepacketizer : Depacketizer
{
    private readonly int _sizeLength;
    private readonly int _indexLength;
    private readonly int _indexDeltaLength;
    private readonly int _ctsDeltaLength;
    private readonly int _dtsDeltaLength;
    private readonly bool _randomAccessIndication;
    private readonly int _streamStateIndication;
    private readonly int _auxiliarySizeLength;
    private readonly int _frameDuration;
    private readonly FrameBuffer _fragment = new(8 * 1024);
    private bool _fragmenting;
    private long _fragmentTimestamp;
    private int _fragmentSize;

    public AacDepacketizer(TrackInfo track, int trackIndex) : base(track, trackIndex)
    {
        IReadOnlyDictionary<string, string> p = track.FormatParameters;
        bool hbr = !p.TryGetValue("mode", out string? mode) || mode.Equals("AAC-hbr", StringComparison.OrdinalIgnoreCase);
        _sizeLength = Param(p, "sizelength", hbr ? 13 : 0);
        _indexLength = Param(p, "indexlength", hbr ? 3 : 0);
        _indexDeltaLength = Param(p, "indexdeltalength", hbr ? 3 : 0);
        _ctsDeltaLength = Param(p, "ctsdeltalength", 0);
        _dtsDeltaLength = Param(p, "dtsdeltalength", 0);
        _randomAccessIndication = Param(p, "randomaccessindication", 0) == 1;
        _streamStateIndication = Param(p, "streamstateindication", 0);
        _auxiliarySizeLength = Param(p, "auxiliarydatasizelength", 0);
        _frameDuration = Param(p, "constantduration", 1024, max: 1 << 20);
        if (_frameDuration <= 0)
            _frameDuration = 1024;
    }

    private static int Param(IReadOnlyDictionary<string, string> p, string name, int fallback, int max = 31) =>
        p.TryGetValue(name, out string? s)
        && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
        && v >= 0 && v <= max ? v : fallback;

    private bool HasAuHeaders =>
        _sizeLength + _indexLength + _indexDeltaLength + _ctsDeltaLength + _dtsDeltaLength + _streamStateIndication > 0
        || _randomAccessIndication;

    protected override void OnPacket(in RtpPacket header, long timestamp, ReadOnlyMemory<byte> payload, bool lossBefore)
    {
        if (lossBefore || (_fragmenting && timestamp != _fragmentTimestamp))
            AbortFragment();
        if (!HasAuHeaders)
        {
            if (!payload.IsEmpty)
                Emit(new MediaSample(TrackIndex, timestamp, null, true, payload));
            return;
        }
        ReadOnlySpan<byte> span = payload.Span;
        if (span.Length < 2)
        {
            DroppedFrames++;
            return;
        }
        int headersBits = (span[0] << 8) | span[1];
        int headersBytes = (headersBits + 7) / 8;
        int offset = 2 + headersBytes;
        if (offset > span.Length)
        {
            DroppedFrames++;
            return;
        }
        var bits = new BitReader(span.Slice(2, headersBytes), headersBits);

        if (_auxiliarySizeLength > 0)
        {
            var aux = new BitReader(span[offset..], (span.Length - offset) * 8);
            if (!aux.TryRead(_auxiliarySizeLength, out int auxBits))
            {
                DroppedFrames++;
                return;
            }
            // In long: a 31-bit auxiliary size near its maximum would overflow int and turn negative.
            long auxiliaryEnd = offset + (_auxiliarySizeLength + (long)auxBits + 7) / 8;
            if (auxiliaryEnd > span.Length)
            {
                DroppedFrames++;
                return;
            }
            offset = (int)auxiliaryEnd;
        }

        int auIndex = 0;
        while (bits.Remaining > 0)
        {
            if (!TryReadAuHeader(ref bits, auIndex == 0, out int auSize, out int indexDelta) || indexDelta != 0)
            {
                DroppedFrames++;
                return;
            }
            int available = span.Length - offset;
            long auTimestamp = timestamp + (long)auIndex * _frameDuration;
            if (auSize <= available && !_fragmenting)
            {
                if (auSize > 0)
                    Emit(new MediaSample(TrackIndex, auTimestamp, null, true, payload.Slice(offset, auSize)));
                offset += auSize;
            }
            else
            {
                // §3.2.3: a fragmented AU has exactly one AU header, carrying the size of the whole AU.
                AppendFragment(auTimestamp, auSize, span[offset..], header.Marker);
                return;
            }
            auIndex++;
        }
    }

    private void AppendFragment(long timestamp, int auSize, ReadOnlySpan<byte> data, bool marker)
    {
        if (!_fragmenting)
        {
            _fragmenting = true;
            _fragmentTimestamp = timestamp;
            _fragmentSize = auSize;
            _fragment.Reset();
        }
        if (auSize != _fragmentSize || _fragment.Length + data.Length > Math.Min(auSize, MaxFrameBytes))
        {
            AbortFragment();
            return;
        }
        _fragment.Append(data);
        if (_fragment.Length == _fragmentSize)
        {
            _fragmenting = false;
            Emit(new MediaSample(TrackIndex, _fragmentTimestamp, null, true, _fragment.Memory));
        }
        else if (marker)
        {
            AbortFragment(); // last fragment arrived but the AU is incomplete
        }
    }

    private void AbortFragment()
    {
        if (_fragmenting)
            DroppedFrames++;
        _fragmenting = false;
        _fragment.Reset();
    }

    /// <summary>One AU-header, RFC 3640 §3.2.1.1 field order.</summary>
    private bool TryReadAuHeader(ref BitReader bits, bool first, out int auSize, out int indexDelta)
    {
        indexDelta = 0;
        if (!bits.TryRead(_sizeLength, out auSize))
            return false;
        if (!bits.TryRead(first ? _indexLength : _indexDeltaLength, out indexDelta))
            return false;
        if (_ctsDeltaLength > 0 && !SkipFlagged(ref bits, _ctsDeltaLength))
            return false;
        if (_dtsDeltaLength > 0 && !SkipFlagged(ref bits, _dtsDeltaLength))
            return false;
        if (_randomAccessIndication && !bits.TryRead(1, out _))
            return false;
        return bits.TryRead(_streamStateIndication, out _);
    }

    private static bool SkipFlagged(ref BitReader bits, int length) =>
        bits.TryRead(1, out int flag) && (flag == 0 || bits.TryRead(length, out _));

    public override void Reset()
    {
        base.Reset();
        _fragmenting = false;
        _fragment.Reset();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _fragment.Dispose();
    }

    /// <summary>MSB-first bit reader bounded by a bit count.</summary>
    private ref struct BitReader(ReadOnlySpan<byte> data, int bitCount)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private readonly int _bitCount = Math.Min(bitCount, data.Length * 8);
        private int _position;

        public readonly int Remaining => _bitCount - _position;

        public bool TryRead(int count, out int value)
        {
            value = 0;
            if (count < 0 || count > 31 || count > Remaining)
                return false;
            for (int i = 0; i < count; i++, _position++)
                value = (value << 1) | ((_data[_position >> 3] >> (7 - (_position & 7))) & 1);
            return true;
        }
    }
}
