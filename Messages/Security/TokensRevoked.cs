namespace VmsServices.Messages;

/// <summary>
/// Event: tokens that must no longer be accepted before they expire, published by the management
/// server when a user signs out (one token) or is deleted or has their password, role or devices
/// changed (every token of that user issued before). Every server refuses them from then on.
/// </summary>
public sealed record TokensRevoked(IReadOnlyList<TokenRevocation> Revocations);

/// <summary>
/// One revocation: the token <paramref name="TokenId"/> (its <c>jti</c>), or every token of
/// <paramref name="Subject"/> issued before <paramref name="IssuedBeforeUtcMicros"/>. Kept until
/// <paramref name="UntilUtcMicros"/>, after which the tokens it covers have expired anyway.
/// </summary>
public sealed record TokenRevocation(string? TokenId, string? Subject, long IssuedBeforeUtcMicros, long UntilUtcMicros);
