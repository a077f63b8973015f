namespace VmsServices.Media.Rtp;

/// <summary>
/// Detects gaps in RTP sequence numbers (RFC 3550 §5.1, 16 bits, wrapping). A simplified
/// version of the RFC 3550 Appendix A.1 algorithm: forward jumps are accepted and reported as
/// loss; late or duplicate packets are rejected, unless two consecutive packets agree on a new
/// sequence (the sender restarted), which resynchronises.
/// </summary>
public sealed class RtpSequenceTracker
{
    private bool _initialized;
    private ushort _expected;
    private int _probation = -1;

    /// <summary>Total number of packets found missing so far.</summary>
    public long LostPackets { get; private set; }

    /// <summary>
    /// Returns false if the packet should be discarded (duplicate or out of date). Otherwise
    /// <paramref name="lossBefore"/> tells whether packets are missing before this one.
    /// </summary>
    public bool Accept(ushort sequenceNumber, out bool lossBefore)
    {
        lossBefore = false;
        if (!_initialized)
        {
            _initialized = true;
            _expected = unchecked((ushort)(sequenceNumber + 1));
            return true;
        }

        ushort delta = unchecked((ushort)(sequenceNumber - _expected));
        if (delta == 0)
        {
            _expected = unchecked((ushort)(sequenceNumber + 1));
            _probation = -1;
            return true;
        }
        if (delta < 0x8000)
        {
            LostPackets += delta;
            lossBefore = true;
            _expected = unchecked((ushort)(sequenceNumber + 1));
            _probation = -1;
            return true;
        }
        // Behind the expected sequence: a duplicate/late packet, or the sender restarted.
        if (_probation == sequenceNumber)
        {
            lossBefore = true;
            _expected = unchecked((ushort)(sequenceNumber + 1));
            _probation = -1;
            return true;
        }
        _probation = unchecked((ushort)(sequenceNumber + 1));
        return false;
    }

    public void Reset()
    {
        _initialized = false;
        _probation = -1;
    }
}
