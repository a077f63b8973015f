namespace VmsServices.Messages;

/// <summary>
/// The management server (re)started. Recording servers refresh their configuration copy, so
/// changes whose events were lost while it was down converge.
/// </summary>
public sealed record ManagementStarted(long Version, long StartedUtcMicros);
