namespace VmsServices.SimCamera.Discovery;

/// <summary>
/// The d:AppSequence header (WS-Discovery 2005/04 §7): InstanceId grows with every start of the responder (its
/// start time in seconds) and MessageNumber with every message sent, so receivers can order and deduplicate.
/// </summary>
internal sealed class AppSequence(DateTimeOffset started)
{
    private long _messageNumber;

    public long InstanceId { get; } = started.ToUnixTimeSeconds();

    public string NextHeader() => $"<d:AppSequence InstanceId=\"{InstanceId}\" MessageNumber=\"{Interlocked.Increment(ref _messageNumber)}\"/>";
}
