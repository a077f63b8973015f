namespace VmsServices.Messages;

/// <summary>
/// A peripheral device (camera, microphone) as registered at the management server.
/// <paramref name="CredentialsRef"/> names a secret held elsewhere; passwords never travel in
/// configuration messages.
/// </summary>
public sealed record DeviceRecord(string Id, string Name, string StreamUrl, string? Address, string? CredentialsRef);
