using System.Buffers.Binary;
using VmsServices.Media.Rtp;

namespace VmsServices.Media.Codecs;

/// <summary>
/// Shared access-unit assembly for NAL-unit based video payload formats (RFC 6184, RFC 7798).
/// <list type="bullet">
/// <item>An access unit ends at the RTP marker bit or when the RTP timestamp changes
/// (RFC 6184 §5.1, RFC 7798 §4.1).</item>
/// <item>Output is 4-byte big-endian length-prefixed NAL units; parameter sets are removed from the
/// sample and kept (newest wins) in <see cref="TrackInfo.ParameterSets"/>.</item>
/// <item>No sample is emitted until every parameter set is known, nor before the first key frame.</item>
/// <item>Packet loss drops the affected access unit and everything up to the next key frame.</item>
/// </list>
/// </summary>
public abstract class VideoDepacketizer : Depacketizer
{
    private readonly byte[]?[] _parameterSets;
    private readonly Stack<FrameBuffer> _free = new();
    private readonly List<FrameBuffer> _inUse = new(2);
    private FrameBuffer _frame = new();
    private bool _inFrame;
    private long _frameTimestamp;
    private bool _corrupt;
    private bool _keyFrame;
    private bool _waitForKeyFrame = true;
    private int _fragmentStart = -1;

    protected VideoDepacketizer(TrackInfo track, int trackIndex, int parameterSetKinds) : base(track, trackIndex)
    {
        _parameterSets = new byte[parameterSetKinds][];
        foreach (byte[] nal in track.ParameterSets.ToArray())
        {
            int slot = nal.Length > 0 ? ParameterSetSlot(nal) : -1;
            if (slot >= 0)
                _parameterSets[slot] = nal;
        }
        PublishParameterSets();
    }

    /// <summary>True once every required parameter set (SPS/PPS, plus VPS for H.265) is known.</summary>
    public bool HasParameterSets => Array.TrueForAll(_parameterSets, p => p is not null);

    /// <summary>Index of the parameter set kind of <paramref name="nal"/> (in output order), or -1.</summary>
    protected abstract int ParameterSetSlot(ReadOnlySpan<byte> nal);

    /// <summary>Whether <paramref name="nal"/> makes its access unit a random access point.</summary>
    protected abstract bool IsKeyFrameNal(ReadOnlySpan<byte> nal);

    /// <summary>Parses one RTP payload, calling the Add/Fragment/MarkCorrupt helpers.</summary>
    protected abstract void ParsePayload(ReadOnlySpan<byte> payload);

    protected sealed override void OnPacket(in RtpPacket header, long timestamp, ReadOnlyMemory<byte> payload, bool lossBefore)
    {
        if (lossBefore)
        {
            // The missing packets may be the tail of the open frame or the head of this one.
            if (_inFrame)
                _corrupt = true;
            _waitForKeyFrame = true;
        }
        if (_inFrame && timestamp != _frameTimestamp)
            FinishFrame();
        if (!_inFrame)
        {
            _inFrame = true;
            _frameTimestamp = timestamp;
            _corrupt = lossBefore;
            _keyFrame = false;
            _fragmentStart = -1;
            _frame.Reset();
        }
        if (!_corrupt)
            ParsePayload(payload.Span);
        if (header.Marker)
            FinishFrame();
    }

    /// <summary>Adds one complete NAL unit to the current access unit.</summary>
    protected void AddNal(ReadOnlySpan<byte> nal)
    {
        if (nal.IsEmpty || _fragmentStart >= 0)
        {
            MarkCorrupt();
            return;
        }
        if (ParameterSetSlot(nal) is int slot and >= 0)
        {
            StoreParameterSet(slot, nal);
            return;
        }
        if (_frame.Length + nal.Length + 4 > MaxFrameBytes)
        {
            MarkCorrupt();
            return;
        }
        _frame.AppendInt32BigEndian(nal.Length);
        _frame.Append(nal);
        _keyFrame |= IsKeyFrameNal(nal);
    }

