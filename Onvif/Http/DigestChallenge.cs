namespace VmsServices.Onvif.Http;

/// <summary>
/// One usable HTTP Digest challenge (RFC 7616 §3.3): MD5 or SHA-256 (and their -sess forms), with
/// qop "auth" or the legacy RFC 2069 form without qop. auth-int, userhash and other algorithms
/// are not supported and such challenges are skipped.
/// </summary>
internal sealed record DigestChallenge(string Realm, string Nonce, string? Opaque, string Algorithm, bool UseQop, bool Stale)
{
    /// <summary>
    /// The best usable Digest challenge among WWW-Authenticate values (SHA-256 before MD5, as
    /// RFC 7616 §3.7 asks), or null. <paramref name="offeredSchemes"/> names what the device asked for.
    /// </summary>
    public static DigestChallenge? SelectBest(IEnumerable<(string Scheme, string? Parameters)> challenges, out string offeredSchemes)
    {
        DigestChallenge? best = null;
        var schemes = new List<string>();
        foreach ((string scheme, string? parameters) in challenges)
        {
            schemes.Add(scheme);
            if (!scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase))
                continue;
            DigestChallenge? candidate = TryCreate(AuthParameters.Parse(parameters));
            if (candidate is not null && (best is null || Rank(candidate) > Rank(best)))
                best = candidate;
        }
        offeredSchemes = schemes.Count == 0 ? "none" : string.Join(", ", schemes.Distinct(StringComparer.OrdinalIgnoreCase));
        return best;
    }

    private static int Rank(DigestChallenge c) => c.Algorithm.StartsWith("SHA-256", StringComparison.OrdinalIgnoreCase) ? 1 : 0;

    private static DigestChallenge? TryCreate(Dictionary<string, string> p)
    {
        if (!p.TryGetValue("nonce", out string? nonce) || nonce.Length == 0)
            return null;
        // Sent back spelled as RFC 7616 §3.3 spells it, whatever case the device used.
        string? algorithm = p.GetValueOrDefault("algorithm", "MD5").ToUpperInvariant() switch
        {
            "MD5" => "MD5",
            "MD5-SESS" => "MD5-sess",
            "SHA-256" => "SHA-256",
            "SHA-256-SESS" => "SHA-256-sess",
            _ => null,
        };
        if (algorithm is null)
            return null;
        bool useQop = false;
        if (p.TryGetValue("qop", out string? qop))
        {
            useQop = qop.Split(',', StringSplitOptions.TrimEntries).Contains("auth", StringComparer.OrdinalIgnoreCase);
            if (!useQop)
                return null; // only auth-int offered
        }
        if (p.TryGetValue("userhash", out string? userhash) && userhash.Equals("true", StringComparison.OrdinalIgnoreCase))
            return null;
        bool stale = p.TryGetValue("stale", out string? s) && s.Equals("true", StringComparison.OrdinalIgnoreCase);
        return new DigestChallenge(p.GetValueOrDefault("realm", ""), nonce, p.GetValueOrDefault("opaque"), algorithm, useQop, stale);
    }
}
