namespace VmsServices.Messages;

/// <summary>
/// The camera account for <paramref name="CredentialsRef"/>; <paramref name="Found"/> is false (and the
/// other members null) when the management server holds no such account for the asking server.
/// </summary>
public sealed record CameraCredentialsReply(string CredentialsRef, bool Found, string? UserName, string? Password)
{
    // A record prints every member; this one must never put the password in a log line or exception.
    public override string ToString() => $"CameraCredentialsReply {{ CredentialsRef = {CredentialsRef}, Found = {Found}, UserName = {UserName}, Password = *** }}";
}
