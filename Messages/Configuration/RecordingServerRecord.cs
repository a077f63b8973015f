namespace VmsServices.Messages;

/// <summary>A recording server as registered at the management server; Address is its HTTP base URL.</summary>
public sealed record RecordingServerRecord(string Id, string Name, string Address);
