namespace VmsServices.SimCamera.Onvif.Auth;

/// <summary>Outcome of checking an HTTP Digest Authorization header.</summary>
internal enum DigestVerdict
{
    Valid,
    /// <summary>No Digest credentials at all.</summary>
    Missing,
    /// <summary>Wrong user, password, realm, URI, or a nonce this server never issued.</summary>
    Invalid,
    /// <summary>Right credentials on an expired nonce: the challenge says stale=TRUE (RFC 2617 §3.2.1).</summary>
    Stale,
    /// <summary>A nonce count already used with this nonce, or an RFC 2069 (no qop) nonce used twice.</summary>
    Replayed,
}
