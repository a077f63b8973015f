namespace VmsServices.Onvif.Discovery;

/// <summary>
/// Compares WS-Addressing message ids and endpoint addresses the way devices write them: some
/// echo "urn:uuid:X" as "uuid:X" or upper-case the hex digits, so both prefixes and case are ignored.
/// </summary>
internal static class MessageIds
{
    public static string Normalize(string id)
    {
        ReadOnlySpan<char> s = id.AsSpan().Trim();
        if (s.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
            s = s[4..];
        if (s.StartsWith("uuid:", StringComparison.OrdinalIgnoreCase))
            s = s[5..];
        return s.ToString().ToLowerInvariant();
    }

    public static bool Same(string? a, string b) => a is not null && Normalize(a) == Normalize(b);
}
