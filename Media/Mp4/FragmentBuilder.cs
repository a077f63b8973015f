using System.Buffers;

namespace VmsServices.Media.Mp4;

/// <summary>
/// Accumulates the samples of one segment per track (copying their bytes into pooled chunks,
/// <see cref="ChunkedBytes"/>) and writes them as one moof + mdat: contiguously (<see cref="WriteTo"/>)
/// or as header + the chunks themselves (<see cref="WritePieces"/>). Reusable: after writing call
/// <see cref="Clear"/>; buffers are kept, so steady-state recording allocates nothing per sample.
/// Not thread-safe.
/// </summary>
public sealed class FragmentBuilder : IDisposable
{
    private readonly uint[] _trackIds;
    private readonly FragmentSample[][] _samples;
    private readonly int[] _sampleCounts;
    private readonly ChunkedBytes[] _data;
    private readonly TrackRun[] _runs;
    private readonly List<ReadOnlyMemory<byte>> _pieces = [];

    /// <param name="trackIds">track_ID of each track index, as in the init segment.</param>
    public FragmentBuilder(ReadOnlySpan<uint> trackIds)
    {
        if (trackIds.IsEmpty) throw new ArgumentException("At least one track is required.", nameof(trackIds));
        _trackIds = trackIds.ToArray();
        _samples = new FragmentSample[_trackIds.Length][];
        _sampleCounts = new int[_trackIds.Length];
        _data = new ChunkedBytes[_trackIds.Length];
        _runs = new TrackRun[_trackIds.Length];
        for (int i = 0; i < _trackIds.Length; i++)
        {
            _samples[i] = ArrayPool<FragmentSample>.Shared.Rent(128);
            _data[i] = new ChunkedBytes();
        }
    }

    /// <summary>Builder whose track index i is <paramref name="tracks"/>[i].</summary>
    public FragmentBuilder(IReadOnlyList<Mp4Track> tracks) : this(tracks.Select(t => t.TrackId).ToArray()) { }

    public int TrackCount => _trackIds.Length;

    public int SampleCount(int trackIndex) => _sampleCounts[trackIndex];

    /// <summary>Decode time just after the last added sample of the track (first decode time + durations).</summary>
    public ulong EndDecodeTime(int trackIndex)
    {
        int count = _sampleCounts[trackIndex];
        if (count == 0) return 0;
        ulong end = _samples[trackIndex][0].DecodeTime;
        for (int i = 0; i < count; i++) end += _samples[trackIndex][i].DurationTicks;
        return end;
    }

    /// <summary>
    /// Adds a sample. <paramref name="decodeTime"/> (track timescale) matters for the first sample
    /// of each track; later ones are implied by durations. <paramref name="prefix"/> is written
    /// before <paramref name="data"/> in the same sample (e.g. length-prefixed SPS/PPS for
    /// avc3/hev1 key frames).
    /// </summary>
    public void AddSample(int trackIndex, ulong decodeTime, uint durationTicks, bool isKeyFrame,
        ReadOnlySpan<byte> data, ReadOnlySpan<byte> prefix = default)
    {
        if ((uint)trackIndex >= (uint)_trackIds.Length) throw new ArgumentOutOfRangeException(nameof(trackIndex));
        ref FragmentSample[] samples = ref _samples[trackIndex];
        int count = _sampleCounts[trackIndex];
        if (count == samples.Length)
        {
            FragmentSample[] bigger = ArrayPool<FragmentSample>.Shared.Rent(samples.Length * 2);
            samples.AsSpan(0, count).CopyTo(bigger);
            ArrayPool<FragmentSample>.Shared.Return(samples);
            samples = bigger;
        }
        int sizeBytes = prefix.Length + data.Length;
        samples[count] = new FragmentSample(decodeTime, durationTicks, sizeBytes, isKeyFrame);
        _sampleCounts[trackIndex] = count + 1;
        _data[trackIndex].Write(prefix);
        _data[trackIndex].Write(data);
    }

    /// <summary>Appends moof + mdat of the accumulated samples; returns the moof size in bytes.</summary>
    public int WriteTo(BoxWriter output, uint sequenceNumber)
    {
        int moofSizeBytes = WriteHeader(output, sequenceNumber);
        foreach (ChunkedBytes d in _data) d.CopyTo(output.Reserve(checked((int)d.Length)));
        return moofSizeBytes;
    }

    /// <summary>
    /// The fragment without copying the samples: moof + mdat header appended to <paramref name="header"/>,
    /// then the samples' bytes where they were collected. Valid until the next <see cref="AddSample"/>
    /// (a recorder writes it to its file before it adds the next frame).
    /// </summary>
    public FragmentBytes WritePieces(BoxWriter header, uint sequenceNumber)
    {
        int start = header.LengthBytes;
        WriteHeader(header, sequenceNumber);
        _pieces.Clear(); // reused: the previous fragment is gone by now
        _pieces.Add(header.WrittenMemory[start..]);
        foreach (ChunkedBytes d in _data) d.AddPiecesTo(_pieces);
        return new FragmentBytes(_pieces);
    }

    private int WriteHeader(BoxWriter output, uint sequenceNumber)
    {
        for (int i = 0; i < _trackIds.Length; i++)
            _runs[i] = new TrackRun(_trackIds[i], _samples[i].AsMemory(0, _sampleCounts[i]), _data[i].Length);
        return MediaFragment.WriteHeader(output, sequenceNumber, _runs);
    }

    public void Clear()
    {
        Array.Clear(_sampleCounts);
        foreach (ChunkedBytes d in _data) d.Reset();
        Array.Clear(_runs);
    }

    public void Dispose()
    {
        for (int i = 0; i < _trackIds.Length; i++)
        {
            if (_samples[i].Length > 0) ArrayPool<FragmentSample>.Shared.Return(_samples[i]);
            _samples[i] = [];
            _data[i].Dispose();
        }
    }
}
