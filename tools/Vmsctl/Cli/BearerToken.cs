using System.Text.RegularExpressions;

namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// The token vmsctl sends (vmsctl login prints it): --token, else VMS_TOKEN. Checked before use, and
/// a bad one is described without being shown: an error message is where a secret leaks first.
/// </summary>
public static partial class BearerToken
{
    public const string Variable = "VMS_TOKEN";

    /// <summary>The token to send, or null for none; --token wins over the environment.</summary>
    public static string? Resolve(string? option, Func<string, string?> environment)
    {
        var (token, from) = option is { Length: > 0 } given ? (given, "--token") : (environment(Variable), Variable);
        if (string.IsNullOrEmpty(token)) return null;
        return Pattern().IsMatch(token)
            ? token
            : throw CliException.Usage($"{from} does not hold a token (letters, digits and - . _ ~ + / only); " +
                                       "vmsctl login --user <name> prints one.");
    }

    /// <summary>RFC 6750 section 2.1's b64token, which a compact JWS (three base64url parts) is.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9\-._~+/]+=*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
