namespace VmsServices.Hosting.Security;

/// <summary>
/// What a token says: who (<paramref name="Subject"/>, a user name or a recording server id), with
/// which role (<see cref="VmsRoles"/>), optionally limited to some devices (null: all), and when it
/// stops being accepted. <paramref name="Id"/> is unique per token, for the audit log.
/// </summary>
public sealed record AccessToken(
    string Subject,
    string Role,
    IReadOnlyList<string>? Devices,
    DateTimeOffset IssuedAt,
    DateTimeOffset Expires,
    string Id);
