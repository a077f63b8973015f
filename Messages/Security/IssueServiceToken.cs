namespace VmsServices.Messages;

/// <summary>
/// Request from a recording server for a token of its own, sent on its fetches from peers (seed 000
/// [0090]) so that no recording server serves video to an anonymous caller. Issued only to a
/// registered recording server; answered with <see cref="ServiceTokenReply"/>.
/// </summary>
public sealed record IssueServiceToken(string RecordingServerId);

/// <param name="Token">Null when refused (an unregistered server id).</param>
public sealed record ServiceTokenReply(string? Token, long ExpiresUtcMicros);