    /// <summary>Starts a fragmented NAL unit with its reconstructed NAL header.</summary>
    /// <summary>
    /// Aggregation packets (RFC 6184 §5.7.1 STAP-A, RFC 7798 §4.4.2 AP): after a header of
    /// <paramref name="headerBytes"/>, repeated (16-bit NAL unit size, NAL unit). A size below
    /// <paramref name="minNalBytes"/> or past the end marks the frame corrupt.
    /// </summary>
    protected void AddAggregatedNals(ReadOnlySpan<byte> payload, int headerBytes, int minNalBytes)
    {
        int offset = headerBytes;
        while (offset < payload.Length)
        {
            if (offset + 2 > payload.Length)
            {
                MarkCorrupt();
                return;
            }
            int size = BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset, 2));
            offset += 2;
            if (size < minNalBytes || offset + size > payload.Length)
            {
                MarkCorrupt();
                return;
            }
            AddNal(payload.Slice(offset, size));
            offset += size;
        }
    }

    /// <summary>
    /// One fragmentation unit (RFC 6184 §5.8 FU-A, RFC 7798 §4.4.3 FU): the S and E bits of its FU
    /// header, the NAL header rebuilt by the caller, and the fragment bytes.
    /// </summary>
    protected void AddFragment(byte fuHeader, ReadOnlySpan<byte> nalHeader, ReadOnlySpan<byte> data)
    {
        if ((fuHeader & 0x80) != 0) BeginFragment(nalHeader);
        AppendFragment(data);
        if ((fuHeader & 0x40) != 0) EndFragment();
    }

    protected void BeginFragment(ReadOnlySpan<byte> nalHeader)
    {
        if (_fragmentStart >= 0)
        {
            MarkCorrupt();
            return;
        }
        _fragmentStart = _frame.Length;
        _frame.AppendInt32BigEndian(0);
        _frame.Append(nalHeader);
    }

    /// <summary>Appends fragment payload; a fragment without a started NAL unit means loss.</summary>
    protected void AppendFragment(ReadOnlySpan<byte> data)
    {
        if (_fragmentStart < 0 || _frame.Length + data.Length > MaxFrameBytes)
        {
            MarkCorrupt();
            return;
        }
        _frame.Append(data);
    }

    protected void EndFragment()
    {
        if (_fragmentStart < 0)
        {
            MarkCorrupt();
            return;
        }
        int start = _fragmentStart;
        _fragmentStart = -1;
        int nalLength = _frame.Length - start - 4;
        _frame.WriteInt32BigEndian(start, nalLength);
        ReadOnlySpan<byte> nal = _frame.Written.Slice(start + 4, nalLength);
        if (ParameterSetSlot(nal) is int slot and >= 0)
        {
            StoreParameterSet(slot, nal);
            _frame.Truncate(start);
            return;
        }
        _keyFrame |= IsKeyFrameNal(nal);
    }

    /// <summary>Marks the current access unit as unusable (it will be dropped).</summary>
    protected void MarkCorrupt()
    {
        _corrupt = true;
        _fragmentStart = -1;
    }

    private void FinishFrame()
    {
        _inFrame = false;
        if (_fragmentStart >= 0)
            MarkCorrupt(); // a fragmented NAL never saw its end fragment
        if (_corrupt)
        {
            DroppedFrames++;
            _waitForKeyFrame = true;
            return;
        }
        if (_frame.Length == 0)
            return; // only parameter sets (or nothing usable) in this access unit
        if (!HasParameterSets || (_waitForKeyFrame && !_keyFrame))
        {
            DroppedFrames++;
            return;
        }
        _waitForKeyFrame = false;
        Emit(new MediaSample(TrackIndex, _frameTimestamp, null, _keyFrame, _frame.Memory));
        _inUse.Add(_frame);
        _frame = _free.Count > 0 ? _free.Pop() : new FrameBuffer();
        _frame.Reset();
    }

    protected override void OnReadyReleased()
    {
        foreach (FrameBuffer b in _inUse)
            _free.Push(b);
        _inUse.Clear();
    }

    public override void Reset()
    {
        base.Reset();
        _inFrame = false;
        _fragmentStart = -1;
        _waitForKeyFrame = true;
        _frame.Reset();
    }

    private void StoreParameterSet(int slot, ReadOnlySpan<byte> nal)
    {
        if (_parameterSets[slot] is { } known && nal.SequenceEqual(known))
            return;
        _parameterSets[slot] = nal.ToArray();
        PublishParameterSets();
    }

    private void PublishParameterSets()
    {
        List<byte[]> list = Track.ParameterSets;
        lock (list)
        {
            list.Clear();
            foreach (byte[]? p in _parameterSets)
                if (p is not null)
                    list.Add(p);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _frame.Dispose();
        foreach (FrameBuffer b in _free)
            b.Dispose();
        foreach (FrameBuffer b in _inUse)
            b.Dispose();
        _free.Clear();
        _inUse.Clear();
    }
}
